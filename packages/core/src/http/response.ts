/**
 * Turns a raw TransportResponse into data or a typed error. Everything here is about telling the user
 * what came back and what to do; redaction is applied by the error classes through `context.redact`.
 */
import {
  ApiError,
  AuthenticationError,
  type ErrorContext,
  type EcoStruxureError,
  InvalidResponseError,
  type InvalidParam,
  PermissionError,
  type ProblemDetails,
  RateLimitError,
} from '../errors/errors.js';
import { redactSecretPatterns, redactValue } from '../errors/redact.js';
import { authChallengeParam } from '../seams/response-signals.js';
import type { TransportResponse } from '../seams/transport.js';

/** What the mapper needs to know about the request besides the response. */
export interface ResponseContext {
  /** `GET /ecostruxure/carbon-emission/v1/sites` (no query string). */
  request: string;
  redact: (text: string) => string;
  /** What the credential's strategy says to do when the API refuses it. */
  rejectionAdvice: string;
  /** Parsed Retry-After, for 429 and 503. */
  retryAfterMs?: number;
  /** Appended to the message when retries were spent, e.g. ` (gave up after 4 attempts in 12.3 s)`. */
  attemptsNote?: string;
}

export type ParsedBody = { ok: true; data: unknown } | { ok: false; error: InvalidResponseError };

const SNIPPET_LENGTH = 120;

/** The first characters of a body, on one line, for messages. */
export function bodySnippet(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}...` : flat;
}

export function isHtml(response: TransportResponse): boolean {
  const contentType = response.headers['content-type'] ?? '';
  if (/html/i.test(contentType)) return true;
  return /^\s*<(!doctype|html|head|body|\?xml|!--)/i.test(response.body);
}

function htmlTitle(body: string): string | undefined {
  const match = /<title[^>]*>([^<]*)<\/title>/i.exec(body) ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(body);
  const title = match?.[1]?.replace(/\s+/g, ' ').trim();
  return title ? title : undefined;
}

/** The request ID the server gave this response (header first, then the problem body). */
export function requestIdOf(response: TransportResponse, data?: unknown): string | undefined {
  const header = response.headers['x-request-id'];
  if (header) return header;
  if (isRecord(data) && typeof data.requestId === 'string') return data.requestId;
  return undefined;
}

/** Parses a JSON body; an empty body is `undefined` (204, or a 202 without content). */
export function parseJsonBody(response: TransportResponse, context: ResponseContext): ParsedBody {
  if (response.body.trim() === '') return { ok: true, data: undefined };
  const retryable = response.status >= 500;
  if (isHtml(response)) {
    const title = htmlTitle(response.body);
    const what = `an HTML page${title ? ` ("${title}")` : ''} instead of JSON`;
    const advice =
      response.status >= 500
        ? 'This is usually a gateway or proxy error page: try again in a moment; if it persists, check the service status.'
        : 'Check the base URL: it seems to point at a web site or a login page rather than the EcoStruxure API.';
    return {
      ok: false,
      error: new InvalidResponseError({
        ...contextFor(response, context),
        message: `${context.request} answered with status ${response.status} and ${what}. ${advice}${context.attemptsNote ?? ''}`,
        status: response.status,
        retryable,
      }),
    };
  }
  try {
    return { ok: true, data: JSON.parse(response.body) as unknown };
  } catch (error) {
    // JSON.parse quotes the body's first characters, cut after about ten (`"sk-live-12"... is not valid
    // JSON`): a secret cut there no longer matches its value and escapes redaction. The redacted snippet
    // below shows the body anyway, so the quote is dropped.
    const reason =
      error instanceof Error
        ? error.message.replace(/,\s*"[\s\S]*"(?:\.\.\.)?\s+is not valid JSON$/, '')
        : 'unreadable JSON';
    return {
      ok: false,
      error: new InvalidResponseError({
        ...contextFor(response, context),
        // Redacted before it is cut: a secret cut in half by the snippet would no longer match its value.
        message:
          `${context.request} answered with status ${response.status} but the body is not valid JSON (${reason}); it starts with: ${bodySnippet(context.redact(response.body))}. ` +
          `The response was probably cut off or altered by a proxy: try again; if it persists, check the base URL.${context.attemptsNote ?? ''}`,
        status: response.status,
        retryable,
      }),
    };
  }
}

