/**
 * Sums one site's intervals into its buckets as the pages arrive, so a year of 15-minute data is never
 * held: per bucket only the sums, the counts, and the gaps seen so far. Completeness is counted against
 * the intervals the bucket must hold (those that start in it and have ended), and every missing run of
 * intervals is kept as a range, so "98.6 %" can be traced to the hours behind it.
 */

/** A run of missing intervals, ISO 8601 UTC, `to` excluded. */
export interface GapRange {
  from: string;
  to: string;
}

/** At most this many gap ranges are listed per bucket; `gapCount` still counts them all. */
export const LISTED_GAPS = 50;

export interface BucketTally {
  kWh: number;
  kgCO2e: number;
  expected: number;
  received: number;
  estimated: number;
  gaps: GapRange[];
  gapCount: number;
  /** Intervals that came again or out of time order: not counted twice. */
  repeated: number;
}

interface OpenBucket extends BucketTally {
  /** The first interval start of the bucket, aligned to the granularity. */
  first: number;
  /** Interval starts of the bucket are before this (its end, or the start of an interval not ended yet). */
  end: number;
  /** The start the next interval should have; anything after it means a gap. */
  next: number;
}

export interface BucketEdges {
  /** UTC instants, `to` excluded. */
  from: number;
  to: number;
}

const iso = (time: number) => new Date(time).toISOString();

export class SeriesTally {
  private readonly buckets: OpenBucket[];
  private cursor = 0;

  /** `until`: intervals ending after it have not ended yet, so they are not expected. */
  constructor(
    edges: readonly BucketEdges[],
    private readonly step: number,
    until: number,
  ) {
    this.buckets = edges.map(({ from, to }) => {
      // An interval belongs to the bucket it starts in (as the API's from/to select them), even when a
      // zone's half-hour offset makes an hourly one end after the bucket; it is expected once it has ended.
      const first = Math.ceil(from / step) * step;
      const startsBefore = Math.min(Math.ceil(to / step) * step, Math.floor(until / step) * step);
      const expected = Math.max(0, (startsBefore - first) / step);
      const end = first + expected * step;
      return {
        kWh: 0,
        kgCO2e: 0,
        expected,
        received: 0,
        estimated: 0,
        gaps: [],
        gapCount: 0,
        repeated: 0,
        first,
        end,
        next: first,
      };
    });
  }

  /** One interval; `kgCO2e` null means the interval came without its emission value (counted as missing). */
  add(start: number, kgCO2e: number | null, kWh: number | null, estimated: boolean): void {
    const bucket = this.bucketOf(start);
    if (bucket === undefined || kgCO2e === null) return;
    if (start < bucket.next) {
      bucket.repeated += 1;
      return;
    }
    if (start > bucket.next) this.gap(bucket, bucket.next, start);
    bucket.next = start + this.step;
    bucket.received += 1;
    bucket.kgCO2e += kgCO2e;
    if (kWh !== null) bucket.kWh += kWh;
    if (estimated) bucket.estimated += 1;
  }

  /** The buckets, with the gaps at their ends closed. */
  finish(): BucketTally[] {
    return this.buckets.map((bucket) => {
      if (bucket.next < bucket.end) this.gap(bucket, bucket.next, bucket.end);
      const { kWh, kgCO2e, expected, received, estimated, gaps, gapCount, repeated } = bucket;
      return { kWh, kgCO2e, expected, received, estimated, gaps, gapCount, repeated };
    });
  }

  private gap(bucket: OpenBucket, from: number, to: number): void {
    bucket.gapCount += 1;
    if (bucket.gaps.length < LISTED_GAPS) bucket.gaps.push({ from: iso(from), to: iso(to) });
  }

  private bucketOf(start: number): OpenBucket | undefined {
    // Intervals come in time order, so the bucket is nearly always the current one or the next.
    for (let tries = 0; tries < this.buckets.length; tries += 1) {
      const bucket = this.buckets[this.cursor]!;
      if (start >= bucket.first && start < bucket.end) return bucket;
      if (start >= bucket.end && this.cursor < this.buckets.length - 1) this.cursor += 1;
      else if (start < bucket.first && this.cursor > 0) this.cursor -= 1;
      else return undefined;
    }
    return undefined;
  }
}
