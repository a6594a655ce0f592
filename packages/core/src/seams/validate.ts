/**
 * The checks every layer shares for what a user typed: text, URLs, scopes, durations, instants. A value
 * typed into n8n or Node-RED is often blank, padded with spaces or pasted into the wrong field; catching
 * that here gives a message naming the field and saying what to enter, instead of an opaque
 * `invalid_client` or 400 from the server later.
 */
import { ValidationError } from '../errors/errors.js';
import { redactSecretPatterns } from '../errors/redact.js';
import { EXPECTED_INSTANT, readInstant } from './instant.js';

const SCHEME = '[a-z][a-z\\d+.-]*:\\/\\/';
const HAS_SCHEME = new RegExp(`^${SCHEME}`, 'i');
const USERINFO = new RegExp(`^(${SCHEME})[^/?#@]*@`, 'i');

/**
 * Why an entered value is not a URL, quoting it only when that is safe. A token or secret pasted into the
 * wrong field is a common cause and must not reach a message or a log; none of them starts with a scheme,
 * so only text that does is quoted (without any user:password@, cut short).
 */
function notAUrlProblem(text: string, label: string, example: string): string {
  if (!HAS_SCHEME.test(text)) {
    return `${label} is not a URL: it does not start with https:// (the value is not repeated here, in case it is a secret pasted into the wrong field). Enter a full URL such as ${example}.`;
  }
  const shown = redactSecretPatterns(text.replace(USERINFO, '$1'));
  return `${label} "${shown.length > 80 ? `${shown.slice(0, 80)}...` : shown}" is not a URL: enter a full URL such as ${example}.`;
}

/** A required text option, trimmed (copy and paste often adds spaces or a line break). */
export function requireText(value: unknown, field: string, label: string, whatToEnter: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError({ field, label, message: `${label} is empty: enter ${whatToEnter}.` });
  }
  return value.trim();
}

/** A required absolute http(s) URL; http is allowed for the local simulator. */
export function requireHttpUrl(value: unknown, field: string, label: string, example: string): string {
  const text = requireText(value, field, label, `the ${label.toLowerCase()}, e.g. ${example}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError({ field, label, message: notAUrlProblem(text, label, example) });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError({
      field,
      label,
      message: `${label} must start with https:// (or http:// for a local simulator), got "${url.protocol}": enter a URL such as ${example}.`,
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError({
      field,
      label,
      message: `${label} must not contain a user name or password: enter the client ID and secret in their own fields.`,
    });
  }
  return url.href;
}

// RFC 6749 §3.3: scope tokens are printable ASCII except space, `"` and `\`.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** Scopes as a list or a space/comma separated string; returns the distinct tokens in order. */
export function normalizeScopes(value: unknown, field = 'scopes'): string[] {
  if (value === undefined || value === null) return [];
  let parts: string[];
  if (typeof value === 'string') parts = value.split(/[\s,]+/);
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    parts = (value as string[]).flatMap((item) => item.split(/[\s,]+/));
  else {
    throw new ValidationError({
      field,
      message: 'Scopes must be text: enter them separated by spaces, e.g. read:site read:carbon-emission.',
    });
  }
  const scopes: string[] = [];
  for (const part of parts) {
    if (part === '') continue;
    if (!SCOPE_TOKEN.test(part)) {
      throw new ValidationError({
        field,
        message: `The scope "${part}" contains characters scopes cannot have: enter scopes such as read:site read:carbon-emission.`,
      });
    }
    if (!scopes.includes(part)) scopes.push(part);
  }
  return scopes;
}

/** An optional duration option in milliseconds: a finite number >= 0. */
export function optionalDuration(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError({
      field,
      message: `${field} must be a number of milliseconds (0 or more), got ${String(value)}.`,
    });
  }
  return value;
}

const CLIENT_AUTHENTICATION_ALIASES: Record<string, 'client_secret_basic' | 'client_secret_post'> = {
  client_secret_basic: 'client_secret_basic',
  client_secret_post: 'client_secret_post',
  // The names this option had before it followed RFC 7591; kept so existing settings keep working.
  basic: 'client_secret_basic',
  body: 'client_secret_post',
};

/** `client_secret_basic` or `client_secret_post` (or their older names `basic` and `body`). */
export function clientAuthenticationOf(
  value: unknown,
  fallback: 'client_secret_basic' | 'client_secret_post',
): 'client_secret_basic' | 'client_secret_post' {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && Object.hasOwn(CLIENT_AUTHENTICATION_ALIASES, value)) {
    return CLIENT_AUTHENTICATION_ALIASES[value] as 'client_secret_basic' | 'client_secret_post';
  }
  throw new ValidationError({
    field: 'clientAuthentication',
    message: `Client authentication must be "client_secret_basic" (HTTP Basic header) or "client_secret_post" (client ID and secret in the request body), got "${String(value)}".`,
  });
}

/** `raw` (seed 001, the default) or `form-urlencoded` (RFC 6749 Appendix B). */
export function basicCredentialsEncodingOf(value: unknown): 'raw' | 'form-urlencoded' {
  if (value === undefined) return 'raw';
  if (value === 'raw' || value === 'form-urlencoded') return value;
  throw new ValidationError({
    field: 'basicCredentialsEncoding',
    message: `Basic credentials encoding must be "raw" (Base64 of client_id:client_secret as typed) or "form-urlencoded" (each form-encoded first, RFC 6749 Appendix B), got "${String(value)}".`,
  });
}

/**
 * Reads a user-supplied instant (see time/instant.ts). A date-time without an offset is refused: it
 * would mean a different instant depending on the machine's time zone.
 */
export function parseInstant(field: string, value: string | Date): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw new ValidationError({
        field,
        message: `"${field}" is an invalid Date: pass a valid Date or ${EXPECTED_INSTANT}.`,
      });
    return value;
  }
  const parsed = readInstant(typeof value === 'string' ? value.trim() : value);
  if (parsed === undefined) {
    throw new ValidationError({
      field,
      message: `"${field}" must be ${EXPECTED_INSTANT}; got ${typeof value === 'string' ? `"${value}"` : typeof value}. Check the format, the day of the month and the time (hours 0-23, minutes 0-59).`,
    });
  }
  return parsed.date;
}

/**
 * A value from a fixed vocabulary (granularities, methods, a form's choices), or undefined when blank;
 * anything else is refused naming the field and every choice. The one check for every vocabulary.
 */
export function optionalChoice<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ValidationError({
    field,
    message: `"${field}" must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`,
  });
}
