/**
 * Calendar dates in an IANA time zone turned into UTC instants, with the platform's own time-zone data
 * (Intl), so a March report for a Paris site starts at 2025-02-28T23:00Z and one for New York at
 * 2025-03-01T05:00Z, daylight-saving changes included.
 */
import { ValidationError } from '../../errors/errors.js';

/** A day of the calendar, month 1-12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the platform knows the zone (IANA names such as Europe/Paris, and UTC). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function validateTimeZone(timeZone: string, field: string): string {
  if (!isKnownTimeZone(timeZone))
    throw new ValidationError({
      field,
      message: `"${field}" must be an IANA time zone such as Europe/Paris or UTC, or "site"; got "${timeZone}".`,
    });
  return timeZone;
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of midnight starting `date` in `timeZone`. */
export function startOfDayIn(date: CalendarDate, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  const first = wall - offsetAt(wall, timeZone);
  // The offset at the guess may differ from the one at the answer when a clock change lies between them.
  const second = wall - offsetAt(first, timeZone);
  return second;
}

/** The calendar date `months` months after `date`'s month, on its first day. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1 + months, 1));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: 1 };
}

export function dateText(date: CalendarDate): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}
