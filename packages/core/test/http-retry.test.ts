import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_OPTIONS } from '../src/advanced.js';
import {
  backoffDelay,
  decideRetry,
  provesRequestNotSent,
  resolveRetryOptions,
  type RetryContext,
} from '../src/http/retry.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../src/seams/response-signals.js';

const options = resolveRetryOptions({
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  budgetMs: 10_000,
});
const context = (overrides: Partial<RetryContext>): RetryContext => ({
  attempt: 1,
  idempotent: true,
  failure: { kind: 'status', status: 503 },
  elapsedMs: 0,
  random: () => 0.999,
  ...overrides,
});

describe('retry policy', () => {
  it('backs off exponentially with equal jitter, capped at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, options, () => 0.999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(3, options, () => 0)).toBe(200);
    expect(backoffDelay(3, options, () => 0.5)).toBe(300);
  });

  it('with the defaults, the retries outlast an outage of 1.5 s whatever the random draws', () => {
    // Full jitter could draw three waits near 0 and give up within milliseconds of a restart.
    const waits = [1, 2, 3].map((retry) => backoffDelay(retry, DEFAULT_RETRY_OPTIONS, () => 0));
    expect(waits).toEqual([250, 500, 1_000]);
    expect(waits.reduce((sum, wait) => sum + wait, 0)).toBeGreaterThan(1_500);
  });

  it.each([429, 502, 503, 504])('retries an idempotent request on %i', (status) => {
    expect(decideRetry(context({ failure: { kind: 'status', status } }), options)).toEqual({
      retry: true,
      delayMs: 99,
    });
  });

  it.each([400, 401, 403, 404, 500, 501])('does not retry %i', (status) => {
    expect(decideRetry(context({ failure: { kind: 'status', status } }), options)).toEqual({
      retry: false,
      reason: 'not-retryable',
    });
  });

  it('retries network failures and timeouts of idempotent requests', () => {
    for (const failure of [
      { kind: 'network', code: 'ECONNRESET', timedOut: false },
      { kind: 'network', code: 'ETIMEDOUT', timedOut: true },
    ] as const) {
      expect(decideRetry(context({ failure }), options).retry).toBe(true);
    }
  });

  it('retries a non-idempotent request only when it provably never reached the server', () => {
    const post = (failure: RetryContext['failure']) =>
      decideRetry(context({ idempotent: false, failure }), options);
    expect(post({ kind: 'status', status: 503 })).toEqual({ retry: false, reason: 'not-idempotent' });
    expect(post({ kind: 'network', code: 'ECONNRESET', timedOut: false })).toEqual({
      retry: false,
      reason: 'not-idempotent',
    });
    expect(post({ kind: 'network', code: 'ETIMEDOUT', timedOut: true }).retry).toBe(false);
    expect(post({ kind: 'network', code: 'ECONNREFUSED', timedOut: false }).retry).toBe(true);
    expect(provesRequestNotSent({ kind: 'network', code: 'ENOTFOUND', timedOut: false })).toBe(true);
  });

  it('stops after maxAttempts', () => {
    expect(decideRetry(context({ attempt: 4 }), options)).toEqual({
      retry: false,
      reason: 'attempts-exhausted',
    });
  });

  it('stops when the next wait would end after the budget', () => {
    expect(decideRetry(context({ attempt: 3, elapsedMs: 9_700 }), options)).toEqual({
      retry: false,
      reason: 'budget-exhausted',
    });
    expect(decideRetry(context({ attempt: 3, elapsedMs: 9_500 }), options)).toEqual({
      retry: true,
      delayMs: 399,
    });
  });

  it('waits exactly as long as Retry-After says, and gives up when that exceeds the budget', () => {
    const rateLimited = (retryAfterMs: number, elapsedMs = 0) =>
      decideRetry(context({ elapsedMs, failure: { kind: 'status', status: 429, retryAfterMs } }), options);
    expect(rateLimited(3_000)).toEqual({ retry: true, delayMs: 3_000 });
    expect(rateLimited(3_000, 8_000)).toEqual({
      retry: false,
      reason: 'retry-after-exceeds-budget',
      retryAfterMs: 3_000,
    });
  });

  it('validates its options', () => {
    expect(resolveRetryOptions()).toEqual(DEFAULT_RETRY_OPTIONS);
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => resolveRetryOptions({ budgetMs: -1 })).toThrow(/budgetMs/);
    expect(() => resolveRetryOptions({ maxAttempts: 2.5 })).toThrow(
      expect.objectContaining({ name: 'ValidationError', field: 'retry.maxAttempts' }),
    );
    expect(resolveRetryOptions({ maxAttempts: 1 }).maxAttempts).toBe(1);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2025, 0, 15, 12, 0, 0);

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', undefined, now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', undefined, now)).toBe(0);
  });

  it('reads an HTTP date against the client clock when the response has no Date header', () => {
    expect(parseRetryAfter(new Date(now + 5_000).toUTCString(), undefined, now)).toBe(5_000);
  });

  it('reads an HTTP date against the server Date header, immune to clock skew', () => {
    const serverNow = now + 3_600_000; // server clock one hour ahead
    const retryAt = new Date(serverNow + 7_000).toUTCString();
    expect(parseRetryAfter(retryAt, new Date(serverNow).toUTCString(), now)).toBe(7_000);
    // Without the Date header the skew would have turned 7 s into an hour.
    expect(parseRetryAfter(retryAt, undefined, now)).toBe(3_607_000);
  });

  it('clamps dates in the past to 0 and caps long waits', () => {
    expect(parseRetryAfter(new Date(now - 60_000).toUTCString(), undefined, now)).toBe(0);
    expect(parseRetryAfter('99999999999', undefined, now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('600', undefined, now, 60_000)).toBe(60_000);
  });

  it('ignores values it cannot read', () => {
    for (const value of [undefined, '', 'soon', '-5', '1.5', 'Mon, 99 Foo 2025']) {
      expect(parseRetryAfter(value, undefined, now)).toBeUndefined();
    }
  });

  it('falls back to the client clock when the Date header is unreadable', () => {
    expect(parseRetryAfter(new Date(now + 2_000).toUTCString(), 'garbage', now)).toBe(2_000);
  });
});
