/**
 * A TokenStore for strategy tests: the in-memory store behind a delay, counting loads and saves and
 * recording whether two saves ever overlapped, so tests can see what a slow disk would reveal.
 */
import { createMemoryTokenStore } from '../../src/advanced.js';
import type { TokenSet, TokenStore } from '../../src/index.js';

export interface RecordingTokenStore extends TokenStore {
  loads: number;
  /** Every save, in the order it finished. */
  readonly saved: Array<TokenSet | undefined>;
  /** The most saves that were running at the same moment. */
  maxConcurrentSaves: number;
  /** Makes the next saves fail (with a message that quotes the token, as a careless store might). */
  failSaves: boolean;
  /** What the store holds right now (no delay, not counted). */
  peek(): Promise<TokenSet | undefined>;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function recordingTokenStore(
  options: { initial?: TokenSet; delayMs?: number | ((index: number) => number) } = {},
): RecordingTokenStore {
  const inner = createMemoryTokenStore(options.initial);
  const delay = (index: number) =>
    typeof options.delayMs === 'function' ? options.delayMs(index) : (options.delayMs ?? 5);
  let running = 0;
  let started = 0;
  const store: RecordingTokenStore = {
    loads: 0,
    saved: [],
    maxConcurrentSaves: 0,
    failSaves: false,
    async load() {
      store.loads += 1;
      await wait(delay(0));
      return inner.load();
    },
    async save(tokens) {
      running += 1;
      store.maxConcurrentSaves = Math.max(store.maxConcurrentSaves, running);
      try {
        await wait(delay(started++));
        if (store.failSaves) throw new Error(`disk full while writing ${tokens?.refreshToken ?? 'nothing'}`);
        await inner.save(tokens);
        store.saved.push(tokens);
      } finally {
        running -= 1;
      }
    },
    peek: () => inner.load(),
  };
  return store;
}
