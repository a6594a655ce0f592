/**
 * A small seeded pseudo-random generator for fault probabilities. Tests must be able to replay a flaky
 * run exactly, so the draws come from the simulator's seed rather than Math.random().
 */

/**
 * mulberry32: a 32-bit state generator (public domain, Tommy Ettinger). It is tiny, fast and statistically
 * good enough for deciding whether a request fails; it is not suitable for anything security related.
 * Returns numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Derives an independent seed for one stream (one fault rule) from the run's seed. Each rule gets its own
 * stream so whether it hits depends only on the seed, the rule's position and the requests it matched,
 * not on what other rules drew before it.
 */
export function streamSeed(seed: number, stream: number): number {
  // Integer hash mixing (the finaliser of MurmurHash3) spreads nearby seeds and stream numbers apart.
  let h = (Math.trunc(seed) ^ Math.imul(stream, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
