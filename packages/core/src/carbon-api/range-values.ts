/**
 * The range core sends for a window, and how each bound is written (dialect `rangeSelects`,
 * `rangeFormat`). With `revision-time` the API selects points revised in the range, so core asks until
 * `revisionLagHours` past the window's end (or now, whichever is first) and keeps the intervals that start
 * in the window (window-check.ts).
 */
import type { CarbonDialect } from './dialect.js';
import type { TimeWindow } from './ranges.js';

const HOUR_MS = 3_600_000;

export function requestedRange(window: TimeWindow, dialect: CarbonDialect, now: number): TimeWindow {
  if (dialect.rangeSelects === 'interval-start') return window;
  const end = Math.min(window.to.getTime() + dialect.revisionLagHours * HOUR_MS, now);
  return { from: window.from, to: new Date(Math.max(end, window.to.getTime())) };
}

/** Days the revision lag takes from each request's range, so window and lag fit the API's limit. */
export function revisionLagDays(dialect: CarbonDialect): number {
  return dialect.rangeSelects === 'revision-time' ? Math.ceil(dialect.revisionLagHours / 24) : 0;
}

/** `2026-01-05T01:00:00+01:00` for the instant 2026-01-05T00:00:00Z at offset +01:00. */
function withOffset(date: Date, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(date.getTime() + minutes * 60_000);
  const text = local.toISOString();
  const seconds = local.getUTCMilliseconds() === 0 ? text.slice(0, 19) : text.slice(0, 23);
  return `${seconds}${minutes === 0 ? 'Z' : offset}`;
}

export function rangeValue(date: Date, dialect: CarbonDialect): string {
  switch (dialect.rangeFormat) {
    case 'instant':
      return date.toISOString();
    case 'date':
      return date.toISOString().slice(0, 10);
    case 'offset':
      return withOffset(date, dialect.rangeOffset);
  }
}
