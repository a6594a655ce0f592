/**
 * Calendar dates (a report's periods and buckets) and where they start in a time zone, on top of the
 * seams' wall-clock arithmetic: a March report for a Paris site starts at 2025-02-28T23:00Z and one for a
 * New York site at 2025-03-01T05:00Z, daylight-saving changes included.
 */
import { instantOf } from '../../seams/zone.js';

/** A day of the calendar, month 1-12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The UTC instant of midnight starting `date` in `timeZone`. */
export function startOfDayIn(date: CalendarDate, timeZone: string): number {
  return instantOf({ ...date, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

/** The first day of the month `months` months after `date`'s month. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1 + months, 1));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: 1 };
}

export function dateText(date: CalendarDate): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}