/** RFC 7807 fields, read tolerantly; OAuth (`error_description`) and GraphQL (`errors[]`) bodies too. */
export function problemOf(data: unknown): ProblemDetails {
  if (!isRecord(data)) return {};
  const problem: ProblemDetails = {};
  for (const key of ['type', 'title', 'detail', 'instance'] as const) {
    const value = data[key];
    if (typeof value === 'string') problem[key] = value;
  }
  if (problem.detail === undefined) {
    if (typeof data.error_description === 'string') problem.detail = data.error_description;
    else if (typeof data.message === 'string') problem.detail = data.message;
    else if (Array.isArray(data.errors)) {
      const messages = data.errors.flatMap((entry) =>
        isRecord(entry) && typeof entry.message === 'string' ? [entry.message] : [],
      );
      if (messages.length > 0) problem.detail = messages.join('; ');
    }
  }
  if (Array.isArray(data.invalidParams)) {
    const params: InvalidParam[] = [];
    for (const entry of data.invalidParams) {
      if (!isRecord(entry) || typeof entry.name !== 'string') continue;
      params.push({
        name: entry.name,
        reason: typeof entry.reason === 'string' ? entry.reason : 'invalid',
        ...(typeof entry.path === 'string' ? { path: entry.path } : {}),
      });
    }
    problem.invalidParams = params;
  }
  return problem;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Maps a non-2xx response to the typed error the user sees. */
export function errorFromResponse(response: TransportResponse, context: ResponseContext): EcoStruxureError {
  const parsed = parseJsonBody(response, context);
  if (!parsed.ok) {
    // An HTML page or garbage from an error status: what came back matters more than the status alone.
    return parsed.error;
  }
  const failed = describeFailure(response, context, parsed.data);
  const { status } = response;
  if (status === 400 && failed.problem.invalidParams && failed.problem.invalidParams.length > 0) {
    return invalidParamsError(failed, failed.problem.invalidParams);
  }
  if (status === 401) return unauthorizedError(failed);
  if (status === 403) return forbiddenError(failed);
  if (status === 404) return notFoundError(failed);
  if (status === 429) return rateLimitedError(failed);
  if (status >= 500) return serviceError(failed);
  if (status >= 300 && status < 400) return redirectError(failed);
  return new ApiError({
    ...failed.errorContext,
    status,
    problem: failed.problem,
    retryable: false,
    message: failed.head,
    description: `Check the request parameters and the base URL.${failed.requestIdNote}`,
  });
}

/** What every status's error is built from: the redacted problem, and the sentence its message starts with. */
interface FailedResponse {
  response: TransportResponse;
  context: ResponseContext;
  status: number;
  /** Kept on the error as data, beyond the reach of message redaction: redacted already. */
  problem: ProblemDetails;
  errorContext: ErrorContext;
  /** `GET /x failed with 404 Not Found: the detail.` */
  head: string;
  /** The attempts spent, when retries were: ` (gave up after 4 attempts in 12.3 s)`. */
  note: string;
  requestIdNote: string;
}

function describeFailure(
  response: TransportResponse,
  context: ResponseContext,
  data: unknown,
): FailedResponse {
  const { status } = response;
  const raw = problemOf(data);
  if (raw.detail === undefined && data === undefined && response.body.trim() !== '') {
    raw.detail = bodySnippet(context.redact(response.body));
  }
  const problem = redactValue(raw, (text) => redactSecretPatterns(context.redact(text))) as ProblemDetails;
  const errorContext = contextFor(response, context, data);
  const statusText = problem.title ?? STATUS_TEXT[status] ?? 'Error';
  const said = problem.detail ? `: ${problem.detail.replace(/\.?$/, '.')}` : '.';
  return {
    response,
    context,
    status,
    problem,
    errorContext,
    head: `${context.request} failed with ${status} ${statusText}${said}`,
    note: context.attemptsNote ?? '',
    requestIdNote: errorContext.requestId ? ` Quote request ID ${errorContext.requestId} to support.` : '',
  };
}

function invalidParamsError(failed: FailedResponse, invalidParams: InvalidParam[]): ApiError {
  const list = invalidParams.map((param) => `${param.name}: ${param.reason}`).join('; ');
  return new ApiError({
    ...failed.errorContext,
    status: failed.status,
    problem: failed.problem,
    code: 'VALIDATION_FAILED',
    retryable: false,
    message: `${failed.context.request} was rejected because of invalid parameters (${list}).`,
    description: `Correct ${invalidParams.length === 1 ? 'this parameter' : 'these parameters'} and try again.`,
  });
}

function unauthorizedError(failed: FailedResponse): AuthenticationError {
  return new AuthenticationError({
    ...failed.errorContext,
    status: failed.status,
    message: `${failed.head} The API did not accept the credentials.`,
    description: failed.context.rejectionAdvice,
  });
}

function forbiddenError(failed: FailedResponse): PermissionError {
  const { head } = failed;
  const scope = authChallengeParam(failed.response.headers['www-authenticate'], 'scope');
  return new PermissionError({
    ...failed.errorContext,
    problem: failed.problem,
    requiredScope: scope,
    message: scope
      ? `${head} The credentials are valid but lack the scope "${scope}".`
      : `${head} The credentials are valid but may not access this resource.`,
    description: scope
      ? `Grant the scope "${scope}": authorize again with it, or use a token minted with it.`
      : 'Check the scopes or access permissions granted.',
  });
}

function notFoundError(failed: FailedResponse): ApiError {
  return new ApiError({
    ...failed.errorContext,
    status: failed.status,
    problem: failed.problem,
    message: `${failed.head} The resource ${resourceOf(failed.context.request)} does not exist.`,
    description:
      'Check the ID (for example pick the site from the list), and that the base URL points at the right API.',
  });
}

function rateLimitedError(failed: FailedResponse): RateLimitError {
  const { retryAfterMs } = failed.context;
  return new RateLimitError({
    ...failed.errorContext,
    retryAfterMs,
    message: `${failed.head} The API rate limit was reached${failed.note}.`,
    description:
      retryAfterMs === undefined
        ? 'Wait a moment and try again, or send fewer requests at once.'
        : `The server asks to wait ${formatDuration(retryAfterMs)}: try again after that, or send fewer requests at once.`,
  });
}

function serviceError(failed: FailedResponse): ApiError {
  const { retryAfterMs } = failed.context;
  const wait =
    retryAfterMs === undefined
      ? ''
      : `The server asks to wait ${formatDuration(retryAfterMs)} before trying again. `;
  return new ApiError({
    ...failed.errorContext,
    status: failed.status,
    problem: failed.problem,
    retryable: true,
    message: `${failed.head} The EcoStruxure service had a problem${failed.note}.`,
    description: `${wait}Try again later; if it persists, contact Schneider Electric support.${failed.requestIdNote}`,
  });
}

function redirectError(failed: FailedResponse): ApiError {
  const { status } = failed;
  const location = failed.response.headers.location;
  return new ApiError({
    ...failed.errorContext,
    status,
    problem: failed.problem,
    retryable: false,
    message: `${failed.context.request} was redirected (${status}${location ? ` to ${location}` : ''}). Redirects are not followed, so credentials never go elsewhere.`,
    description: 'Set the base URL to the final address.',
  });
}

/** `GET /x/sites/site-9` -> `/x/sites/site-9` (decoded, so the user recognises their ID). */
function resourceOf(request: string): string {
  const path = request.slice(request.indexOf(' ') + 1);
  try {
    return `"${decodeURIComponent(path)}"`;
  } catch {
    return `"${path}"`;
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 120) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
  const minutes = seconds / 60;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} min`;
}

function contextFor(response: TransportResponse, context: ResponseContext, data?: unknown): ErrorContext {
  const requestId = requestIdOf(response, data);
  return {
    request: context.request,
    redact: context.redact,
    ...(requestId === undefined ? {} : { requestId }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
