/**
 * Runs one async function over many items (sites, pages, time windows) with a cap on how many run at once.
 *
 * Settling semantics: every item runs, even after another failed, so one bad site does not hide the
 * others' results. If all succeed, the results come back in input order. If any failed, the call rejects
 * with a BatchError that lists every failed item (index, label, error) and still carries the results of
 * the items that succeeded, so nothing is silently dropped either way. Aborting the signal stops starting
 * new items; once the running ones settle, the call rejects with the signal's reason.
 */
import { EcoStruxureError } from '../errors/errors.js';
import { redactSecretPatterns } from '../errors/redact.js';
import type { ProgressEvent } from './types.js';

export interface MapWithConcurrencyOptions<T> {
  /** Called after each item settles; `completed` counts settled items, failed ones included. */
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Names an item in error messages (e.g. its site ID); default `item <index>`. */
  describe?: (item: T, index: number) => string;
}

export interface BatchFailure {
  index: number;
  label: string;
  error: unknown;
}

/** Messages of this many failures are spelled out; the rest are counted. */
const LISTED_FAILURES = 5;

/**
 * What the user should do about the failed items. A refused grant comes first: until the app is authorized
 * again no item can succeed, and "retry" would only fail the same way.
 */
function adviceFor(failures: BatchFailure[]): string {
  const refused = failures.find((failure) => isReauthorizationRequired(failure.error));
  if (refused) return (refused.error as EcoStruxureError).description;
  return 'Fix or retry the failed items.';
}

/**
 * True when the error (or, for a batch, one of its items) says the customer's grant is gone (consent
 * revoked, refresh token refused): the user must authorize the app again.
 */
export function isReauthorizationRequired(error: unknown): boolean {
  if (error instanceof BatchError)
    return error.failures.some((failure) => isReauthorizationRequired(failure.error));
  return error instanceof EcoStruxureError && error.code === 'REAUTHORIZATION_REQUIRED';
}

/** Some items of a batch failed. `failures` is sorted by index; `results` holds what succeeded. */
export class BatchError<R = unknown> extends EcoStruxureError {
  readonly failures: BatchFailure[];
  /** Input-ordered results; `undefined` where the item failed. */
  readonly results: Array<R | undefined>;
  readonly total: number;

  constructor(failures: BatchFailure[], results: Array<R | undefined>, total: number) {
    const listed = failures
      .slice(0, LISTED_FAILURES)
      .map((failure) => `${failure.label}: ${messageOf(failure.error)}`)
      .join(' | ');
    const more = failures.length > LISTED_FAILURES ? ` | and ${failures.length - LISTED_FAILURES} more` : '';
    // Worth retrying as a whole only if every failure was a transient one.
    const retryable = failures.every(
      (failure) => failure.error instanceof EcoStruxureError && failure.error.retryable,
    );
    super('BATCH_FAILED', {
      message: `${failures.length} of ${total} items failed (the other ${total - failures.length} succeeded): ${listed}${more}.`,
      description: `${adviceFor(failures)} The results of the others are kept on the error (\`results\`).`,
      retryable,
    });
    this.failures = failures;
    this.results = results;
    this.total = total;
  }

  /** Failures summarised (errors by their own redacted toJSON); the successful results are data, not error detail. */
  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      total: this.total,
      failures: this.failures.map((failure) => ({
        index: failure.index,
        label: redactSecretPatterns(failure.label),
        // Our errors serialize themselves redacted; a foreign error contributes only its redacted message.
        error:
          failure.error instanceof EcoStruxureError
            ? failure.error.toJSON()
            : { name: nameOf(failure.error), message: redactSecretPatterns(messageOf(failure.error)) },
      })),
    };
  }
}

export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  options: MapWithConcurrencyOptions<T> = {},
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`The concurrency limit must be a whole number of at least 1, got ${limit}.`);
  }
  const { onProgress, signal, describe } = options;
  const total = items.length;
  const results = new Array<R | undefined>(total);
  const failures: BatchFailure[] = [];
  let next = 0;
  let completed = 0;
  // A throwing progress callback is the caller's bug, not an item's failure: it stops the batch and is rethrown.
  let callbackFailure: { error: unknown } | undefined;

  const worker = async (): Promise<void> => {
    while (next < total && !signal?.aborted && callbackFailure === undefined) {
      const index = next++;
      const item = items[index] as T;
      try {
        results[index] = await fn(item, index);
      } catch (error) {
        failures.push({ index, label: describe ? describe(item, index) : `item ${index}`, error });
      }
      completed += 1;
      if (onProgress) {
        try {
          onProgress({ completed, total, failed: failures.length });
        } catch (error) {
          callbackFailure ??= { error };
        }
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(limit, total) }, () => worker()));
  if (callbackFailure !== undefined) throw callbackFailure.error;
  signal?.throwIfAborted();
  if (failures.length > 0) {
    failures.sort((a, b) => a.index - b.index);
    throw new BatchError(failures, results, total);
  }
  return results as R[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
