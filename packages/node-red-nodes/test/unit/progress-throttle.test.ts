/**
 * Progress statuses under a node show at most every quarter second, however fast pages arrive: each
 * status goes to every open editor. A clock the test moves keeps this independent of the machine's speed.
 */
import { describe, expect, it } from 'vitest';
import { PROGRESS_EVERY_MS, progressThrottle } from '../../src/lib/progress-throttle.js';

function clock(startMs = 1_000) {
  let at = startMs;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

describe('progress throttle', () => {
  it('holds back updates that come sooner than the interval after the run started', () => {
    const time = clock();
    const due = progressThrottle(PROGRESS_EVERY_MS, time.now);
    const shown: boolean[] = [];
    for (let ms = 0; ms < PROGRESS_EVERY_MS; ms += 50) {
      shown.push(due());
      time.advance(50);
    }
    expect(shown).toEqual([false, false, false, false, false]);
    expect(due()).toBe(true);
  });

  it('lets one update through per interval, counted from the last one shown', () => {
    const time = clock();
    const due = progressThrottle(250, time.now);
    const shown: number[] = [];
    // A page every 100 ms for 1.2 s: one update each 300 ms (the first page at or past 250 ms since the last).
    for (let ms = 100; ms <= 1_200; ms += 100) {
      time.advance(100);
      if (due()) shown.push(ms);
    }
    expect(shown).toEqual([300, 600, 900, 1_200]);
  });

  it('shows every update when they come slower than the interval', () => {
    const time = clock();
    const due = progressThrottle(250, time.now);
    const shown = [1, 2, 3].map(() => {
      time.advance(400);
      return due();
    });
    expect(shown).toEqual([true, true, true]);
  });
});
