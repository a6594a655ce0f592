/**
 * Local wall-clock time at a site. Loads follow local office hours and seasons, so the generators need
 * the local hour, weekday and month of a UTC instant, daylight saving time included.
 */

export interface LocalTime {
  /** 0..23 plus the fraction of the hour. */
  hour: number;
  /** 0 = Sunday .. 6 = Saturday. */
  weekday: number;
  /** 1..12 */
  month: number;
  /** Day of the year, 0..365, for seasonal curves. */
  dayOfYear: number;
}

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets change at most twice a year, so one lookup per UTC hour and zone is plenty; bounded to stay small. */
const offsetCache = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The zone's offset from UTC in ms at the given instant. */
export function utcOffsetMs(timeZone: string, utcMs: number): number {
  const hourStart = Math.floor(utcMs / HOUR_MS) * HOUR_MS;
  const key = `${timeZone}@${hourStart}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(hourStart))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0);
  const offset = asUtc - hourStart;
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

export function localTime(timeZone: string, utcMs: number): LocalTime {
  const local = new Date(utcMs + utcOffsetMs(timeZone, utcMs));
  const startOfYear = Date.UTC(local.getUTCFullYear(), 0, 1);
  return {
    hour: local.getUTCHours() + local.getUTCMinutes() / 60,
    weekday: local.getUTCDay(),
    month: local.getUTCMonth() + 1,
    dayOfYear: Math.floor((local.getTime() - startOfYear) / 86_400_000),
  };
}
