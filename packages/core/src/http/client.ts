/**
 * The HTTP client every API client (carbon, Energy Hub) sends through: credentials, one replay after a
 * rejected token, retries with backoff, a shared concurrency limit, JSON parsing and typed, redacted errors.
 * It touches neither timers nor the network itself (n8n forbids both): the Runtime and the Transport are
 * injected.
 */
import pLimit from 'p-limit';
import type { AuthStrategy, OutgoingRequest } from '../auth/types.js';
import { requireHttpUrl } from '../auth/validate.js';
import {
  AuthenticationError,
  EcoStruxureError,
  InvalidResponseError,
  NetworkError,
  TimeoutError,
  ValidationError,
} from '../errors/errors.js';
import type { SecretRegistry } from '../errors/redact.js';
import { silentLogger, type Logger, type Runtime } from '../runtime/runtime.js';
import { createRedactingLogger } from './logger.js';
import {
  errorFromResponse,
  formatDuration,
  looksLikeTokenProblem,
  parseJsonBody,
  requestIdOf,
  type ResponseContext,
} from './response.js';
import {
  type AttemptFailure,
  decideRetry,
  isRetryableStatus,
  parseRetryAfter,
  resolveRetryOptions,
  type ResolvedRetryOptions,
  type RetryDecision,
  type RetryOptions,
} from './retry.js';
import {
  type HttpMethod,
  RESPONSE_TOO_LARGE,
  type Transport,
  TransportFailure,
  type TransportRequest,
  type TransportResponse,
} from './transport.js';
import type { HttpClient, HttpResponse, QueryValue, RequestOptions } from './types.js';

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

/** Builds `baseUrl + path + ?query`; undefined query values are left out, everything else is encoded. */
export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): URL {
  // Built as text and parsed once: this runs for every request.
  let href = `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') || path === '' ? path : `/${path}`}`;
  if (query) {
    const params = new URLSearchParams();
    for (const key in query) {
      const value = query[key];
      if (value !== undefined) params.append(key, String(value));
    }
    const search = params.toString();
    if (search !== '') href += `${href.includes('?') ? '&' : '?'}${search}`;
  }
  return new URL(href);
}

/** Whether a 401/403 is worth one refresh-and-replay for this kind of credential. */
function isRejection(auth: AuthStrategy, response: TransportResponse): boolean {
  if (response.status === 401) return true;
  // A 403 only means "stale token" for strategies that can fetch a new token, and only when the body says
  // so: gateways that answer 403 to expired client-credentials tokens would otherwise fail for an hour.
  return (
    response.status === 403 &&
    (auth.kind === 'clientCredentials' || auth.kind === 'authorizationCode') &&
    looksLikeTokenProblem(response)
  );
}

