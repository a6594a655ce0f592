/** The interval sizes the emissions endpoint serves, all aligned to UTC. */
import { utc } from '../shared/iso-time.js';

export const GRANULARITIES = ['PT15M', 'PT1H', 'P1D', 'P1M'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const isGranularity = (value: string): value is Granularity =>
  (GRANULARITIES as readonly string[]).includes(value);

const FIXED_MS: Record<Exclude<Granularity, 'P1M'>, number> = {
  PT15M: 15 * 60_000,
  PT1H: 3_600_000,
  P1D: 86_400_000,
};

/** The start of the interval containing `ms`. */
export function floorToInterval(ms: number, granularity: Granularity): number {
  if (granularity === 'P1M') {
    const date = new Date(ms);
    return utc(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  const size = FIXED_MS[granularity];
  return Math.floor(ms / size) * size;
}

/** The first interval start at or after `ms`. */
export function ceilToInterval(ms: number, granularity: Granularity): number {
  const floor = floorToInterval(ms, granularity);
  return floor === ms ? ms : nextInterval(floor, granularity);
}

export function nextInterval(start: number, granularity: Granularity): number {
  if (granularity === 'P1M') {
    const date = new Date(start);
    return utc(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return start + FIXED_MS[granularity];
}

export function previousInterval(start: number, granularity: Granularity): number {
  if (granularity === 'P1M') {
    const date = new Date(start);
    return utc(date.getUTCFullYear(), date.getUTCMonth() - 1, 1);
  }
  return start - FIXED_MS[granularity];
}

/** The latest instant `to` may be for a range starting at `from` (contract §5 limits). */
export function maxRangeEnd(from: number, granularity: Granularity): number {
  const day = 86_400_000;
  switch (granularity) {
    case 'PT15M':
      return from + 31 * day;
    case 'PT1H':
      return from + 92 * day;
    case 'P1D':
      return from + 366 * day;
    case 'P1M': {
      const date = new Date(from);
      date.setUTCFullYear(date.getUTCFullYear() + 5);
      return date.getTime();
    }
  }
}

export const RANGE_LIMIT_TEXT: Record<Granularity, string> = {
  PT15M: '31 days',
  PT1H: '92 days',
  P1D: '366 days',
  P1M: '5 years',
};

/**
 * Interval starts in [from, to) whose interval has ended by `now`. Counting is arithmetic for fixed sizes
 * so a page can be produced without listing every earlier interval.
 */
export class IntervalRange {
  readonly first: number;
  readonly count: number;

  constructor(
    from: number,
    to: number,
    now: number,
    readonly granularity: Granularity,
  ) {
    this.first = ceilToInterval(from, granularity);
    // The last start allowed: before `to`, and with its whole interval in the past.
    const lastCompleteEnd = floorToInterval(now, granularity);
    const limit = Math.min(to, lastCompleteEnd);
    let count = 0;
    if (granularity === 'P1M') {
      for (let start = this.first; start < limit && nextInterval(start, granularity) <= now;) {
        count += 1;
        start = nextInterval(start, granularity);
      }
    } else if (limit > this.first) {
      const size = FIXED_MS[granularity];
      count = Math.ceil((limit - this.first) / size);
    }
    this.count = count;
  }

  /** The starts of items [offset, offset + length). */
  slice(offset: number, length: number): number[] {
    const starts: number[] = [];
    const end = Math.min(this.count, offset + length);
    if (this.granularity === 'P1M') {
      let start = this.first;
      for (let i = 0; i < end; i += 1) {
        if (i >= offset) starts.push(start);
        start = nextInterval(start, this.granularity);
      }
      return starts;
    }
    const size = FIXED_MS[this.granularity];
    for (let i = offset; i < end; i += 1) starts.push(this.first + i * size);
    return starts;
  }
}
