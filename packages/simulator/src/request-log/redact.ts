/**
 * Redaction for the request log. The log is served over the control API and printed in test failures, so
 * it must never hold a credential: tokens, secrets, codes and API keys are replaced before storing.
 */
import type { IncomingHttpHeaders } from 'node:http';

export const REDACTED = '[REDACTED]';

/**
 * Any name that says it carries a credential, wherever it is: header, query parameter, or form or JSON
 * field at any depth. A pattern rather than a list, so `x-forwarded-authorization` or `client_secret[x]`
 * are caught without anyone having thought of them.
 */
const SECRET_NAME = /authorization|token|secret|password|key|cookie|session/i;
/**
 * Credentials whose names do not say so: OAuth codes and assertions, and the consent page's transaction
 * id (whoever holds it can approve the authorization request).
 */
const SECRET_NAMES = new Set(['code', 'code_verifier', 'assertion', 'client_assertion', 'transaction']);

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) || SECRET_NAMES.has(name.toLowerCase());
}

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
      if (!isSecretName(decode(rawName))) return pair;
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
    // The scheme of any *authorization header and the cookie names help debugging and reveal nothing.
    if (lower.includes('authorization')) result[name] = redactSchemeValue(value);
    else if (lower === 'cookie') result[name] = redactCookies(value);
    else if (isSecretName(lower)) result[name] = REDACTED;
    else result[name] = value;
  }
  return result;
}

/**
 * What the log keeps of one body: enough to assert on a token request or a GraphQL query, never a whole
 * upload. The log holds thousands of requests and anyone can send them, credentials or not.
 */
export const BODY_EXCERPT_LIMITS = {
  /** Characters of strings and keys kept per body. */
  characters: 8192,
  /** Objects and arrays below this depth are replaced by a marker. */
  depth: 16,
} as const;

export const TRUNCATED = '[TRUNCATED]';

/**
 * A bounded copy of a parsed body with secret fields replaced, at any depth it keeps: strings are cut,
 * and what is past the character budget or the depth limit becomes `[TRUNCATED]`.
 */
export function redactBody(body: unknown): unknown {
  let left: number = BODY_EXCERPT_LIMITS.characters;
  const copy = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') {
      const kept = value.length <= left ? value : `${value.slice(0, Math.max(0, left))}${TRUNCATED}`;
      left -= value.length;
      return kept;
    }
    if (typeof value !== 'object' || value === null) {
      left -= 8;
      return value;
    }
    if (depth >= BODY_EXCERPT_LIMITS.depth) return TRUNCATED;
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const item of value) {
        if (left <= 0) return [...items, TRUNCATED];
        items.push(copy(item, depth + 1));
      }
      return items;
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (left <= 0) {
        result[TRUNCATED] = TRUNCATED;
        break;
      }
      left -= key.length;
      result[key] = isSecretName(key) ? REDACTED : copy(item, depth + 1);
    }
    return result;
  };
  return copy(body, 0);
}
