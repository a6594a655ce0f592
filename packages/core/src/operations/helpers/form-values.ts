/**
 * Readers for parameters as node forms give them: text that may be blank, lists typed as
 * "a, b, c", booleans that arrive as "true", numbers as text. Each names the field it refuses, so both
 * adapters show the same message for the same mistake.
 */
import { ValidationError } from '../../errors/errors.js';
import { optionalChoice } from '../../seams/validate.js';

export function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    throw new ValidationError({
      field,
      message: `"${field}" must be text; got ${Array.isArray(value) ? 'a list' : typeof value}.`,
    });
  }
  const text = value.trim();
  return text === '' ? undefined : text;
}

export function requiredText(value: unknown, field: string, example: string): string {
  const text = optionalText(value, field);
  if (text === undefined)
    throw new ValidationError({ field, message: `"${field}" is empty: enter ${example}.` });
  return text;
}

/** A list given as an array or as text separated by commas or line breaks; blanks and repeats dropped. */
export function listOf(value: unknown, field: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\n]/) : undefined;
  if (parts === undefined) {
    throw new ValidationError({
      field,
      message: `"${field}" must be a list or text separated by commas; got ${typeof value}.`,
    });
  }
  const items: string[] = [];
  for (const part of parts) {
    if (typeof part !== 'string' && typeof part !== 'number') {
      throw new ValidationError({
        field,
        message: `"${field}" must hold text values; one of them is ${part === null ? 'null' : typeof part}.`,
      });
    }
    const text = String(part).trim();
    if (text !== '' && !items.includes(text)) items.push(text);
  }
  return items;
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ValidationError({
    field,
    message: `"${field}" must be true or false; got ${JSON.stringify(value)}.`,
  });
}

/** A number given as a number or as plain decimal text (`"12.5"`, not `"1e3"` or `"0x10"`); NaN otherwise. */
export function numberFromForm(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
}

/** A number given as a number or as plain decimal text, within [min, max]. */
export function optionalNumber(
  value: unknown,
  field: string,
  bounds: { min?: number; max?: number; whole?: boolean } = {},
): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = numberFromForm(value);
  const { min, max, whole } = bounds;
  const range =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` of at least ${min}`
        : max !== undefined
          ? ` of at most ${max}`
          : '';
  if (
    !Number.isFinite(number) ||
    (whole === true && !Number.isInteger(number)) ||
    (min !== undefined && number < min) ||
    (max !== undefined && number > max)
  ) {
    throw new ValidationError({
      field,
      message: `"${field}" must be a ${whole === true ? 'whole number' : 'number'}${range}; got ${JSON.stringify(value)}.`,
    });
  }
  return number;
}

export function requiredNumber(
  value: unknown,
  field: string,
  bounds: { min?: number; max?: number; whole?: boolean } = {},
): number {
  const number = optionalNumber(value, field, bounds);
  if (number === undefined)
    throw new ValidationError({ field, message: `"${field}" is empty: enter a number.` });
  return number;
}

/** `returnAll` and `limit` as n8n forms name them: how many items at most, or undefined for all. */
export function itemLimit(
  params: { returnAll?: unknown; limit?: unknown },
  defaultLimit = 50,
): number | undefined {
  const returnAll = optionalBoolean(params.returnAll, 'returnAll');
  if (returnAll !== false && params.limit === undefined) return undefined;
  if (returnAll === true) return undefined;
  return optionalNumber(params.limit, 'limit', { min: 1, whole: true }) ?? defaultLimit;
}

/** One of a fixed set of choices, or the default when blank. */
export function choice<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[],
  fallback: T,
): T {
  return optionalChoice(value, field, allowed) ?? fallback;
}

/** A JSON object given as an object or as JSON text (n8n's JSON fields, Node-RED's msg properties). */
export function jsonObject(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch (error) {
      throw new ValidationError({
        field,
        message: `"${field}" is not valid JSON (${error instanceof Error ? error.message : 'unreadable'}): enter an object such as { "first": 10 }.`,
      });
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError({
      field,
      message: `"${field}" must be a JSON object such as { "first": 10 }; got ${Array.isArray(parsed) ? 'a list' : typeof parsed}.`,
    });
  }
  return parsed as Record<string, unknown>;
}
