/**
 * Body and parameter checks for the control API. Every failure is a 400 problem whose `invalidParams`
 * names the offending field, so a test that misuses the API learns exactly what to fix.
 */
import type { EnergyHubAlarmInput } from '../context.js';
import { ALL_SCOPES } from '../options.js';
import { badRequest, type InvalidParam } from '../problem.js';
import { CATEGORIES, PRIORITIES, SOURCES } from '../energy-hub/alarms.js';

type JsonObject = Record<string, unknown>;

/** An absent body (no content type) counts as `{}` so POSTs without options need no payload. */
export function objectBody(body: unknown): JsonObject {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest([{ name: 'body', reason: 'must be a JSON object' }]);
  }
  return body as JsonObject;
}

/** Rejects fields the route does not know, so a misspelt option is not silently ignored. */
export function rejectUnknownFields(body: JsonObject, known: readonly string[]): InvalidParam[] {
  return Object.keys(body)
    .filter((field) => !known.includes(field))
    .map((field) => ({ name: field, reason: `unknown field; expected ${known.join(', ') || 'none'}` }));
}

export function throwIfInvalid(issues: InvalidParam[]): void {
  if (issues.length > 0) throw badRequest(issues);
}

/** `scopes` is optional; when given it must be a non-empty list of known scopes. */
export function parseScopes(body: JsonObject): string[] | undefined {
  const issues = rejectUnknownFields(body, ['scopes']);
  const scopes = body.scopes;
  let result: string[] | undefined;
  if (scopes !== undefined) {
    if (
      !Array.isArray(scopes) ||
      scopes.length === 0 ||
      !scopes.every((scope) => typeof scope === 'string')
    ) {
      issues.push({ name: 'scopes', reason: 'must be a non-empty array of strings' });
    } else {
      const unknown = scopes.filter((scope) => !(ALL_SCOPES as readonly string[]).includes(scope));
      if (unknown.length > 0) {
        issues.push({
          name: 'scopes',
          reason: `unknown scope ${unknown.join(', ')}; expected ${ALL_SCOPES.join(', ')}`,
        });
      } else result = [...new Set(scopes)];
    }
  }
  throwIfInvalid(issues);
  return result;
}

export function parseInteger(
  body: JsonObject,
  field: string,
  { min, max }: { min?: number; max?: number } = {},
): number {
  const issues = rejectUnknownFields(body, [field]);
  const value = body[field];
  const range =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` of at least ${min}`
        : '';
  if (value === undefined) issues.push({ name: field, reason: 'is required' });
  else if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    (min !== undefined && value < min) ||
    (max !== undefined && value > max)
  ) {
    issues.push({ name: field, reason: `must be an integer${range}` });
  }
  throwIfInvalid(issues);
  return value as number;
}

export function parseOptionalReason(body: JsonObject): string | undefined {
  const issues = rejectUnknownFields(body, ['reason']);
  if (body.reason !== undefined && (typeof body.reason !== 'string' || body.reason.trim() === '')) {
    issues.push({ name: 'reason', reason: 'must be a non-empty string' });
  }
  throwIfInvalid(issues);
  return body.reason as string | undefined;
}

const ALARM_STRING_FIELDS = ['thingId', 'type', 'detail'] as const;

export function parseAlarmInput(body: JsonObject): EnergyHubAlarmInput {
  const issues = rejectUnknownFields(body, [...ALARM_STRING_FIELDS, 'category', 'priority', 'source']);
  const input: EnergyHubAlarmInput = {};
  for (const field of ALARM_STRING_FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({ name: field, reason: 'must be a non-empty string' });
    } else input[field] = value;
  }
  const oneOf = <T extends string>(field: string, allowed: readonly T[]): T | undefined => {
    const value = body[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      issues.push({ name: field, reason: `must be one of ${allowed.join(', ')}` });
      return undefined;
    }
    return value as T;
  };
  const category = oneOf('category', CATEGORIES);
  const priority = oneOf('priority', PRIORITIES);
  const source = oneOf('source', SOURCES);
  if (category) input.category = category;
  if (priority) input.priority = priority;
  if (source) input.source = source;
  throwIfInvalid(issues);
  return input;
}

/** `pathPrefix` filters the request log; it is compared with request paths, so it must start with `/`. */
export function parsePathPrefix(query: unknown): string | undefined {
  const params = (typeof query === 'object' && query !== null ? query : {}) as JsonObject;
  const issues = rejectUnknownFields(params, ['pathPrefix']);
  const value = params.pathPrefix;
  if (value !== undefined && (typeof value !== 'string' || !value.startsWith('/'))) {
    issues.push({ name: 'pathPrefix', reason: 'must be a path starting with "/"' });
  }
  throwIfInvalid(issues);
  return value as string | undefined;
}
