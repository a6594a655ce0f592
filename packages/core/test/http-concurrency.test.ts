import { describe, expect, it } from 'vitest';
import {
  BatchError,
  isReauthorizationRequired,
  NetworkError,
  ReauthorizationRequiredError,
} from '../src/index.js';
import { mapWithConcurrency, type ProgressEvent } from '../src/advanced.js';

/** A promise the test resolves by hand, to control completion order. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapWithConcurrency', () => {
  it('never runs more than the limit at once and returns results in input order', async () => {
    const gates = Array.from({ length: 7 }, () => deferred<void>());
    let running = 0;
    let peak = 0;
    const promise = mapWithConcurrency([0, 1, 2, 3, 4, 5, 6], 3, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await gates[item]?.promise;
      running -= 1;
      return item * 10;
    });
    await tick();
    expect(running).toBe(3);
    // Finish out of order.
    for (const index of [2, 0, 6, 1, 5, 3, 4]) {
      gates[index]?.resolve();
      await tick();
    }
    expect(await promise).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(peak).toBe(3);
  });

  it('reports progress after each settled item, failures counted', async () => {
    const events: ProgressEvent[] = [];
    await expect(
      mapWithConcurrency(
        [1, 2, 3, 4],
        2,
        async (item) => {
          if (item === 2) throw new Error('boom');
          return item;
        },
        { onProgress: (event) => events.push(event) },
      ),
    ).rejects.toBeInstanceOf(BatchError);
    expect(events).toHaveLength(4);
    expect(events.map((event) => event.completed)).toEqual([1, 2, 3, 4]);
    expect(events.every((event) => event.total === 4)).toBe(true);
    expect(events.at(-1)).toEqual({ completed: 4, total: 4, failed: 1 });
  });

  it('runs every item despite failures and lists each failure with the successful results kept', async () => {
    const error = await mapWithConcurrency(
      ['site-1', 'site-2', 'site-3', 'site-4'],
      2,
      async (site) => {
        if (site === 'site-2')
          throw new NetworkError({ message: 'site-2 could not be reached', networkCode: 'ECONNRESET' });
        if (site === 'site-4') throw new Error('plain failure');
        return site.toUpperCase();
      },
      { describe: (site) => site },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BatchError);
    const batch = error as BatchError<string>;
    expect(batch.code).toBe('BATCH_FAILED');
    expect(batch.failures.map((failure) => [failure.index, failure.label])).toEqual([
      [1, 'site-2'],
      [3, 'site-4'],
    ]);
    expect(batch.results).toEqual(['SITE-1', undefined, 'SITE-3', undefined]);
    expect(batch.message).toContain('2 of 4 items failed');
    expect(batch.message).toContain('site-2: site-2 could not be reached');
    expect(batch.message).toContain('site-4: plain failure');
    // Not every failure is a transient one.
    expect(batch.retryable).toBe(false);
    const json = batch.toJSON();
    expect(json).not.toHaveProperty('results');
    expect(JSON.stringify(json)).toContain('NETWORK_ERROR');
  });

  it('is retryable as a whole when every failure is', async () => {
    const error = (await mapWithConcurrency([1], 1, async () => {
      throw new NetworkError({ message: 'reset', networkCode: 'ECONNRESET' });
    }).catch((caught: unknown) => caught)) as BatchError;
    expect(error.retryable).toBe(true);
  });

  it('says to authorize again when the grant was refused for any item, not to retry', async () => {
    const revoked = new ReauthorizationRequiredError({
      message: 'The authorization server refused the refresh token (invalid_grant).',
    });
    const network = new NetworkError({ message: 'reset', networkCode: 'ECONNRESET' });
    const error = await mapWithConcurrency([0, 1, 2], 3, async (item) => {
      if (item === 0) throw network;
      if (item === 2) throw revoked;
      return item;
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BatchError);
    expect((error as BatchError).description).toBe(
      `${revoked.description} The results of the others are kept on the error (\`results\`).`,
    );
    expect((error as BatchError).description).toMatch(/authorize the app again/i);
    expect(isReauthorizationRequired(error)).toBe(true);
    expect(isReauthorizationRequired(revoked)).toBe(true);
    expect(isReauthorizationRequired(network)).toBe(false);
    const transient = await mapWithConcurrency([0], 1, () => Promise.reject(network)).catch(
      (c: unknown) => c,
    );
    expect(isReauthorizationRequired(transient)).toBe(false);
    expect((transient as BatchError).description).toMatch(/^Fix or retry the failed items\./);
  });

  it('stops starting items when aborted and rejects with the abort reason', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const promise = mapWithConcurrency(
      [0, 1, 2, 3, 4],
      2,
      async (item) => {
        started.push(item);
        if (item === 1) controller.abort(new Error('cancelled by user'));
        await tick();
        return item;
      },
      { signal: controller.signal },
    );
    await expect(promise).rejects.toThrow('cancelled by user');
    expect(started).toEqual([0, 1]);
  });

  it('handles an empty list and rejects a bad limit', async () => {
    expect(await mapWithConcurrency([], 3, async () => 1)).toEqual([]);
    await expect(mapWithConcurrency([1], 0, async () => 1)).rejects.toBeInstanceOf(RangeError);
  });

  it('rethrows a failing progress callback instead of counting it as an item failure', async () => {
    await expect(
      mapWithConcurrency([1, 2, 3], 1, async (item) => item, {
        onProgress: () => {
          throw new Error('callback bug');
        },
      }),
    ).rejects.toThrow('callback bug');
  });
});
