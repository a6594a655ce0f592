/**
 * The one place where failures become what a Node-RED user sees: a short red status on the node and an
 * Error for `done(err)`, so Catch nodes receive it with the message. Core's errors are already redacted
 * and say what to do; anything else (a bug) is reported by its message only, never with a stack in the
 * status.
 */
import { EcoStruxureError, isReauthorizationRequired } from '@ecostruxure-connector/core';
import type { NodeStatus } from './node-red.js';

/** Status text is a one-line hint under the node; the full message goes to the Catch node and debug. */
const STATUS_LIMIT = 60;

/** Catalog keys shared by every node live in the account node's catalog (see `messages.ts`). */
export type Translate = (key: string) => string;

export interface ReportedFailure {
  status: NodeStatus;
  error: Error;
}

function shorten(text: string): string {
  return text.length <= STATUS_LIMIT ? text : `${text.slice(0, STATUS_LIMIT - 1)}…`;
}

/** Also true for a batch (several sites) in which one item's grant was refused: core decides. */
export { isReauthorizationRequired };

export function reportFailure(error: unknown, translate: Translate): ReportedFailure {
  const revoked = isReauthorizationRequired(error);
  const message = error instanceof Error ? error.message : String(error);
  const status: NodeStatus = {
    fill: 'red',
    shape: 'ring',
    text: revoked ? translate('status.consentRevoked') : shorten(message),
  };
  if (!(error instanceof EcoStruxureError)) return { status, error: withoutTrace(new Error(message)) };
  const description = (error as { description?: unknown }).description;
  const full = typeof description === 'string' && description !== '' ? `${message} ${description}` : message;
  const reported = new Error(full);
  reported.name = error.name;
  // Node-RED copies `code` into the Catch node's msg.error, so flows can branch on it.
  Object.assign(reported, { code: error.code });
  return { status, error: withoutTrace(reported) };
}

/**
 * The stack would only show this package's bundled internals, never what the user should change: the
 * Catch node and the debug sidebar get the message alone.
 */
function withoutTrace(error: Error): Error {
  error.stack = `${error.name}: ${error.message}`;
  return error;
}
