/** A Runtime on virtual time: sleeping advances the clock at once, so retry tests never really wait. */
import type { Runtime } from '../../src/index.js';

export interface FakeRuntime extends Runtime {
  /** Every sleep requested, in order. */
  readonly sleeps: number[];
  advance(ms: number): void;
}

export function createFakeRuntime(options: { start?: number; random?: () => number } = {}): FakeRuntime {
  let now = options.start ?? Date.UTC(2025, 0, 15, 12, 0, 0);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
    },
    random: options.random ?? (() => 0.5),
  };
}
