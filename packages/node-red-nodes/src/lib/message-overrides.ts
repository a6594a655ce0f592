/**
 * Values a message may set in place of the node's form, when the node allows it (its "Let msg …
 * override" box): only the properties the help text lists, and only when present. Core checks each
 * value; a refused one is reported under its msg name, so the user knows the message was at fault, not
 * the form.
 */
import { ValidationError } from '@ecostruxure-connector/core';
import type { NodeMessage } from './node-red.js';

export function messageOverrides(
  msg: NodeMessage,
  properties: readonly string[],
  allowed: boolean,
): Record<string, unknown> {
  if (!allowed) return {};
  const overrides: Record<string, unknown> = {};
  for (const property of properties) {
    const value = msg[property];
    if (value !== undefined && value !== null && value !== '') overrides[property] = value;
  }
  return overrides;
}

/** Runs `work`; a refusal of a value the message set names `msg.<property>`. */
export async function namingMessageProperties<T>(
  overrides: Record<string, unknown>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError && error.field !== undefined && error.field in overrides) {
      throw new ValidationError({
        field: `msg.${error.field}`,
        message: `msg.${error.field} was refused: ${error.message}`,
        description: `Correct the value the message sets, or untick the node's "Let msg … override" box.`,
      });
    }
    throw error;
  }
}
