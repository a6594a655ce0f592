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

/** The digit at `index` as a number, or -1 when that character is not a digit. */
function digit(value: string, index: number): number {
  const code = value.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

/** The digits from `start` to `end` (exclusive) as a number, or -1 when any is not a digit. */
function digits(value: string, start: number, end: number): number {
  let number = 0;
  for (let index = start; index < end; index += 1) {
    const d = digit(value, index);
    if (d < 0) return -1;
    number = number * 10 + d;
  }
  return number;
}

const MS = { minute: 60_000, hour: 3_600_000 } as const;

/**
 * The form the API sends for every point, `2026-01-05T10:15:00Z` or with milliseconds
 * (`…00.000Z`), read digit by digit: several times cheaper than the regular expression and `Date`'s
 * string parser, and a year of 15-minute data is millions of points. Any other form (an offset, other
 * precision, a year before 1000) returns undefined and takes the general path, which judges it.
 */
function readUtcInstant(value: string): Date | undefined {
  const withMs = value.length === 24;
  if ((value.length !== 20 && !withMs) || value.charCodeAt(value.length - 1) !== 90 /* Z */) return undefined;
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':' || value[16] !== ':')
    return undefined;
  if (withMs && value[19] !== '.') return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  const hour = digits(value, 11, 13);
  const minute = digits(value, 14, 16);
  const second = digits(value, 17, 19);
  const ms = withMs ? digits(value, 20, 23) : 0;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0)
    return undefined;
  return new Date(Date.UTC(year, month - 1, day) + hour * MS.hour + minute * MS.minute + second * 1000 + ms);
}

/** The instant `value` names, or undefined when it is not one (wrong shape or not a real calendar day). */
export function readInstant(value: unknown): ParsedInstant | undefined {
  if (typeof value !== 'string') return undefined;
  const utc = readUtcInstant(value);
  if (utc !== undefined) return { date: utc, dateOnly: false };
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
