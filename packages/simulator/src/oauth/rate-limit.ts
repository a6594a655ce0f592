/** A fixed-window request counter per credential (or per client address for unauthenticated requests). */
import type { Clock } from '../clock.js';
import type { RateLimitConfig } from '../options.js';

interface Window {
  startedAt: number;
  count: number;
}

/** Windows are forgotten once this many keys are tracked, keeping memory bounded under load tests. */
const MAX_TRACKED_KEYS = 10_000;

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly config: RateLimitConfig | false,
    private readonly clock: Clock,
  ) {}

  /** Counts one request; returns the seconds to wait when it is over the limit, otherwise undefined. */
  hit(key: string): number | undefined {
    if (this.config === false) return undefined;
    const { limit, windowMs } = this.config;
    const now = this.clock.now();
    let window = this.windows.get(key);
    // A window in the future means the clock was skewed backwards: start afresh rather than lock out.
    if (!window || now >= window.startedAt + windowMs || now < window.startedAt) {
      if (this.windows.size >= MAX_TRACKED_KEYS) this.forgetClosedWindows(now, windowMs);
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= limit) return undefined;
    return Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000));
  }

  private forgetClosedWindows(now: number, windowMs: number): void {
    for (const [key, window] of this.windows)
      if (now >= window.startedAt + windowMs) this.windows.delete(key);
    if (this.windows.size >= MAX_TRACKED_KEYS) this.windows.clear();
  }
}
