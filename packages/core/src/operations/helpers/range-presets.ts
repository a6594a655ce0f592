/**
 * Named date ranges ("last 7 days", "this month") turned into an exact window, aligned to the
 * granularity so that a preset always means complete intervals: "last 30 days" at daily granularity is
 * the 30 whole days before today, never 29 days and a fragment. Days and months are those of a time zone
 * (UTC unless one is given): "yesterday" in Tokyo is Tokyo's yesterday, 23 or 25 hours long on the days
 * the clocks change. The API's intervals are UTC's, so a preset whose local bounds fall inside one of them
 * is refused with what to choose instead, rather than answered with intervals the person did not mean.
 * The window a preset resolved to goes back to the user with the result.
 */
import { validateGranularity, type Granularity } from '../../carbon-api/params.js';
import { DEFAULT_GRANULARITY } from '../../carbon-api/ranges.js';
import { ValidationError } from '../../errors/errors.js';
import { addDays, formatWallClock, startOfDay, startOfMonth, validateTimeZone } from '../../seams/zone.js';
import { parseInstantIn } from '../../seams/zoned-instant.js';

export const RANGE_PRESET_VALUES = [
  'latest',
  'today',
  'yesterday',
  'last24Hours',
  'last7Days',
  'last30Days',
  'thisMonth',
  'lastMonth',
  'custom',
] as const;
export type RangePreset = (typeof RANGE_PRESET_VALUES)[number];

export interface RangeInput {
  range?: string | undefined;
  /** For `custom`. */
  from?: string | Date | undefined;
  to?: string | Date | undefined;
  granularity?: string | undefined;
  /**
   * IANA time zone whose days and months the presets mean, and in which a custom date or date-time
   * without an offset (`2026-12-01T00:00:00`, as n8n's date picker stores it) is read. Default UTC.
   */
  timeZone?: string | undefined;
}

