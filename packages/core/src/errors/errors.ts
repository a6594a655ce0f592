/**
 * Typed errors. Every message says what happened and what to do about it, and none ever carries a
 * secret: messages, `details` and `cause` are redacted when the error is built, and `toJSON()` is what
 * adapters put in node outputs.
 */
import { redactSecretPatterns, redactValue } from './redact.js';

export type ErrorCode =
  | 'API_ERROR'
  | 'AUTHENTICATION_FAILED'
  | 'REAUTHORIZATION_REQUIRED'
  | 'PERMISSION_DENIED'
  | 'RATE_LIMITED'
  | 'VALIDATION_FAILED'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'GRAPHQL_ERROR'
  | 'INVALID_RESPONSE'
  /** Some items of a batch (several sites, pages or windows) failed; each failure is listed. */
  | 'BATCH_FAILED';

export interface ErrorContext {
  /** e.g. `GET /ecostruxure/carbon-emission/v1/sites` (never with a query string). */
  request?: string;
  /** The server's request ID, for support tickets. */
  requestId?: string;
  /** A short, non-secret description of the underlying failure (never a raw library error). */
  cause?: unknown;
  /** Applied on top of pattern redaction: the client's registry of known secret values. */
  redact?: (text: string) => string;
}

export class EcoStruxureError extends Error {
  readonly code: ErrorCode;
  readonly request: string | undefined;
  readonly requestId: string | undefined;
  /** Whether trying again later could succeed without the user changing anything. */
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, retryable = false) {
    const redact = redactorOf(context);
    super(
      redact(message),
      context.cause === undefined ? undefined : { cause: sanitizeCause(context.cause, redact) },
    );
    this.name = new.target.name;
    this.code = code;
    this.request = context.request ? redact(context.request) : undefined;
    this.requestId = context.requestId;
    this.retryable = retryable;
  }

  /** A plain, secret-free object for node outputs and logs. */
  toJSON(): Record<string, unknown> {
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) own[key] = value;
    const json = redactValue({
      name: this.name,
      code: this.code,
      message: this.message,
      ...own,
    }) as Record<string, unknown>;
    // `code` is also an OAuth secret field name, so redactValue masks it; ours is an ErrorCode, never secret.
    json.code = this.code;
    if (this.cause !== undefined) json.cause = causeToJSON(this.cause);
    return json;
  }
}

/**
 * An Error's message and name are not enumerable, so a generic walk would serialize a cause as `{}`; and
 * its `code` is a system or ErrorCode value (`ECONNRESET`), not the OAuth `code` that redactValue masks.
 * Causes were sanitized when the error was built, so only pattern redaction is applied again here.
 */
function causeToJSON(cause: unknown): unknown {
  if (cause instanceof EcoStruxureError) return cause.toJSON();
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return {
      name: cause.name,
      message: redactSecretPatterns(cause.message),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  return redactValue(cause);
}

/** The context's registry of known secrets, then pattern redaction. */
function redactorOf(context: ErrorContext): (text: string) => string {
  return (text) => redactSecretPatterns(context.redact ? context.redact(text) : text);
}

/** Library errors (axios in particular) carry request configs with headers; keep only what is safe. */
function sanitizeCause(cause: unknown, redact: (text: string) => string): unknown {
  if (cause instanceof EcoStruxureError) return cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const safe = new Error(redact(cause.message));
    safe.name = cause.name;
    if (typeof code === 'string') (safe as Error & { code?: string }).code = code;
    safe.stack = undefined;
    return safe;
  }
  if (typeof cause === 'string') return redact(cause);
  return redactValue(cause, redact);
}

export interface InvalidParam {
  name: string;
  reason: string;
  path?: string;
}

