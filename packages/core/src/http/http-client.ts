/**
 * The HTTP client every API client (carbon, Energy Hub) sends through: credentials, one replay after a
 * rejected token, retries with backoff, a shared concurrency limit, JSON parsing and typed, redacted errors.
 * It touches neither timers nor the network itself (n8n forbids both): the Runtime and the Transport are
 * injected.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { AuthStrategy, OutgoingRequest } from '../seams/auth-strategy.js';
import { requireHttpUrl } from '../seams/validate.js';
import { DEFAULT_ENDPOINTS } from '../endpoints.js';
import { ValidationError, type EcoStruxureError } from '../errors/errors.js';
import type { SecretRegistry } from '../errors/redact.js';
import { silentLogger, type Logger, type Runtime } from '../seams/runtime.js';
import { guardAuth, sendAttempt, type AttemptSettings } from './attempt.js';
import { attemptsNote, noAnswerError } from './give-up.js';
import { createRedactingLogger } from './logger.js';
import {
  errorFromResponse,
  formatDuration,
  parseJsonBody,
  requestIdOf,
  type ResponseContext,
} from './response.js';
import {
  type AttemptFailure,
  decideRetry,
  isRetryableStatus,
  resolveRetryOptions,
  type ResolvedRetryOptions,
  type RetryOptions,
} from './retry.js';
import { parseRetryAfter } from '../seams/response-signals.js';
import type { HttpMethod, Transport, TransportResponse } from '../seams/transport.js';
import type { HttpClient, HttpResponse, RequestOptions } from './types.js';
import { buildUrl } from './url.js';

export { buildUrl } from './url.js';

export interface HttpClientOptions {
  /** e.g. `https://api.exchange.se.com/ecostruxure/carbon-emission/v1`; request paths are appended to it. */
  baseUrl: string;
  auth: AuthStrategy;
  transport: Transport;
  runtime: Runtime;
  /** Receives only redacted text. Default: silent. */
  logger?: Logger;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Requests of this client in flight at once, at most. Default 10 (what the provider allows per client). */
  maxConcurrency?: number;
  /** Sent as `User-Agent`. */
  userAgent?: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONCURRENCY = 10;
export const DEFAULT_USER_AGENT = 'ecostruxure-connector';

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const pipeline = resolvePipeline(options);
  return {
    request: <T>(request: RequestOptions) => send<T>(pipeline, request),
    baseUrl: pipeline.baseUrl,
    runtime: pipeline.runtime,
    logger: pipeline.logger,
    secrets: pipeline.secrets,
    maxConcurrency: pipeline.maxConcurrency,
  };
}

/** Everything a request goes through, checked and resolved once per client. */
interface Pipeline {
  baseUrl: string;
  auth: AuthStrategy;
  runtime: Runtime;
  logger: Logger;
  secrets: SecretRegistry;
  redact: (text: string) => string;
  maxConcurrency: number;
  timeoutMs: number;
  retryOptions: ResolvedRetryOptions;
  /** One limiter for every request of this client, so parallel API calls (pages, sites) share the quota. */
  limit: LimitFunction;
  attemptSettings: AttemptSettings;
}

function resolvePipeline(options: HttpClientOptions): Pipeline {
  const { auth, transport, runtime } = options;
  // Checked like every URL a user types (scheme, no credentials inside); a pasted secret is never echoed.
  const baseUrl = requireHttpUrl(options.baseUrl, 'baseUrl', 'Base URL', DEFAULT_ENDPOINTS.carbonApi).replace(
    /\/+$/,
    '',
  );
  const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
    throw new ValidationError({
      field: 'maxConcurrency',
      message: `maxConcurrency must be a whole number of at least 1, got ${maxConcurrency}.`,
    });
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets: SecretRegistry = auth.secrets;
  const redact = (text: string) => secrets.redact(text);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  return {
    baseUrl,
    auth,
    runtime,
    logger: createRedactingLogger(options.logger ?? silentLogger, redact),
    secrets,
    redact,
    maxConcurrency,
    timeoutMs,
    retryOptions: resolveRetryOptions(options.retry),
    limit: pLimit(maxConcurrency),
    attemptSettings: { auth, transport, timeoutMs, userAgent, redact },
  };
}

/** One request as it goes through its attempts. */
interface Call {
  method: HttpMethod;
  url: URL;
  /** `GET /path`, for logs and errors. */
  label: string;
  idempotent: boolean;
  body: string | undefined;
  signal: AbortSignal | undefined;
  attempt: number;
  /** When the first attempt left the queue: queue time is not part of the retry budget. */
  startedAt?: number;
  /** The one replay after a refused credential has been spent. */
  replayed: boolean;
}

function callOf(baseUrl: string, request: RequestOptions): Call {
  const method: HttpMethod = request.method ?? 'GET';
  const url = buildUrl(baseUrl, request.path, request.query);
  return {
    method,
    url,
    label: `${method} ${url.pathname}`,
    idempotent: request.idempotent ?? method === 'GET',
    body: request.json === undefined ? undefined : JSON.stringify(request.json),
    signal: request.signal,
    attempt: 0,
    replayed: false,
  };
}

