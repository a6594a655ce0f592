/**
 * Redaction for the request log. The log is served over the control API and printed in test failures, so
 * it must never hold a credential: tokens, secrets, codes and API keys are replaced before storing.
 */
import type { IncomingHttpHeaders } from 'node:http';

export const REDACTED = '[REDACTED]';

/** Query parameters that carry credentials (compared case-insensitively). */
const SECRET_QUERY_PARAMS = new Set([
  'apikey',
  'api_key',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'client_secret',
  'client_assertion',
  'assertion',
  'code',
  'code_verifier',
  'password',
]);

/** Body fields that carry credentials, in form and JSON bodies at any depth (compared case-insensitively). */
const SECRET_BODY_FIELDS = new Set([
  'client_secret',
  'client_assertion',
  'assertion',
  'refresh_token',
  'access_token',
  'id_token',
  'token',
  'code',
  'code_verifier',
  'password',
  'apikey',
  'api_key',
  // The consent page's transaction id: whoever holds it can approve the authorization request.
  'transaction',
]);

/** Headers whose value is `<scheme> <credentials>`; the scheme is kept because it helps debugging. */
const SCHEME_HEADERS = new Set(['authorization', 'proxy-authorization']);
/** Headers whose whole value is a credential. */
const SECRET_HEADERS = new Set(['x-api-key', 'apikey']);

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // A malformed escape is still a name to compare; use it as sent.
    return text;
  }
};

/** Replaces the values of secret query parameters, keeping the URL otherwise exactly as sent. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals === -1 ? pair : pair.slice(0, equals);
      if (!SECRET_QUERY_PARAMS.has(decode(rawName).toLowerCase())) return pair;
      return `${rawName}=${REDACTED}`;
    })
    .join('&');
  return `${url.slice(0, queryStart)}?${query}`;
}

function redactSchemeValue(value: string): string {
  const scheme = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+\S/.exec(value)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

/** Keeps cookie names (they say which session mechanism was used) and drops their values. */
function redactCookies(value: string): string {
  return value
    .split(';')
    .map((pair) => {
      const name = pair.split('=')[0]?.trim() ?? '';
      return name ? `${name}=${REDACTED}` : '';
    })
    .filter((pair) => pair !== '')
    .join('; ');
}

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    const lower = name.toLowerCase();
    if (SCHEME_HEADERS.has(lower)) result[name] = redactSchemeValue(value);
    else if (SECRET_HEADERS.has(lower)) result[name] = REDACTED;
    else if (lower === 'cookie') result[name] = redactCookies(value);
    else result[name] = value;
  }
  return result;
}

/** A copy of a parsed body with secret fields replaced, at any depth of objects and arrays. */
export function redactBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactBody);
  if (typeof body === 'object' && body !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      result[key] = SECRET_BODY_FIELDS.has(key.toLowerCase()) ? REDACTED : redactBody(value);
    }
    return result;
  }
  return body;
}