/** RFC 7807 fields the API sends with errors. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  detail?: string;
  instance?: string;
  invalidParams?: InvalidParam[];
}

/** The API answered with an error status. */
export class ApiError extends EcoStruxureError {
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(
    status: number,
    message: string,
    problem: ProblemDetails = {},
    context: ErrorContext = {},
    code: ErrorCode = 'API_ERROR',
    retryable = status >= 500,
  ) {
    super(code, message, context, retryable);
    this.status = status;
    // Server text (a token endpoint's error_description, a problem's detail) can echo what was sent; it is
    // kept as data beside the message, so it gets the same redaction whichever code path built the error.
    this.problem = redactValue(problem, redactorOf(context)) as ProblemDetails;
  }
}

/** The credentials were refused (401, `invalid_client`): the user must fix the credential. */
export class AuthenticationError extends EcoStruxureError {
  readonly status: number | undefined;
  constructor(message: string, context: ErrorContext = {}, status?: number) {
    super('AUTHENTICATION_FAILED', message, context);
    this.status = status;
  }
}

/** The grant is gone (consent revoked, refresh token expired or reused): the user must authorize again. */
export class ReauthorizationRequiredError extends EcoStruxureError {
  constructor(message: string, context: ErrorContext = {}) {
    super('REAUTHORIZATION_REQUIRED', message, context);
  }
}

/** The credential works but may not do this (403, GraphQL FORBIDDEN, insufficient scope). */
export class PermissionError extends ApiError {
  readonly requiredScope: string | undefined;
  constructor(
    message: string,
    problem: ProblemDetails = {},
    context: ErrorContext = {},
    requiredScope?: string,
  ) {
    super(403, message, problem, context, 'PERMISSION_DENIED', false);
    this.requiredScope = requiredScope;
  }
}

/** The API asked us to slow down and the retry budget ran out. */
export class RateLimitError extends ApiError {
  /** How long the server asked to wait, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs: number | undefined, context: ErrorContext = {}) {
    super(429, message, {}, context, 'RATE_LIMITED', true);
    this.retryAfterMs = retryAfterMs;
  }
}

/** Bad input caught before any request was sent. */
export class ValidationError extends EcoStruxureError {
  /** The input field at fault, in the user's terms (e.g. `from`, `siteId`, `query`). */
  readonly field: string;
  constructor(field: string, message: string, context: ErrorContext = {}) {
    super('VALIDATION_FAILED', message, context);
    this.field = field;
  }
}

/** The server could not be reached or the connection broke. */
export class NetworkError extends EcoStruxureError {
  readonly networkCode: string | undefined;
  constructor(message: string, networkCode?: string, context: ErrorContext = {}) {
    super('NETWORK_ERROR', message, context, true);
    this.networkCode = networkCode;
  }
}

/** No answer within the configured time. */
export class TimeoutError extends EcoStruxureError {
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, context: ErrorContext = {}) {
    super('TIMEOUT', message, context, true);
    this.timeoutMs = timeoutMs;
  }
}

/** The response was not what the API promises (malformed JSON, an HTML page, a schema mismatch). */
export class InvalidResponseError extends EcoStruxureError {
  readonly status: number | undefined;
  constructor(message: string, status?: number, context: ErrorContext = {}, retryable = false) {
    super('INVALID_RESPONSE', message, context, retryable);
    this.status = status;
  }
}

export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  code?: string;
}

/** The GraphQL endpoint answered with `errors`. */
export class GraphQLResponseError extends EcoStruxureError {
  readonly errors: GraphQLErrorEntry[];
  /** Whatever data came back beside the errors (GraphQL allows partial results). */
  readonly partialData: unknown;
  constructor(
    message: string,
    errors: GraphQLErrorEntry[],
    partialData: unknown,
    context: ErrorContext = {},
  ) {
    super('GRAPHQL_ERROR', message, context);
    // GraphQL messages are server text that may echo a variable or a token: redacted like the message.
    const redact = redactorOf(context);
    this.errors = errors.map((entry) => ({ ...entry, message: redact(entry.message) }));
    this.partialData = partialData;
  }
}
