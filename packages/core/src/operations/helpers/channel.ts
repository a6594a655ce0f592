/**
 * Runs one async producer per input with at most `limit` at once, and hands what they produce to a
 * single consumer as an async iterator. A producer waits while the consumer is `buffer` batches behind,
 * so memory stays flat however much the producers could fetch. The first failure stops every producer
 * and is thrown to the consumer; a consumer that stops early (break) stops the producers too.
 */
export type Produce<T, R> = (
  input: T,
  emit: (item: R) => Promise<void>,
  signal: AbortSignal,
) => Promise<void>;

export async function* produceConcurrently<T, R>(
  inputs: readonly T[],
  limit: number,
  produce: Produce<T, R>,
  options: { buffer?: number; signal?: AbortSignal | undefined } = {},
): AsyncGenerator<R, void, undefined> {
  const buffer = Math.max(1, options.buffer ?? limit);
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  const queue: R[] = [];
  let failure: { error: unknown } | undefined;
  let running = 0;
  let next = 0;
  /** Wakes the consumer (something queued, a failure, or the end). */
  let wakeConsumer: (() => void) | undefined;
  /** Producers waiting for room in the queue. */
  const waitingForRoom: Array<() => void> = [];

  const notify = () => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  const emit = async (item: R) => {
    while (queue.length >= buffer && !stop.signal.aborted) {
      await new Promise<void>((resolve) => waitingForRoom.push(resolve));
    }
    stop.signal.throwIfAborted();
    queue.push(item);
    notify();
  };
  const worker = async () => {
    while (next < inputs.length && !stop.signal.aborted) {
      const input = inputs[next++] as T;
      try {
        await produce(input, emit, stop.signal);
      } catch (error) {
        if (failure === undefined && !stop.signal.aborted) failure = { error };
        stop.abort(error);
      }
    }
  };
  const release = () => {
    for (const resolve of waitingForRoom.splice(0)) resolve();
  };
  stop.signal.addEventListener('abort', () => {
    release();
    notify();
  });

  running = Math.min(limit, inputs.length);
  const workers = Array.from({ length: running }, () =>
    worker().finally(() => {
      running -= 1;
      notify();
    }),
  );
  try {
    for (;;) {
      if (queue.length > 0) {
        const item = queue.shift() as R;
        waitingForRoom.shift()?.();
        yield item;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (options.signal?.aborted) options.signal.throwIfAborted();
      if (running === 0) return;
      await new Promise<void>((resolve) => {
        wakeConsumer = resolve;
      });
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (!stop.signal.aborted) stop.abort();
    await Promise.allSettled(workers);
  }
}
