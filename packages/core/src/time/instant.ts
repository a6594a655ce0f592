/**
 * The one reader of ISO 8601 instants, for user input and API responses alike: a date-time with an
 * offset (`2026-01-05T00:00:00Z`, `+01:00` or `+0100`) or a date alone (`2026-01-05`, read as midnight
 * UTC, as the sibling API sends daily values). Impossible calendar days such as 2025-02-30, which `Date`
 * would silently roll over, are refused. No capture groups and no allocation on the common path: this
 * runs for every point of every series.
 */

const DATE_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/i;
const DATE_ONLY = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;

export const EXPECTED_INSTANT =
  'an ISO 8601 date-time with an offset (e.g. 2026-01-05T00:00:00Z or 2026-01-05T01:00:00+01:00) or a date (2026-01-05, read as midnight UTC)';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

export interface ParsedInstant {
  date: Date;
  /** True when only a date was given: the time was taken as midnight UTC. */
  dateOnly: boolean;
}

/** The instant `value` names, or undefined when it is not one (wrong shape or not a real calendar day). */
export function readInstant(value: unknown): ParsedInstant | undefined {
  if (typeof value !== 'string') return undefined;
  const dateOnly = DATE_ONLY.test(value);
  if (!dateOnly && !DATE_TIME.test(value)) return undefined;
  if (Number(value.slice(8, 10)) > daysInMonth(Number(value.slice(0, 4)), Number(value.slice(5, 7))))
    return undefined;
  // `Date` reads `+0100` as well as `+01:00`, and a date alone as UTC midnight.
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : { date, dateOnly };
}

/** Why `value` is not an instant, for messages; never quotes more than the value itself. */
export function instantProblem(value: unknown): string {
  if (typeof value === 'string') return `"${value}" is not ${EXPECTED_INSTANT}`;
  if (value === null) return `expected ${EXPECTED_INSTANT}; got null`;
  return `expected ${EXPECTED_INSTANT}; got ${Array.isArray(value) ? 'an array' : typeof value}`;
}
