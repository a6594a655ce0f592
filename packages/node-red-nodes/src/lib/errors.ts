/**
 * The one place where failures become what a Node-RED user sees: a short red status on the node and an
 * Error for `done(err)`, so Catch nodes receive it with the message. Core's errors are already redacted
 * and say what to do; anything else (a bug) is reported by its message only, never with a stack in the
 * status.
 */
import { BatchError, EcoStruxureError, isReauthorizationRequired } from '@ecostruxure-connector/core';
import { emissionsFailureContext } from '@ecostruxure-connector/core/advanced';
import type { NodeStatus } from './node-red.js';

/** Status text is a one-line hint under the node; the full message goes to the Catch node and debug. */
const STATUS_LIMIT = 60;

/** Catalog keys shared by every node live in the account node's catalog (see `messages.ts`). */
export type Translate = (key: string, substitutions?: Record<string, string | number>) => string;

export interface ReportedFailure {
  status: NodeStatus;
  error: Error;
}

function shorten(text: string): string {
  return text.length <= STATUS_LIMIT ? text : `${text.slice(0, STATUS_LIMIT - 1)}…`;
}

/** Also true for a batch (several sites) in which one item's grant was refused: core decides. */
export { isReauthorizationRequired };

/**
 * The cause in a few words, first: "404 Not Found", "network error", or a refused input's own message
 * (which names the field first). Where it happened (which site) follows; the full message with what to
 * do goes to the Catch node.
 */
function causeOf(error: unknown, translate: Translate): string {
  if (!(error instanceof EcoStruxureError)) return error instanceof Error ? error.message : String(error);
  if (error.code === 'VALIDATION_FAILED') return error.message;
  const title = (error as { problem?: { title?: unknown } }).problem?.title;
  const words = typeof title === 'string' && title !== '' ? title : translate(`status.cause.${error.code}`);
  return error.httpCode === undefined ? words : `${error.httpCode} ${words}`;
}

function statusText(error: unknown, translate: Translate): string {
  if (error instanceof BatchError && error.failures[0] !== undefined) {
    const [first] = error.failures;
    return translate('status.batchFailed', {
      failed: error.failures.length,
      total: error.total,
      cause: `${causeOf(first.error, translate)} (${first.label})`,
    });
  }
  const site = emissionsFailureContext(error)?.siteId;
  return site === undefined ? causeOf(error, translate) : `${causeOf(error, translate)} (site ${site})`;
}

export function reportFailure(error: unknown, translate: Translate): ReportedFailure {
  const revoked = isReauthorizationRequired(error);
  const message = error instanceof Error ? error.message : String(error);
  const status: NodeStatus = {
    fill: 'red',
    shape: 'ring',
    text: revoked ? translate('status.consentRevoked') : shorten(statusText(error, translate)),
  };
  if (!(error instanceof EcoStruxureError)) return { status, error: withoutTrace(new Error(message)) };
  const description = (error as { description?: unknown }).description;
  const full = typeof description === 'string' && description !== '' ? `${message} ${description}` : message;
  const reported = new Error(full);
  // Node-RED copies `code` into the Catch node's msg.error, so flows can branch on it.
  Object.assign(reported, { code: error.code });
  return { status, error: withoutTrace(reported) };
}

/**
 * Node-RED shows an error as `String(error)`, "<name>: <message>": with no name it is the message alone,
 * so a user reads what happened, not a class name ("ValidationError:"); `msg.error.code` says the kind.
 * The stack would only show this package's bundled internals: the Catch node and the debug sidebar get
 * the message alone.
 */
function withoutTrace(error: Error): Error {
  error.name = '';
  error.stack = error.message;
  return error;
}
