/**
 * Named date ranges ("last 7 days", "this month") turned into an exact window, aligned to the
 * granularity so that a preset always means complete intervals: "last 30 days" at daily granularity is
 * the 30 whole days before today, never 29 days and a fragment. Everything is in UTC, like the API's
 * interval boundaries. The window a preset resolved to goes back to the user with the result.
 */
import { validateGranularity, type Granularity } from '../../carbon-api/params.js';
import { parseInstant } from '../../seams/validate.js';
import { DEFAULT_GRANULARITY } from '../../carbon-api/ranges.js';
import { ValidationError } from '../../errors/errors.js';

export const RANGE_PRESET_VALUES = [
  'latest',
  'today',
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
}

/** The window a request covers, as reported with its result. */
export interface CoveredWindow {
  preset: RangePreset;
  granularity: Granularity;
  /** Start, inclusive, ISO 8601 UTC; undefined for `latest` (the server picks the interval). */
  from: string | undefined;
  /** End, exclusive. */
  to: string | undefined;
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

/** The start of the interval of `granularity` that contains `time` (UTC). */
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
 * The window a range input covers at `now`. Presets end at the start of the current (incomplete)
 * interval, because the API serves complete intervals only.
 */
export function resolveRange(input: RangeInput, now: number): CoveredWindow {
  const preset = validateRangePreset(input.range);
  const granularity = validateGranularity(input.granularity) ?? DEFAULT_GRANULARITY;
  const words = GRANULARITY_WORDS[granularity];
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
      intervals: 1,
      description: `the latest complete ${words} interval`,
    };
  }
  let from: number;
  let to: number;
  if (preset === 'custom') {
    if (input.from === undefined || input.from === '' || input.to === undefined || input.to === '') {
      throw new ValidationError({
        field: input.from === undefined || input.from === '' ? 'from' : 'to',
        message: 'A custom range needs both "from" and "to" (e.g. 2026-01-01 and 2026-02-01).',
      });
    }
    from = parseInstant('from', input.from).getTime();
    to = parseInstant('to', input.to).getTime();
    if (from >= to) {
      throw new ValidationError({
        field: 'to',
        message: `"to" (${new Date(to).toISOString()}) must be after "from" (${new Date(from).toISOString()}).`,
      });
    }
  } else {
    const current = intervalStart(now, granularity);
    to = current;
    switch (preset) {
      case 'today':
        from = intervalStart(now, 'P1D');
        if (granularity === 'P1D' || granularity === 'P1M')
          noCompleteInterval(preset, granularity, 'use an hourly or 15-minute granularity, or "last24Hours"');
        break;
      case 'last24Hours':
      case 'last7Days':
      case 'last30Days': {
        if (granularity === 'P1M')
          noCompleteInterval(preset, granularity, 'use "lastMonth", or a daily or finer granularity');
        const days = preset === 'last24Hours' ? 1 : preset === 'last7Days' ? 7 : 30;
        from = to - days * DAY_MS;
        break;
      }
      case 'thisMonth':
        from = intervalStart(now, 'P1M');
        if (granularity === 'P1M')
          noCompleteInterval(preset, granularity, 'use "lastMonth", or a daily or finer granularity');
        break;
      case 'lastMonth':
        to = intervalStart(now, 'P1M');
        from = addMonths(to, -1);
        break;
    }
    if (from >= to)
      noCompleteInterval(
        preset,
        granularity,
        'try again after the first interval has ended, or choose a longer range',
      );
  }
  const intervals = countIntervals(from, to, granularity);
  const fromText = new Date(from).toISOString();
  const toText = new Date(to).toISOString();
  return {
    preset,
    granularity,
    from: fromText,
    to: toText,
    intervals,
    description: `${intervals} ${words} interval${intervals === 1 ? '' : 's'} from ${fromText} to ${toText} (UTC)`,
  };
}
