/**
 * Splits a long emissions range into windows the API accepts in one request. Windows are half-open
 * (`[from, to)`) and adjacent, and the API returns the intervals whose start lies in the requested
 * range, so every interval falls in exactly one window: nothing is fetched twice or missed at a seam.
 */
import type { Granularity } from './params.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Longest range per request (API contract §5). Five years is counted as 5 × 365 days, the shortest
 * reading of "5 years", so a window is never refused whichever way the server counts leap days.
 */
export const MAX_RANGE_MS: Readonly<Record<Granularity, number>> = {
  PT15M: 31 * DAY_MS,
  PT1H: 92 * DAY_MS,
  P1D: 366 * DAY_MS,
  P1M: 5 * 365 * DAY_MS,
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
): TimeWindow[] {
  const limit = MAX_RANGE_MS[granularity];
  const end = to.getTime();
  const windows: TimeWindow[] = [];
  for (let start = from.getTime(); start < end; start += limit) {
    windows.push({ from: new Date(start), to: new Date(Math.min(start + limit, end)) });
  }
  return windows;
}
