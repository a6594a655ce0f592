/**
 * What an HTTP answer says beyond its status, read the same way by the request pipeline (http/) and the
 * token endpoint (auth/): how long Retry-After asks to wait, and whether a refusal is about a stale token.
 */
import type { TransportResponse } from './transport.js';

/** Longest wait a Retry-After value can express here (a day): protects against absurd dates and overflow. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Reads a Retry-After header: delta-seconds (`120`) or an HTTP date. A date is measured against the
 * response's own `Date` header when there is one, so the wait is right even when the client's clock
 * disagrees with the server's; only without it does `now` (the client's clock) stand in. Returns
 * milliseconds in [0, maxMs], or undefined when the value is missing or unreadable.
 */
export function parseRetryAfter(
  value: string | undefined,
  serverDateHeader: string | undefined,
  now: number,
  maxMs: number = MAX_RETRY_AFTER_MS,
): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  let delayMs: number;
  if (/^\d+$/.test(text)) {
    delayMs = Number(text) * 1000;
  } else {
    const at = parseHttpDate(text);
    if (at === undefined) return undefined;
    const serverNow = serverDateHeader === undefined ? undefined : parseHttpDate(serverDateHeader.trim());
    delayMs = at - (serverNow ?? now);
  }
  if (!Number.isFinite(delayMs)) return maxMs;
  return Math.min(Math.max(0, delayMs), maxMs);
}

function parseHttpDate(text: string): number | undefined {
  // HTTP dates always name a weekday or month; a bare number here is not a date (Date.parse would accept it).
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}

/** Reads `key="value"` (or unquoted) parameters of a WWW-Authenticate challenge. */
export function authChallengeParam(header: string | undefined, key: string): string | undefined {
  if (!header) return undefined;
  const match = new RegExp(`\\b${key}\\s*=\\s*(?:"([^"]*)"|([^\\s,]+))`, 'i').exec(header);
  return match?.[1] ?? match?.[2];
}

/**
 * Whether a 403 really means "this token is stale" rather than "this token may not": some gateways
 * answer 403 to expired client-credentials tokens, and refreshing is then the fix (a refusal for a missing
 * scope is not, and says so with `insufficient_scope`).
 */
export function looksLikeTokenProblem(response: TransportResponse): boolean {
  const challenge = response.headers['www-authenticate'];
  if (authChallengeParam(challenge, 'error') === 'insufficient_scope') return false;
  if (authChallengeParam(challenge, 'error') === 'invalid_token') return true;
  return /invalid[_ ]token|token[^.]{0,40}\b(expired|invalid|revoked|not active)|expired[^.]{0,20}token|UNAUTHENTICATED/i.test(
    response.body,
  );
}