async function send<T>(pipeline: Pipeline, request: RequestOptions): Promise<HttpResponse<T>> {
  const { runtime, logger, redact } = pipeline;
  const call = callOf(pipeline.baseUrl, request);
  const { label, signal } = call;
  for (;;) {
    signal?.throwIfAborted();
    call.attempt += 1;
    const outcome = await pipeline.limit(async () => {
      call.startedAt ??= runtime.now();
      signal?.throwIfAborted();
      return sendAttempt(
        { method: call.method, url: call.url, body: call.body, signal },
        pipeline.attemptSettings,
      );
    });

    if (outcome.kind === 'failure') {
      const { failure } = outcome;
      if (signal?.aborted) signal.throwIfAborted();
      const network: AttemptFailure = { kind: 'network', code: failure.code, timedOut: failure.timedOut };
      const note = await retryOrGiveUp(pipeline, call, network, (delayMs) => [
        `${label}: ${failure.timedOut ? `no response within ${formatDuration(pipeline.timeoutMs)}` : failure.code}; retrying in ${formatDuration(delayMs)} (attempt ${call.attempt + 1} of ${pipeline.retryOptions.maxAttempts})`,
        // Not `code`: log metadata is redacted by key, and `code` is an OAuth secret's name.
        { request: label, networkCode: failure.code },
      ]);
      if (note === RETRY) continue;
      const { url } = call;
      throw failed(
        pipeline,
        call,
        noAnswerError({ failure, label, url, timeoutMs: pipeline.timeoutMs, note, redact }),
      );
    }

    const { response, outgoing } = outcome;
    logger.debug(`${label} -> ${response.status} (attempt ${call.attempt})`, {
      request: label,
      status: response.status,
      requestId: response.headers['x-request-id'],
    });
    if (await replayAfterRefusal(pipeline, call, response, outgoing)) {
      // The replay is not a retry: it does not spend an attempt.
      call.attempt -= 1;
      continue;
    }

    const { context, status, retryAfterMs } = statusOf(pipeline, call, response);
    if (response.status >= 200 && response.status < 300) return answerOf<T>(response, context);
    const note = await retryOrGiveUp(pipeline, call, status, (delayMs) => [
      `${label} -> ${response.status}; retrying in ${formatDuration(delayMs)}${retryAfterMs === undefined ? '' : ' as the server asked'} (attempt ${call.attempt + 1} of ${pipeline.retryOptions.maxAttempts})`,
      { request: label, status: response.status, requestId: response.headers['x-request-id'] },
    ]);
    if (note === RETRY) continue;
    throw failed(
      pipeline,
      call,
      errorFromResponse(response, { ...context, ...(note ? { attemptsNote: note } : {}) }),
    );
  }
}

const RETRY = Symbol('retry');

/**
 * The one retry-or-give-up step after a failed attempt: when the policy allows another attempt, logs why
 * (the warning built for this failure), waits and answers RETRY; otherwise answers the note on attempts
 * made that the final error carries.
 */
async function retryOrGiveUp(
  pipeline: Pipeline,
  call: Call,
  failure: AttemptFailure,
  warning: (delayMs: number) => [string, Record<string, unknown>],
): Promise<typeof RETRY | string> {
  const { runtime, retryOptions } = pipeline;
  const begun = call.startedAt ?? runtime.now();
  const context = {
    attempt: call.attempt,
    idempotent: call.idempotent,
    failure,
    random: () => runtime.random(),
  };
  const decision = decideRetry({ ...context, elapsedMs: runtime.now() - begun }, retryOptions);
  if (decision.retry) {
    pipeline.logger.warn(...warning(decision.delayMs));
    await runtime.sleep(decision.delayMs, call.signal);
    return RETRY;
  }
  return attemptsNote(call.attempt, runtime.now() - begun, decision, retryOptions);
}

/**
 * A 401 or 403 is handed to the strategy once: it decides what a refusal means for its kind of credential
 * (replace a stale token, or not). True when the request should be replayed with fresh credentials.
 */
async function replayAfterRefusal(
  pipeline: Pipeline,
  call: Call,
  response: TransportResponse,
  outgoing: OutgoingRequest,
): Promise<boolean> {
  if (call.replayed || (response.status !== 401 && response.status !== 403)) return false;
  call.replayed = true;
  const { auth } = pipeline;
  const refreshed = await guardAuth(
    () => auth.handleRejected(response.status, auth.credentialOf(outgoing), response),
    call.method,
    call.url,
    pipeline.redact,
  );
  if (refreshed) {
    pipeline.logger.info(
      `${call.label}: credentials refused with ${response.status}; replaying once with fresh credentials`,
      { request: call.label },
    );
  }
  return refreshed;
}

function answerOf<T>(response: TransportResponse, context: ResponseContext): HttpResponse<T> {
  const parsed = parseJsonBody(response, context);
  if (!parsed.ok) throw parsed.error;
  return {
    status: response.status,
    headers: response.headers,
    data: parsed.data as T,
    requestId: requestIdOf(response, parsed.data),
  };
}

/** How the response is judged: its context for errors, and the failure it is when it is not a 2xx. */
function statusOf(pipeline: Pipeline, call: Call, response: TransportResponse) {
  const retryAfterMs = isRetryableStatus(response.status)
    ? parseRetryAfter(response.headers['retry-after'], response.headers.date, pipeline.runtime.now())
    : undefined;
  const context: ResponseContext = {
    request: call.label,
    redact: pipeline.redact,
    rejectionAdvice: pipeline.auth.rejectionAdvice,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  const status: AttemptFailure =
    retryAfterMs === undefined
      ? { kind: 'status', status: response.status }
      : { kind: 'status', status: response.status, retryAfterMs };
  return { context, status, retryAfterMs };
}

/** Logs the error a request ends with, and hands it back to be thrown. */
function failed(pipeline: Pipeline, call: Call, error: EcoStruxureError): EcoStruxureError {
  pipeline.logger.debug(`${call.label} failed: ${error.message}`, {
    request: call.label,
    errorCode: error.code,
  });
  return error;
}
