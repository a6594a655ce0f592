/**
 * Checks what the API answered against what core asked: points whose interval starts outside the
 * requested window are dropped (or kept and flagged, by the dialect's `pointsOutsideWindow`) with a
 * warning that counts them, and the intervals of the window that ended but got no point are named. An API
 * whose range parameters select something else than interval starts (revision time, local days) is
 * caught here rather than passed on as a quietly shifted or shorter result.
 */
import type { ShapeWarning } from '../schema/parse-response.js';
import type { CarbonDialect } from './dialect.js';
import type { Granularity } from './params.js';
import type { TimeWindow } from './ranges.js';
import type { EmissionsResponse } from './schemas.js';

const FIXED_MS: Record<Exclude<Granularity, 'P1M'>, number> = {
  PT15M: 900_000,
  PT1H: 3_600_000,
  P1D: 86_400_000,
};
/** Named one by one up to this many; the rest are counted. */
const LISTED = 5;

function nextStart(ms: number, granularity: Granularity): number {
  if (granularity !== 'P1M') return ms + FIXED_MS[granularity];
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + 1, 1);
  return date.getTime();
}

/** The first interval start at or after `ms`, on the UTC grid of the granularity. */
function ceilStart(ms: number, granularity: Granularity): number {
  if (granularity !== 'P1M') return Math.ceil(ms / FIXED_MS[granularity]) * FIXED_MS[granularity];
  const date = new Date(ms);
  const first = new Date(0);
  first.setUTCFullYear(date.getUTCFullYear(), date.getUTCMonth(), 1);
  return first.getTime() === ms ? ms : nextStart(first.getTime(), granularity);
}

/** One window's intervals, and which of them got a point, across the window's pages. */
export class WindowTally {
  private readonly starts: number[] = [];
  private readonly seen: Uint8Array;
  outside = 0;

  constructor(
    readonly window: TimeWindow,
    readonly granularity: Granularity | undefined,
    now: number,
  ) {
    if (granularity !== undefined) {
      const to = window.to.getTime();
      for (
        let start = ceilStart(window.from.getTime(), granularity);
        start < to;
        start = nextStart(start, granularity)
      ) {
        if (nextStart(start, granularity) > now) break;
        this.starts.push(start);
      }
    }
    this.seen = new Uint8Array(this.starts.length);
  }

  /** Marks the interval `time` falls in as answered. */
  private mark(time: number): void {
    let low = 0;
    let high = this.starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if ((this.starts[middle] ?? 0) <= time) low = middle + 1;
      else high = middle - 1;
    }
    if (high >= 0) this.seen[high] = 1;
  }

  /** Drops (or flags) the response's points outside the window, in place, and marks the others. */
  check(response: EmissionsResponse, dialect: CarbonDialect): void {
    const from = this.window.from.getTime();
    const to = this.window.to.getTime();
    const keep = dialect.pointsOutsideWindow === 'keep';
    for (const series of response.timeseries) {
      let outside = 0;
      for (const point of series.values) {
        const time = point.date.getTime();
        if (time >= from && time < to) this.mark(time);
        else {
          outside += 1;
          if (keep) point.outsideWindow = true;
        }
      }
      if (outside === 0) continue;
      this.outside = Math.max(this.outside, outside);
      if (!keep)
        series.values = series.values.filter(
          (point) => point.date.getTime() >= from && point.date.getTime() < to,
        );
    }
  }

  warnings(siteId: string, dialect: CarbonDialect): ShapeWarning[] {
    const span = `${this.window.from.toISOString()} to ${this.window.to.toISOString()}`;
    const warnings: ShapeWarning[] = [];
    if (this.outside > 0 && dialect.rangeSelects === 'interval-start') {
      const what = dialect.pointsOutsideWindow === 'keep' ? 'kept, each flagged outsideWindow' : 'left out';
      warnings.push({
        path: 'timeseries[].values[].date',
        message: `Site ${siteId}: the API answered ${this.outside} interval(s) per series starting outside the requested window ${span}; they were ${what}. Its range parameters may select revision times (set carbonDialect.rangeSelects to "revision-time") or local days (ask for a range in the site's offset).`,
      });
    }
    const missing = this.starts.filter((_, index) => this.seen[index] === 0);
    if (missing.length > 0) {
      const named = missing.slice(0, LISTED).map((start) => new Date(start).toISOString());
      const more = missing.length > LISTED ? ` and ${missing.length - LISTED} more` : '';
      warnings.push({
        path: 'timeseries[].values',
        message: `Site ${siteId}: ${missing.length} ${this.granularity ?? ''} interval(s) of the window ${span} have no value: ${named.join(', ')}${more}. The API may not have them yet, or its range parameters select something else than interval starts (carbonDialect.rangeSelects).`,
      });
    }
    return warnings;
  }
}
