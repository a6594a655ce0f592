/**
 * Splits a long emissions range into windows the API accepts in one request. Windows are half-open
 * (`[from, to)`) and adjacent, and the API returns the intervals whose start lies in the requested
 * range, so every interval falls in exactly one window: nothing is fetched twice or missed at a seam.
 */
import { CONTRACT_DIALECT } from './dialect.js';
import type { Granularity } from './params.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Longest range per request under the contract's dialect (API contract §5). */
export const MAX_RANGE_MS: Readonly<Record<Granularity, number>> = {
  PT15M: CONTRACT_DIALECT.maxRangeDays.PT15M * DAY_MS,
  PT1H: CONTRACT_DIALECT.maxRangeDays.PT1H * DAY_MS,
  P1D: CONTRACT_DIALECT.maxRangeDays.P1D * DAY_MS,
  P1M: CONTRACT_DIALECT.maxRangeDays.P1M * DAY_MS,
};

/** What the API uses when no granularity is sent. */
export const DEFAULT_GRANULARITY: Granularity = 'PT15M';

export interface TimeWindow {
  from: Date;
  to: Date;
}

export function splitRange(
  from: Date,
  to: Date,
  granularity: Granularity = DEFAULT_GRANULARITY,
  maxRangeDays: Readonly<Record<Granularity, number>> = CONTRACT_DIALECT.maxRangeDays,
): TimeWindow[] {
  const limit = maxRangeDays[granularity] * DAY_MS;
  const end = to.getTime();
  const windows: TimeWindow[] = [];
  for (let start = from.getTime(); start < end; start += limit) {
    windows.push({ from: new Date(start), to: new Date(Math.min(start + limit, end)) });
  }
  return windows;
}
