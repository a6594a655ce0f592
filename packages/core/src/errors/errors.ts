/**
 * Typed errors. Every message says what happened and what to do about it, and none ever carries a
 * secret: messages, `details` and `cause` are redacted when the error is built, and `toJSON()` is what
 * adapters put in node outputs. The words are the ones both hosts share: "authorize again", "client ID",
 * never one host's own names ("credential" is n8n's, "account" Node-RED's).
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
  /** What the user can do about it; a default for the error's kind when left out. */
  description?: string;
}

/** Every error's facts, named: the form new code constructs errors with. */
export interface ErrorOptions extends ErrorContext {
  /** What happened, in a sentence. */
  message: string;
  /** Whether trying again later could succeed without the user changing anything. */
  retryable?: boolean;
}

/** What to do, when the code that raised an error did not say more precisely. */
const DEFAULT_DESCRIPTIONS: Record<ErrorCode, string> = {
  API_ERROR: 'Check the request parameters and the base URL; if the service itself failed, try again later.',
  AUTHENTICATION_FAILED: 'Check the client ID and secret, token or key, and the URLs they are used with.',
  REAUTHORIZATION_REQUIRED: 'Authorize the app again (sign in and approve access).',
  PERMISSION_DENIED:
    'Ask for the scope or access permission this needs, or authenticate with one that has it.',
  RATE_LIMITED: 'Wait a moment and try again, or send fewer requests at once.',
  VALIDATION_FAILED: 'Correct the value named in the message, then run again.',
  NETWORK_ERROR: 'Check the base URL and the network (proxy, firewall, DNS), then try again.',
  TIMEOUT:
    'Try again later; if it keeps happening, ask for less at once (a shorter range, fewer sites per call).',
  GRAPHQL_ERROR: 'Correct the query, or narrow it, and try again.',
  INVALID_RESPONSE: 'Check that the base URL points at the right API; the raw output shows what it sent.',
  BATCH_FAILED: 'Fix or retry the items named in the message.',
};

export class EcoStruxureError extends Error {
  readonly code: ErrorCode;
  /** What the user can do about it. */
  readonly description: string;
  /** The HTTP status behind the error, when there was one. */
  readonly httpCode: number | undefined;
  readonly request: string | undefined;
  readonly requestId: string | undefined;
  /** Whether trying again later could succeed without the user changing anything. */
  readonly retryable: boolean;

  constructor(code: ErrorCode, options: ErrorOptions) {
    const redact = redactorOf(options);
    super(
      redact(options.message),
      options.cause === undefined ? undefined : { cause: sanitizeCause(options.cause, redact) },
    );
    this.name = new.target.name;
    this.code = code;
    this.description = redact(options.description ?? DEFAULT_DESCRIPTIONS[code]);
    this.httpCode = undefined;
    this.request = options.request ? redact(options.request) : undefined;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
  }

