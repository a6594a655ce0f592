/**
 * What the user is told when the client stops trying: why no answer came (timeout, broken connection,
 * an oversized body), and how many attempts were spent on it.
 */
import { type EcoStruxureError, InvalidResponseError, NetworkError, TimeoutError } from '../errors/errors.js';
import { formatDuration } from './response.js';
import type { ResolvedRetryOptions, RetryDecision } from './retry.js';
import { RESPONSE_TOO_LARGE, type TransportFailure } from '../seams/transport.js';

/** ` (gave up after 4 attempts in 12.3 s)` and the like, or nothing when one attempt says it all. */
export function attemptsNote(
  attempts: number,
  elapsedMs: number,
  decision: RetryDecision,
  retry: ResolvedRetryOptions,
): string {
  if (decision.retry) return '';
  if (decision.reason === 'not-idempotent') {
    return ' (not sent again: it may have reached the server, and this request is not safe to repeat)';
  }
  if (decision.reason === 'retry-after-exceeds-budget' && decision.retryAfterMs !== undefined) {
    return ` (the server's requested wait is longer than the ${formatDuration(Math.max(0, retry.budgetMs - elapsedMs))} left of the retry budget${attempts > 1 ? `, after ${attempts} attempts` : ''})`;
  }
  if (attempts <= 1) return '';
  return ` (gave up after ${attempts} attempts in ${formatDuration(elapsedMs)})`;
}

export interface NoAnswer {
  failure: TransportFailure;
  /** `GET /path`. */
  label: string;
  url: URL;
  timeoutMs: number;
  /** From attemptsNote. */
  note: string;
  redact: (text: string) => string;
}

/** The typed error for a request that got no usable answer. */
export function noAnswerError({ failure, label, url, timeoutMs, note, redact }: NoAnswer): EcoStruxureError {
  const context = { request: label, redact, cause: failure };
  if (failure.timedOut) {
    return new TimeoutError({
      ...context,
      timeoutMs,
      message: `${label} got no response from ${url.origin} within ${formatDuration(timeoutMs)}${note}.`,
      // Neither n8n nor Node-RED offers a timeout setting, so the advice names what a user can change.
      description:
        'The service may be slow or unreachable: try again later; ask for less at once (a shorter range, a coarser granularity, fewer sites per call) so each answer comes sooner; check the network and any proxy.',
    });
  }
  if (failure.code === RESPONSE_TOO_LARGE) {
    return new InvalidResponseError({
      ...context,
      message: `${label} answered with a body larger than the transport's limit, so it was dropped unread.`,
      description:
        'Ask for less at once (a shorter date range or a smaller page size); if such a large answer is expected, raise maxResponseBytes in the transport options.',
    });
  }
  return new NetworkError({
    ...context,
    networkCode: failure.code,
    message: `${label} could not complete: the connection to ${url.origin} failed (${failure.code})${note}.`,
    description: 'Check the base URL and the network (proxy, firewall, DNS), then try again.',
  });
}