type AttemptOutcome =
  | { kind: 'response'; response: TransportResponse; outgoing: OutgoingRequest }
  | { kind: 'failure'; failure: TransportFailure };

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { auth, transport, runtime } = options;
  // Checked like every URL a user types (scheme, no credentials inside); a pasted secret is never echoed.
  const baseUrl = requireHttpUrl(
    options.baseUrl,
    'baseUrl',
    'Base URL',
    'https://api.exchange.se.com/ecostruxure/carbon-emission/v1',
  ).replace(/\/+$/, '');
  const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
    throw new ValidationError(
      'maxConcurrency',
      `maxConcurrency must be a whole number of at least 1, got ${maxConcurrency}.`,
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryOptions: ResolvedRetryOptions = resolveRetryOptions(options.retry);
  const secrets: SecretRegistry = auth.secrets;
  const redact = (text: string) => secrets.redact(text);
  const logger = createRedactingLogger(options.logger ?? silentLogger, redact);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  // One limiter for every request of this client, so parallel API calls (pages, sites) share the quota.
  const limit = pLimit(maxConcurrency);

  async function attempt(
    request: RequestOptions,
    method: HttpMethod,
    url: URL,
    body: string | undefined,
  ): Promise<AttemptOutcome> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      'user-agent': userAgent,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // A fresh URL per attempt: strategies may add a query parameter (API key) to it.
    const outgoing: OutgoingRequest = { method, url: new URL(url.href), headers };
    await guardAuth(() => auth.apply(outgoing), method, url);
    const transportRequest: TransportRequest = {
      method,
      url: outgoing.url.href,
      headers: outgoing.headers,
      timeoutMs,
      ...(body === undefined ? {} : { body }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    };
    try {
      return { kind: 'response', response: await transport.send(transportRequest), outgoing };
    } catch (error) {
      if (error instanceof TransportFailure) return { kind: 'failure', failure: error };
      // A transport that broke its contract: keep only the code; the original may hold request headers.
      const code = (error as { code?: unknown } | null)?.code;
      return {
        kind: 'failure',
        failure: new TransportFailure(
          'the transport failed unexpectedly',
          typeof code === 'string' ? code : 'UNKNOWN',
          false,
        ),
      };
    }
  }

  async function request<T = unknown>(request: RequestOptions): Promise<HttpResponse<T>> {
    const method: HttpMethod = request.method ?? 'GET';
    const url = buildUrl(baseUrl, request.path, request.query);
    const label = `${method} ${url.pathname}`;
    const idempotent = request.idempotent ?? method === 'GET';
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    const { signal } = request;

    let startedAt: number | undefined;
    let attemptNumber = 0;
    let replayed = false;

    for (;;) {
      signal?.throwIfAborted();
      attemptNumber += 1;
      const outcome = await limit(async () => {
        // Queue time before the first attempt is not part of the budget: it is spent waiting for our own slots.
        startedAt ??= runtime.now();
        signal?.throwIfAborted();
        return attempt(request, method, url, body);
      });
      const begun = startedAt ?? runtime.now();
      const elapsedMs = () => runtime.now() - begun;

      if (outcome.kind === 'failure') {
        const { failure } = outcome;
        if (signal?.aborted) signal.throwIfAborted();
        const decision = decideRetry(
          {
            attempt: attemptNumber,
            idempotent,
            failure: { kind: 'network', code: failure.code, timedOut: failure.timedOut },
            elapsedMs: elapsedMs(),
            random: () => runtime.random(),
          },
          retryOptions,
        );
        if (decision.retry) {
          logger.warn(
            `${label}: ${failure.timedOut ? `no response within ${formatDuration(timeoutMs)}` : failure.code}; retrying in ${formatDuration(decision.delayMs)} (attempt ${attemptNumber + 1} of ${retryOptions.maxAttempts})`,
            // Not `code`: log metadata is redacted by key, and `code` is an OAuth secret's name.
            { request: label, networkCode: failure.code },
          );
          await runtime.sleep(decision.delayMs, signal);
          continue;
        }
        const error = networkError(failure, label, url, attemptNumber, elapsedMs(), decision);
        logger.debug(`${label} failed: ${error.message}`, { request: label, errorCode: error.code });
        throw error;
      }

      const { response, outgoing } = outcome;
      logger.debug(`${label} -> ${response.status} (attempt ${attemptNumber})`, {
        request: label,
        status: response.status,
        requestId: response.headers['x-request-id'],
      });

      if (!replayed && isRejection(auth, response)) {
        replayed = true;
        const refreshed = await guardAuth(
          () => auth.handleRejected(response.status, auth.credentialOf(outgoing)),
          method,
          url,
        );
        if (refreshed) {
          logger.info(
            `${label}: credentials refused with ${response.status}; replaying once with fresh credentials`,
            { request: label },
          );
          // The replay is not a retry: it does not spend an attempt.
          attemptNumber -= 1;
          continue;
        }
      }

      const retryAfterMs = isRetryableStatus(response.status)
        ? parseRetryAfter(response.headers['retry-after'], response.headers.date, runtime.now())
        : undefined;
      const context: ResponseContext = {
        request: label,
        redact,
        authKind: auth.kind,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };

      if (response.status >= 200 && response.status < 300) {
        const parsed = parseJsonBody(response, context);
        if (!parsed.ok) throw parsed.error;
        return {
          status: response.status,
          headers: response.headers,
          data: parsed.data as T,
          requestId: requestIdOf(response, parsed.data),
        };
      }

      const failure: AttemptFailure =
        retryAfterMs === undefined
          ? { kind: 'status', status: response.status }
          : { kind: 'status', status: response.status, retryAfterMs };
      const decision = decideRetry(
        {
          attempt: attemptNumber,
          idempotent,
          failure,
          elapsedMs: elapsedMs(),
          random: () => runtime.random(),
        },
        retryOptions,
      );
      if (decision.retry) {
        logger.warn(
          `${label} -> ${response.status}; retrying in ${formatDuration(decision.delayMs)}${retryAfterMs === undefined ? '' : ' as the server asked'} (attempt ${attemptNumber + 1} of ${retryOptions.maxAttempts})`,
          { request: label, status: response.status, requestId: response.headers['x-request-id'] },
        );
        await runtime.sleep(decision.delayMs, signal);
        continue;
      }
      const note = attemptsNote(attemptNumber, elapsedMs(), decision);
      const error = errorFromResponse(response, { ...context, ...(note ? { attemptsNote: note } : {}) });
      logger.debug(`${label} failed: ${error.message}`, { request: label, errorCode: error.code });
      throw error;
    }
  }

  /**
   * Strategies throw typed errors (re-authorization needed, refused client); anything else is a bug or a
   * library error that may hold secrets, so only a redacted summary of it goes on.
   */
  async function guardAuth<R>(run: () => Promise<R>, method: HttpMethod, url: URL): Promise<R> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof EcoStruxureError || (error instanceof Error && error.name === 'AbortError'))
        throw error;
      throw new AuthenticationError(
        `Could not obtain credentials for ${method} ${url.pathname}. Check the credential settings (URLs, client ID and secret) and try again.`,
        { request: `${method} ${url.pathname}`, redact, cause: error },
      );
    }
  }

  function networkError(
    failure: TransportFailure,
    label: string,
    url: URL,
    attempts: number,
    elapsed: number,
    decision: RetryDecision,
  ): EcoStruxureError {
    const context = { request: label, redact, cause: failure };
    const note = attemptsNote(attempts, elapsed, decision);
    if (failure.timedOut) {
      return new TimeoutError(
        `${label} got no response from ${url.origin} within ${formatDuration(timeoutMs)}${note}. The service may be slow or unreachable: try again later, or raise the timeout.`,
        timeoutMs,
        context,
      );
    }
    if (failure.code === RESPONSE_TOO_LARGE) {
      return new InvalidResponseError(
        `${label} answered with a body larger than the transport's limit, so it was dropped unread. Ask for less at once (a shorter date range or a smaller page size); if such a large answer is expected, raise maxResponseBytes in the transport options.`,
        undefined,
        context,
      );
    }
    return new NetworkError(
      `${label} could not complete: the connection to ${url.origin} failed (${failure.code})${note}. Check the base URL and the network (proxy, firewall, DNS), then try again.`,
      failure.code,
      context,
    );
  }

  function attemptsNote(attempts: number, elapsed: number, decision: RetryDecision): string {
    if (decision.retry) return '';
    if (decision.reason === 'not-idempotent') {
      return ' (not sent again: it may have reached the server, and this request is not safe to repeat)';
    }
    if (decision.reason === 'retry-after-exceeds-budget' && decision.retryAfterMs !== undefined) {
      return ` (the server's requested wait is longer than the ${formatDuration(Math.max(0, retryOptions.budgetMs - elapsed))} left of the retry budget${attempts > 1 ? `, after ${attempts} attempts` : ''})`;
    }
    if (attempts <= 1) return '';
    return ` (gave up after ${attempts} attempts in ${formatDuration(elapsed)})`;
  }

  return {
    request,
    baseUrl,
    runtime,
    logger,
    secrets,
    maxConcurrency,
  };
}
