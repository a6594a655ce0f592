/** Strict ISO 8601 date-time parsing: an explicit offset is required and impossible dates are refused. */

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or undefined when the text is not an ISO 8601 date-time with offset. */
export function parseIsoDateTime(text: string): number | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '0', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  // Date.UTC silently rolls 30 February over into March; such a date is a client bug, not a date.
  if (day < 1 || day > new Date(utc(year, month, 0)).getUTCDate()) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [oh, om] = zone.slice(1).split(':').map(Number);
    if ((oh ?? 0) > 23 || (om ?? 0) > 59) return undefined;
    offsetMinutes = sign * ((oh ?? 0) * 60 + (om ?? 0));
  }
  const ms = Math.floor(Number(`0.${fraction}`) * 1000);
  return utc(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

/** 400 Gregorian years, after which the calendar repeats day for day. */
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;

/**
 * `Date.UTC` without its two-digit-year rule, which reads years 0 to 99 as 1900 to 1999: the year 0099
 * is the year 99, not 1999. Such a year is computed 400 years later and moved back.
 */
export function utc(
  year: number,
  monthIndex: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  if (year >= 100 || year < 0) return Date.UTC(year, monthIndex, day, hour, minute, second, ms);
  return Date.UTC(year + 400, monthIndex, day, hour, minute, second, ms) - FOUR_CENTURIES_MS;
}
