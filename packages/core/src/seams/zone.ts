/**
 * Wall-clock time in an IANA time zone, from the platform's Intl (full ICU in Node 20+): what a person
 * means by "today" or "2026-12-01 00:00" in Tokyo, Chicago or Berlin. Days are 23 or 25 hours on the
 * daylight-saving changes, so local calendar steps go through the wall clock, never through fixed
 * durations. No state but a cache of formatters, no globals: safe in n8n's sandbox.
 */
import { ValidationError } from '../errors/errors.js';

export interface WallClock {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31; may overflow when stepping (Date.UTC carries it into the next month). */
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * The zone's canonical name (`asia/tokyo` gives `Asia/Tokyo`), or a ValidationError naming the field.
 * `UTC` and fixed zones such as `Etc/GMT-9` are zones too.
 */
export function validateTimeZone(value: unknown, field = 'timeZone'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError({
      field,
      message: `"${field}" must be an IANA time zone such as Europe/Berlin, America/Chicago or UTC.`,
    });
  }
  try {
    return formatter(value.trim()).resolvedOptions().timeZone;
  } catch {
    throw new ValidationError({
      field,
      message: `"${field}" is not a time zone this runtime knows: "${value}". Use an IANA name such as Europe/Berlin, America/Chicago or UTC.`,
    });
  }
}

/** The wall clock in `timeZone` at the instant `ms`. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

function asUtc(clock: WallClock): number {
  return Date.UTC(
    clock.year,
    clock.month - 1,
    clock.day,
    clock.hour,
    clock.minute,
    clock.second,
    clock.millisecond,
  );
}

/** How far the zone's clock is ahead of UTC at the instant `ms`, in ms (Tokyo: +9 h; Chicago: -5 or -6 h). */
export function offsetAt(ms: number, timeZone: string): number {
  const clock = wallClock(ms, timeZone);
  return asUtc({ ...clock, millisecond: 0 }) - (ms - clock.millisecond);
}

/**
 * The instant the wall clock in `timeZone` shows `clock`. A time skipped by the spring change (02:30 in
 * Berlin on the last Sunday of March) is read as the same moment an hour later by the clock (03:30); a
 * time shown twice in autumn is its first showing. This is what calendars and `Temporal` call
 * "compatible", so a local midnight always exists and a day's start never moves into the previous day.
 */
export function instantOf(clock: WallClock, timeZone: string): number {
  const local = asUtc(clock);
  // The offset is asked at two guesses: either side of a change, one of them is the right one.
  const early = local - offsetAt(local - 86_400_000, timeZone);
  const late = local - offsetAt(local + 86_400_000, timeZone);
  const candidates = [early, late].filter((ms) => asUtc(wallClock(ms, timeZone)) === local);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the clock jumped over `clock`; the offset before the jump puts it after the jump.
  return local - offsetAt(local - 86_400_000, timeZone);
}

/** Local midnight starting the day that contains `ms`, `days` days later (negative: earlier). */
export function startOfDay(ms: number, timeZone: string, days = 0): number {
  const clock = wallClock(ms, timeZone);
  return instantOf(
    { ...clock, day: clock.day + days, hour: 0, minute: 0, second: 0, millisecond: 0 },
    timeZone,
  );
}

/** Local midnight on the first of the month that contains `ms`, `months` months later. */
export function startOfMonth(ms: number, timeZone: string, months = 0): number {
  const clock = wallClock(ms, timeZone);
  const month = clock.month - 1 + months;
  return instantOf(
    {
      year: clock.year + Math.floor(month / 12),
      month: (((month % 12) + 12) % 12) + 1,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
    },
    timeZone,
  );
}

/** The same wall-clock time `days` days later (23, 24 or 25 hours per day across a change). */
export function addDays(ms: number, days: number, timeZone: string): number {
  const clock = wallClock(ms, timeZone);
  return instantOf({ ...clock, day: clock.day + days }, timeZone);
}

const two = (value: number) => String(value).padStart(2, '0');

/** `2026-12-05 00:00` as the wall clock in `timeZone` shows the instant `ms`, for messages. */
export function formatWallClock(ms: number, timeZone: string): string {
  const clock = wallClock(ms, timeZone);
  return `${clock.year}-${two(clock.month)}-${two(clock.day)} ${two(clock.hour)}:${two(clock.minute)}`;
}