/** The window a request covers, as reported with its result. */
export interface CoveredWindow {
  preset: RangePreset;
  granularity: Granularity;
  /** Start, inclusive, ISO 8601 UTC; undefined for `latest` (the server picks the interval). */
  from: string | undefined;
  /** End, exclusive. */
  to: string | undefined;
  /** The time zone whose days the window is made of. */
  timeZone: string;
  /** How many intervals of the granularity the window holds (whole ones for presets). */
  intervals: number | undefined;
  /** One sentence for a node's status or a report. */
  description: string;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const STEP_MS: Record<Exclude<Granularity, 'P1M'>, number> = {
  PT15M: 15 * 60 * 1000,
  PT1H: HOUR_MS,
  P1D: DAY_MS,
};
const GRANULARITY_WORDS: Record<Granularity, string> = {
  PT15M: '15-minute',
  PT1H: 'hourly',
  P1D: 'daily',
  P1M: 'monthly',
};

/** The start of the API's interval of `granularity` that contains `time` (UTC). */
export function intervalStart(time: number, granularity: Granularity): number {
  if (granularity === 'P1M') {
    const date = new Date(time);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  const step = STEP_MS[granularity];
  return Math.floor(time / step) * step;
}

function addMonths(time: number, months: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
}

/** The end (exclusive) of the interval of `granularity` that starts at `start` (UTC). */
export function intervalEnd(start: number, granularity: Granularity): number {
  return granularity === 'P1M' ? addMonths(start, 1) : start + STEP_MS[granularity];
}

/** How many intervals start in [from, to): what the API returns for that range once they have ended. */
export function countIntervals(from: number, to: number, granularity: Granularity): number {
  let first = intervalStart(from, granularity);
  if (first < from) first = granularity === 'P1M' ? addMonths(first, 1) : first + STEP_MS[granularity];
  if (granularity !== 'P1M') return Math.max(0, Math.ceil((to - first) / STEP_MS[granularity]));
  let count = 0;
  for (let start = first; start < to; start = addMonths(start, 1)) count += 1;
  return count;
}

export function validateRangePreset(value: unknown): RangePreset {
  if (value === undefined || value === null || value === '') return 'latest';
  if (typeof value === 'string' && (RANGE_PRESET_VALUES as readonly string[]).includes(value))
    return value as RangePreset;
  throw new ValidationError({
    field: 'range',
    message: `"range" must be one of ${RANGE_PRESET_VALUES.join(', ')}; got ${JSON.stringify(value)}.`,
  });
}

function noCompleteInterval(preset: RangePreset, granularity: Granularity, instead: string): never {
  throw new ValidationError({
    field: 'range',
    message: `"${preset}" holds no complete ${GRANULARITY_WORDS[granularity]} interval yet, so it would return nothing: ${instead}.`,
  });
}

/**
 * Where the current (incomplete) interval started: the API's own boundary for 15-minute and hourly
 * intervals, local midnight or the first of the month for the calendar ones.
 */
function currentStart(now: number, granularity: Granularity, timeZone: string): number {
  if (granularity === 'P1D') return startOfDay(now, timeZone);
  if (granularity === 'P1M') return startOfMonth(now, timeZone);
  return intervalStart(now, granularity);
}

/** [from, to) of a preset other than latest and custom, in `timeZone`'s calendar. */
function presetBounds(
  preset: Exclude<RangePreset, 'latest' | 'custom'>,
  granularity: Granularity,
  now: number,
  timeZone: string,
): [number, number] {
  const current = currentStart(now, granularity, timeZone);
  const calendar = granularity === 'P1D' || granularity === 'P1M';
  switch (preset) {
    case 'today':
      if (calendar)
        noCompleteInterval(preset, granularity, 'use an hourly or 15-minute granularity, or "yesterday"');
      return [startOfDay(now, timeZone), current];
    case 'yesterday':
      if (granularity === 'P1M') noCompleteInterval(preset, granularity, 'use a daily or finer granularity');
      return [startOfDay(now, timeZone, -1), startOfDay(now, timeZone)];
    case 'last24Hours':
      if (granularity === 'P1M')
        noCompleteInterval(preset, granularity, 'use "lastMonth", or a daily or finer granularity');
      // A duration, the same 24 hours whatever the clocks do; at daily granularity, the last whole day.
      return [calendar ? addDays(current, -1, timeZone) : current - DAY_MS, current];
    case 'last7Days':
    case 'last30Days':
      if (granularity === 'P1M')
        noCompleteInterval(preset, granularity, 'use "lastMonth", or a daily or finer granularity');
      return [addDays(current, preset === 'last7Days' ? -7 : -30, timeZone), current];
    case 'thisMonth':
      if (granularity === 'P1M')
        noCompleteInterval(preset, granularity, 'use "lastMonth", or a daily or finer granularity');
      return [startOfMonth(now, timeZone), current];
    case 'lastMonth':
      return [startOfMonth(now, timeZone, -1), startOfMonth(now, timeZone)];
  }
}

/**
 * Refuses a preset whose local bounds fall inside the API's intervals: Tokyo's midnight is 15:00 UTC, in
 * the middle of a UTC day, and India's is on the half hour. Reading such a window would return intervals
 * that start and end at other times than the person's days.
 */
function requireAlignedBounds(
  preset: RangePreset,
  granularity: Granularity,
  timeZone: string,
  bounds: [number, number],
): void {
  const off = bounds.find((bound) => intervalStart(bound, granularity) !== bound);
  if (off === undefined) return;
  const finer = granularity === 'P1D' || granularity === 'P1M' ? 'hourly' : '15-minute';
  throw new ValidationError({
    field: 'timeZone',
    message: `"${preset}" in ${timeZone} starts or ends at ${formatWallClock(off, timeZone)} local time (${new Date(off).toISOString()}), which is inside one of the API's ${GRANULARITY_WORDS[granularity]} intervals (they follow UTC): choose the ${finer} granularity to cover ${timeZone}'s days exactly, or the time zone UTC.`,
  });
}

function customBounds(input: RangeInput, timeZone: string): [number, number] {
  if (input.from === undefined || input.from === '' || input.to === undefined || input.to === '') {
    throw new ValidationError({
      field: input.from === undefined || input.from === '' ? 'from' : 'to',
      message: `A custom range needs both "from" and "to" (e.g. 2026-01-01 and 2026-02-01, read in ${timeZone} unless they carry an offset).`,
    });
  }
  const from = parseInstantIn('from', input.from, timeZone).getTime();
  const to = parseInstantIn('to', input.to, timeZone).getTime();
  if (from >= to) {
    throw new ValidationError({
      field: 'to',
      message: `"to" (${new Date(to).toISOString()}) must be after "from" (${new Date(from).toISOString()}).`,
    });
  }
  return [from, to];
}

function describeWindow(
  intervals: number,
  granularity: Granularity,
  timeZone: string,
  from: number,
  to: number,
) {
  const words = `${intervals} ${GRANULARITY_WORDS[granularity]} interval${intervals === 1 ? '' : 's'}`;
  const utc = `${new Date(from).toISOString()} to ${new Date(to).toISOString()}`;
  if (timeZone === 'UTC') return `${words} from ${utc} (UTC)`;
  return `${words} from ${formatWallClock(from, timeZone)} to ${formatWallClock(to, timeZone)} ${timeZone} (${utc})`;
}

/**
 * The window a range input covers at `now`. Presets end at the start of the current (incomplete)
 * interval, because the API serves complete intervals only.
 */
export function resolveRange(input: RangeInput, now: number): CoveredWindow {
  const preset = validateRangePreset(input.range);
  const granularity = validateGranularity(input.granularity) ?? DEFAULT_GRANULARITY;
  const timeZone =
    input.timeZone === undefined || input.timeZone === '' ? 'UTC' : validateTimeZone(input.timeZone);
  if (
    preset !== 'custom' &&
    ((input.from !== undefined && input.from !== '') || (input.to !== undefined && input.to !== ''))
  ) {
    throw new ValidationError({
      field: input.from !== undefined && input.from !== '' ? 'from' : 'to',
      message: `"from" and "to" apply to the custom range only, but the range is "${preset}": choose "custom" or leave them empty.`,
    });
  }
  if (preset === 'latest') {
    return {
      preset,
      granularity,
      from: undefined,
      to: undefined,
      timeZone,
      intervals: 1,
      description: `the latest complete ${GRANULARITY_WORDS[granularity]} interval`,
    };
  }
  let bounds: [number, number];
  if (preset === 'custom') bounds = customBounds(input, timeZone);
  else {
    bounds = presetBounds(preset, granularity, now, timeZone);
    if (bounds[0] >= bounds[1])
      noCompleteInterval(
        preset,
        granularity,
        'try again after the first interval has ended, or choose a longer range',
      );
    requireAlignedBounds(preset, granularity, timeZone, bounds);
  }
  const [from, to] = bounds;
  const intervals = countIntervals(from, to, granularity);
  return {
    preset,
    granularity,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    timeZone,
    intervals,
    description: describeWindow(intervals, granularity, timeZone, from, to),
  };
}
