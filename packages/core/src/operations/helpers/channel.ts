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
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const channel = createChannel<R>(Math.max(1, options.buffer ?? limit), stop.signal);

  let failure: { error: unknown } | undefined;
  let next = 0;
  const worker = async () => {
    while (next < inputs.length && !stop.signal.aborted) {
      const input = inputs[next++] as T;
      try {
        await produce(input, channel.emit, stop.signal);
      } catch (error) {
        if (failure === undefined && !stop.signal.aborted) failure = { error };
        stop.abort(error);
      }
    }
  };

  let running = Math.min(limit, inputs.length);
  const workers = Array.from({ length: running }, () =>
    worker().finally(() => {
      running -= 1;
      channel.notify();
    }),
  );
  try {
    for (;;) {
      const taken = channel.take();
      if (taken !== undefined) {
        yield taken.item;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (options.signal?.aborted) options.signal.throwIfAborted();
      if (running === 0) return;
      await channel.nextEvent();
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (!stop.signal.aborted) stop.abort();
    await Promise.allSettled(workers);
  }
}

/** The queue between the producers and the one consumer. */
interface Channel<R> {
  /** Queues an item, first waiting while `buffer` items are queued; throws once stopped. */
  emit(item: R): Promise<void>;
  /** The oldest queued item (making room for one waiting producer), or undefined when none is queued. */
  take(): { item: R } | undefined;
  /** Settles at the next event: an item queued, a producer finished, or the stop. */
  nextEvent(): Promise<void>;
  /** Wakes the consumer (a producer finished). */
  notify(): void;
}

function createChannel<R>(buffer: number, stopped: AbortSignal): Channel<R> {
  const queue: R[] = [];
  /** Wakes the consumer (something queued, a failure, or the end). */
  let wakeConsumer: (() => void) | undefined;
  /** Producers waiting for room in the queue. */
  const waitingForRoom: Array<() => void> = [];
  const notify = () => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  stopped.addEventListener('abort', () => {
    for (const resolve of waitingForRoom.splice(0)) resolve();
    notify();
  });
  return {
    async emit(item) {
      while (queue.length >= buffer && !stopped.aborted) {
        await new Promise<void>((resolve) => waitingForRoom.push(resolve));
      }
      stopped.throwIfAborted();
      queue.push(item);
      notify();
    },
    take() {
      if (queue.length === 0) return undefined;
      const item = queue.shift() as R;
      waitingForRoom.shift()?.();
      return { item };
    },
    nextEvent: () =>
      new Promise<void>((resolve) => {
        wakeConsumer = resolve;
      }),
    notify,
  };
}
