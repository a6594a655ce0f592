/**
 * Secret redaction. Two layers, because either alone leaks: known secret values (registered by the auth
 * strategies as they learn them) are replaced wherever they appear, and well-known shapes (Bearer tokens,
 * Basic credentials, `apikey=` parameters, token fields in JSON or form bodies) are masked even when the
 * value was never registered.
 */

export const REDACTED = '[REDACTED]';

const SECRET_FIELD_NAMES = [
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'code_verifier',
  'code',
  'apikey',
  'api_key',
  'x-api-key',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'apiKey',
];

const fieldAlternation = SECRET_FIELD_NAMES.map((name) => name.replace(/[-]/g, '\\-')).join('|');

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  // Authorization header values. A plain lower-case word after the scheme is prose ("an HTTP Basic
  // header", "Bearer tokens"), not a credential: tokens and Base64 always mix in capitals, digits or signs.
  [/\b(Bearer|Basic)\s+(?![a-z]+(?:[\s,;:)\]"']|\.(?:\s|$)|$))[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // JSON fields: "access_token":"..."
  [new RegExp(`("(?:${fieldAlternation})"\\s*:\\s*")[^"]*(")`, 'gi'), `$1${REDACTED}$2`],
  // Query strings and form bodies: apikey=...&
  [new RegExp(`([?&;\\s]|^)((?:${fieldAlternation})=)[^&\\s"';]*`, 'gi'), `$1$2${REDACTED}`],
  // Header lines or logged objects: x-api-key: ...
  [/\b(x-api-key|authorization)(['"]?\s*[:=]\s*['"]?)(?!\[REDACTED\])[^'",\s}]+/gi, `$1$2${REDACTED}`],
];

/** Known secret values, shared by everything that builds messages for one client. */
export class SecretRegistry {
  private readonly secrets = new Set<string>();
  /** Sorted lazily and only after a change: redaction runs on every log line and error. */
  private sorted: string[] | undefined;

  /** Longest first, so a secret containing another is replaced whole. */
  private longestFirst(): string[] {
    this.sorted ??= [...this.secrets].sort((a, b) => b.length - a.length);
    return this.sorted;
  }

  /** Remembers a secret value; values shorter than 4 characters are ignored (they would mangle text). */
  add(value: string | undefined | null): void {
    if (typeof value === 'string' && value.length >= 4) {
      this.sorted = undefined;
      this.secrets.add(value);
      // Secrets also travel URL- and Base64-encoded (query strings, Basic credentials).
      this.secrets.add(encodeURIComponent(value));
    }
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.longestFirst()) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return redactSecretPatterns(result);
  }
}

/** Masks secrets by their shape alone. */
export function redactSecretPatterns(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** Redacts every string inside a JSON-like value (for logs and serialized errors). */
export function redactValue(
  value: unknown,
  redact: (text: string) => string = redactSecretPatterns,
): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const isSecretKey = SECRET_FIELD_NAMES.some((name) => name.toLowerCase() === key.toLowerCase());
      result[key] = isSecretKey && typeof item === 'string' ? REDACTED : redactValue(item, redact);
    }
    return result;
  }
  return value;
}
