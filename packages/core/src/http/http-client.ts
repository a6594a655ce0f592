/**
 * The HTTP client every API client (carbon, Energy Hub) sends through: credentials, one replay after a
 * rejected token, retries with backoff, a shared concurrency limit, JSON parsing and typed, redacted errors.
 * It touches neither timers nor the network itself (n8n forbids both): the Runtime and the Transport are
 * injected.
 */
import pLimit from 'p-limit';
import type { AuthStrategy } from '../seams/auth-strategy.js';
import { requireHttpUrl } from '../seams/validate.js';
import { DEFAULT_ENDPOINTS } from '../endpoints.js';
import { ValidationError } from '../errors/errors.js';
import type { SecretRegistry } from '../errors/redact.js';
import { silentLogger, type Logger, type Runtime } from '../seams/runtime.js';
import { guardAuth, sendAttempt } from './attempt.js';
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
import type { HttpMethod, Transport } from '../seams/transport.js';
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
  const retryOptions: ResolvedRetryOptions = resolveRetryOptions(options.retry);
  const secrets: SecretRegistry = auth.secrets;
  const redact = (text: string) => secrets.redact(text);
  const logger = createRedactingLogger(options.logger ?? silentLogger, redact);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  // One limiter for every request of this client, so parallel API calls (pages, sites) share the quota.
  const limit = pLimit(maxConcurrency);
  const attemptSettings = { auth, transport, timeoutMs, userAgent, redact };

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
        return sendAttempt({ method, url, body, signal }, attemptSettings);
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
        const note = attemptsNote(attemptNumber, elapsedMs(), decision, retryOptions);
        const error = noAnswerError({ failure, label, url, timeoutMs, note, redact });
        logger.debug(`${label} failed: ${error.message}`, { request: label, errorCode: error.code });
        throw error;
      }

      const { response, outgoing } = outcome;
      logger.debug(`${label} -> ${response.status} (attempt ${attemptNumber})`, {
        request: label,
        status: response.status,
        requestId: response.headers['x-request-id'],
      });

      // The strategy decides what a refusal means for its kind of credential (replace a stale token, or not).
      if (!replayed && (response.status === 401 || response.status === 403)) {
        replayed = true;
        const refreshed = await guardAuth(
          () => auth.handleRejected(response.status, auth.credentialOf(outgoing), response),
          method,
          url,
          redact,
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
        rejectionAdvice: auth.rejectionAdvice,
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
      const note = attemptsNote(attemptNumber, elapsedMs(), decision, retryOptions);
      const error = errorFromResponse(response, { ...context, ...(note ? { attemptsNote: note } : {}) });
      logger.debug(`${label} failed: ${error.message}`, { request: label, errorCode: error.code });
      throw error;
    }
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
