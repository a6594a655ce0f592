/**
 * The deadline both Node transports enforce over a whole exchange (connect, headers and body), rather
 * than per socket read, and the mapping of whatever the library threw to a secret-free TransportFailure.
 */
import { redactSecretPatterns } from '../errors/redact.js';
import { RESPONSE_TOO_LARGE, TransportFailure } from '../seams/transport.js';

export async function withDeadline<T>(
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  exchange: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.abort();
  }, timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, deadline.signal]) : deadline.signal;
  try {
    return await exchange(signal);
  } catch (error) {
    throw toTransportFailure(error, timedOut, timeoutMs, callerSignal?.aborted === true);
  } finally {
    clearTimeout(timer);
  }
}

/** Builds a fresh failure from the code alone: the library's error (config, headers, request) is dropped. */
function toTransportFailure(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
  aborted: boolean,
): TransportFailure {
  if (timedOut) return new TransportFailure(`no response within ${timeoutMs} ms`, 'ETIMEDOUT', true);
  if (aborted) return new TransportFailure('the request was cancelled', 'ABORTED', false);
  const code = networkCode(error);
  if (code === RESPONSE_TOO_LARGE)
    return new TransportFailure('the response body exceeded the size limit', code, false);
  const detail = error instanceof Error ? redactSecretPatterns(error.message) : 'unknown failure';
  return new TransportFailure(`${code}: ${detail}`, code, code === 'ETIMEDOUT');
}

/** Libraries put the system code on the error or on its cause; prefer the system one. */
function networkCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'UND_ERR_SOCKET') return 'ECONNRESET'; // undici: the other side closed the socket
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return RESPONSE_TOO_LARGE;
  // axios has no code of its own for it, only this message.
  if (error instanceof Error && /^maxContentLength size of \d+ exceeded/.test(error.message))
    return RESPONSE_TOO_LARGE;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/** Lower-cased, single-string headers whatever the library returned. */
export function flattenHeaders(raw: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
  return headers;
}
