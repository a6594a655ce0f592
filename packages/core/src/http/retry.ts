/**
 * When to try a request again and how long to wait first. Pure decisions: the client owns the loop and the
 * sleeping, so the policy can be tested without a network or a clock.
 */
import { ValidationError } from '../errors/errors.js';
import { RESPONSE_TOO_LARGE } from '../seams/transport.js';

export interface RetryOptions {
  /** Attempts in total, the first one included. Default 4; 1 disables retries. */
  maxAttempts?: number;
  /** Backoff ceiling before the first retry; it doubles on each later retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff ceiling, whatever the attempt number. Default 8 s. */
  maxDelayMs?: number;
  /**
   * Time from the first attempt after which no retry starts (waits included). Default 60 s. A server that
   * asks (Retry-After) to wait beyond it ends the retries at once, with an error saying how long to wait.
   */
  budgetMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY_OPTIONS: ResolvedRetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  budgetMs: 60_000,
};

/** Statuses that say "not now" rather than "never": gateways and overloaded or rate-limited servers. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Network error codes raised before any byte of the request could reach the server (no connection, no
 * address). Only these make it safe to resend a request that is not idempotent.
 */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/** Why an attempt failed, in the terms the policy needs. */
export type AttemptFailure =
  | { kind: 'status'; status: number; /** Parsed Retry-After, already capped. */ retryAfterMs?: number }
  | { kind: 'network'; code: string; timedOut: boolean };

export type GiveUpReason =
  /** The failure is not one that waiting can fix (e.g. 400, 500). */
  | 'not-retryable'
  /** The request may have reached the server and is not safe to send twice. */
  | 'not-idempotent'
  | 'attempts-exhausted'
  /** The next wait would end after the time budget. */
  | 'budget-exhausted'
  /** The server asked to wait longer than the budget has left. */
  | 'retry-after-exceeds-budget';

export type RetryDecision =
  | { retry: true; delayMs: number }
  | {
      retry: false;
      reason: GiveUpReason;
      /** What the server asked for, when it did. */ retryAfterMs?: number;
    };

export interface RetryContext {
  /** 1 for the attempt that just failed first, 2 for the next one... */
  attempt: number;
  idempotent: boolean;
  failure: AttemptFailure;
  /** Time since the first attempt started, waits included. */
  elapsedMs: number;
  /** A number in [0, 1) from the injected runtime. */
  random: () => number;
}

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const resolved = { ...DEFAULT_RETRY_OPTIONS };
  for (const key of Object.keys(DEFAULT_RETRY_OPTIONS) as Array<keyof ResolvedRetryOptions>) {
    const value = options[key];
    if (value === undefined) continue;
    if (
      !Number.isFinite(value) ||
      value < 0 ||
      (key === 'maxAttempts' && (!Number.isInteger(value) || value < 1))
    ) {
      // Retry settings are often user input in an adapter: a typed error naming the field, like every
      // other option check, so adapters report it the same way.
      throw new ValidationError({
        field: `retry.${key}`,
        message: `Retry option ${key} must be ${key === 'maxAttempts' ? 'a whole number of at least 1 (1 turns retries off)' : 'a number of milliseconds of at least 0'}, got ${String(value)}: correct it in the client options.`,
      });
    }
    resolved[key] = value;
  }
  return resolved;
}

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** True when the failure proves the request never reached the server, so even a POST may be resent. */
export function provesRequestNotSent(failure: AttemptFailure): boolean {
  return failure.kind === 'network' && !failure.timedOut && NEVER_SENT_CODES.has(failure.code);
}

/**
 * Exponential backoff with equal jitter: half of min(max, base * 2^(retry-1)) is always waited, the other
 * half is uniform. The fixed half makes the retries together outlast a short outage (an API restart of
 * about a second: at least 250 + 500 + 1,000 ms with the defaults), which full jitter could spend within a
 * few milliseconds; the random half still spreads clients that failed together behind a gateway error.
 */
export function backoffDelay(retry: number, options: ResolvedRetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

export function decideRetry(context: RetryContext, options: ResolvedRetryOptions): RetryDecision {
  const { failure } = context;
  const retryAfterMs = failure.kind === 'status' ? failure.retryAfterMs : undefined;
  const giveUp = (reason: GiveUpReason): RetryDecision =>
    retryAfterMs === undefined ? { retry: false, reason } : { retry: false, reason, retryAfterMs };

  const retryable =
    failure.kind === 'network' ? failure.code !== RESPONSE_TOO_LARGE : isRetryableStatus(failure.status);
  if (!retryable) return giveUp('not-retryable');
  if (!context.idempotent && !provesRequestNotSent(failure)) return giveUp('not-idempotent');
  if (context.attempt >= options.maxAttempts) return giveUp('attempts-exhausted');

  const remainingMs = options.budgetMs - context.elapsedMs;
  if (retryAfterMs !== undefined) {
    // The server said when; waiting less would only earn another refusal.
    if (retryAfterMs > remainingMs) return giveUp('retry-after-exceeds-budget');
    return { retry: true, delayMs: retryAfterMs };
  }
  const delayMs = backoffDelay(context.attempt, options, context.random);
  if (delayMs > remainingMs || remainingMs <= 0) return giveUp('budget-exhausted');
  return { retry: true, delayMs };
}