  /** A plain, secret-free object for node outputs and logs. */
  toJSON(): Record<string, unknown> {
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) if (value !== undefined) own[key] = value;
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

/** Sets the HTTP status an error came with (readonly to everyone else). */
function withHttpCode<E extends EcoStruxureError>(error: E, status: number | undefined): E {
  (error as { httpCode: number | undefined }).httpCode = status;
  return error;
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
export interface ApiErrorOptions extends ErrorOptions {
  status: number;
  problem?: ProblemDetails;
  /** Default `API_ERROR`. */
  code?: ErrorCode;
}

export class ApiError extends EcoStruxureError {
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(options: ApiErrorOptions) {
    super(options.code ?? 'API_ERROR', { ...options, retryable: options.retryable ?? options.status >= 500 });
    this.status = options.status;
    withHttpCode(this, options.status);
    // Server text (a token endpoint's error_description, a problem's detail) can echo what was sent; it is
    // kept as data beside the message, so it gets the same redaction whichever code path built the error.
    this.problem = redactValue(options.problem ?? {}, redactorOf(options)) as ProblemDetails;
  }
}

export interface AuthenticationErrorOptions extends ErrorOptions {
  status?: number | undefined;
}

/** The credentials were refused (401, `invalid_client`): the user must fix the credential. */
export class AuthenticationError extends EcoStruxureError {
  readonly status: number | undefined;
  constructor(options: AuthenticationErrorOptions) {
    super('AUTHENTICATION_FAILED', { ...options, retryable: false });
    this.status = options.status;
    withHttpCode(this, options.status);
  }
}

/** The grant is gone (consent revoked, refresh token expired or reused): the user must authorize again. */
export class ReauthorizationRequiredError extends EcoStruxureError {
  constructor(options: ErrorOptions) {
    super('REAUTHORIZATION_REQUIRED', { ...options, retryable: false });
  }
}

export interface PermissionErrorOptions extends ErrorOptions {
  problem?: ProblemDetails;
  requiredScope?: string | undefined;
}

/** The credential works but may not do this (403, GraphQL FORBIDDEN, insufficient scope). */
export class PermissionError extends ApiError {
  readonly requiredScope: string | undefined;
  constructor(options: PermissionErrorOptions) {
    super({ ...options, status: 403, code: 'PERMISSION_DENIED', retryable: false });
    this.requiredScope = options.requiredScope;
  }
}

export interface RateLimitErrorOptions extends ErrorOptions {
  retryAfterMs?: number | undefined;
}

/** The API asked us to slow down and the retry budget ran out. */
export class RateLimitError extends ApiError {
  /** How long the server asked to wait, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(options: RateLimitErrorOptions) {
    super({ ...options, status: 429, code: 'RATE_LIMITED', retryable: true });
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface ValidationErrorOptions extends ErrorOptions {
  /** The input field at fault, as code names it (e.g. `from`, `siteId`, `clientId`). */
  field: string;
  /** The field's name as forms show it (e.g. "Client ID"), when the advice should name it. */
  label?: string;
}

/** Bad input caught before any request was sent. */
export class ValidationError extends EcoStruxureError {
  /** The input field at fault, as code names it (e.g. `from`, `siteId`, `query`). */
  readonly field: string;
  constructor(options: ValidationErrorOptions) {
    const { label, ...rest } = options;
    // A form shows labels, not property names: the advice names the field only by its label.
    const description =
      label === undefined ? undefined : `Correct "${label}" as the message says, then run again.`;
    super('VALIDATION_FAILED', {
      ...rest,
      description: options.description ?? description,
      retryable: false,
    });
    this.field = options.field;
  }
}

export interface NetworkErrorOptions extends ErrorOptions {
  networkCode?: string | undefined;
}

/** The server could not be reached or the connection broke. */
export class NetworkError extends EcoStruxureError {
  readonly networkCode: string | undefined;
  constructor(options: NetworkErrorOptions) {
    super('NETWORK_ERROR', { ...options, retryable: true });
    this.networkCode = options.networkCode;
  }
}

export interface TimeoutErrorOptions extends ErrorOptions {
  timeoutMs: number;
}

/** No answer within the configured time. */
export class TimeoutError extends EcoStruxureError {
  readonly timeoutMs: number;
  constructor(options: TimeoutErrorOptions) {
    super('TIMEOUT', { ...options, retryable: true });
    this.timeoutMs = options.timeoutMs;
  }
}

export interface InvalidResponseErrorOptions extends ErrorOptions {
  status?: number | undefined;
}

/** The response was not what the API promises (malformed JSON, an HTML page, a schema mismatch). */
export class InvalidResponseError extends EcoStruxureError {
  readonly status: number | undefined;
  constructor(options: InvalidResponseErrorOptions) {
    super('INVALID_RESPONSE', options);
    this.status = options.status;
    withHttpCode(this, options.status);
  }
}

export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  code?: string;
}

export interface GraphQLResponseErrorOptions extends ErrorOptions {
  errors: GraphQLErrorEntry[];
  partialData?: unknown;
}

/** The GraphQL endpoint answered with `errors`. */
export class GraphQLResponseError extends EcoStruxureError {
  readonly errors: GraphQLErrorEntry[];
  /** Whatever data came back beside the errors (GraphQL allows partial results). */
  readonly partialData: unknown;
  constructor(options: GraphQLResponseErrorOptions) {
    super('GRAPHQL_ERROR', options);
    // GraphQL messages are server text that may echo a variable or a token: redacted like the message.
    const redact = redactorOf(options);
    this.errors = options.errors.map((entry) => ({ ...entry, message: redact(entry.message) }));
    this.partialData = options.partialData;
  }
}
