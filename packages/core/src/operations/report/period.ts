/**
 * The period a report covers, in calendar terms (a month, a quarter, a year, or custom dates), and its
 * buckets (months by default). Calendar dates, not instants: each site's time zone turns them into its
 * own UTC window, so "March" is March where the site is.
 */
import { ValidationError } from '../../errors/errors.js';
import { choice, optionalNumber, optionalText } from '../helpers/form-values.js';
import { addMonths, dateText, type CalendarDate } from './calendar.js';

export const REPORT_PERIOD_VALUES = ['month', 'quarter', 'year', 'custom'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIOD_VALUES)[number];
export const REPORT_BUCKET_VALUES = ['month', 'quarter', 'period'] as const;
export type ReportBucketKind = (typeof REPORT_BUCKET_VALUES)[number];

export interface ReportPeriodInput {
  /** `month` (default), `quarter`, `year` or `custom`. */
  period?: string | undefined;
  /** The year of a month, quarter or year; default the year of the last complete one. */
  year?: number | string | undefined;
  /** 1-12, for `month`; default the last complete month. */
  month?: number | string | undefined;
  /** 1-4, for `quarter`; default the last complete quarter. */
  quarter?: number | string | undefined;
  /** For `custom`: the first day (YYYY-MM-DD), included. */
  from?: string | undefined;
  /** For `custom`: the day after the last one (YYYY-MM-DD), excluded. */
  to?: string | undefined;
  /** `month` (default), `quarter`, or `period` (one bucket for the whole period). */
  bucket?: string | undefined;
}

export interface ReportBucket {
  /** `2025-03`, `2025-Q1`, or the period's own label. */
  label: string;
  start: CalendarDate;
  /** Excluded. */
  end: CalendarDate;
}

export interface ReportPeriod {
  kind: ReportPeriodKind;
  label: string;
  start: CalendarDate;
  /** Excluded. */
  end: CalendarDate;
  bucket: ReportBucketKind;
  buckets: ReportBucket[];
}

const pad = (value: number) => String(value).padStart(2, '0');
const monthLabel = (date: CalendarDate) => `${date.year}-${pad(date.month)}`;
const quarterLabel = (date: CalendarDate) => `${date.year}-Q${Math.floor((date.month - 1) / 3) + 1}`;
const before = (a: CalendarDate, b: CalendarDate) => dateText(a) < dateText(b);

function calendarDate(value: string | undefined, field: string): CalendarDate {
  const match = value === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (
    match === null ||
    date === null ||
    date.getUTCMonth() + 1 !== Number(match[2]) ||
    date.getUTCDate() !== Number(match[3])
  ) {
    throw new ValidationError({
      field,
      message: `"${field}" must be a calendar date YYYY-MM-DD, e.g. 2025-01-01 (the period is in each site's time zone); got ${value === undefined ? 'nothing' : `"${value}"`}.`,
    });
  }
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Start and length in months of the period a month, quarter or year input names. */
function calendarPeriod(kind: 'month' | 'quarter' | 'year', input: ReportPeriodInput, now: number) {
  const today = new Date(now);
  const length = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12;
  // The last complete period by default: the one before the period today falls in.
  const current = { year: today.getUTCFullYear(), month: today.getUTCMonth() + 1, day: 1 };
  const currentStart = { ...current, month: Math.floor((current.month - 1) / length) * length + 1 };
  const last = addMonths(currentStart, -length);
  const year = optionalNumber(input.year, 'year', { whole: true, min: 1990, max: 2100 }) ?? last.year;
  let month = 1;
  if (kind === 'month')
    month = optionalNumber(input.month, 'month', { whole: true, min: 1, max: 12 }) ?? last.month;
  if (kind === 'quarter') {
    const quarter = optionalNumber(input.quarter, 'quarter', { whole: true, min: 1, max: 4 });
    month = quarter === undefined ? last.month : (quarter - 1) * 3 + 1;
  }
  return { start: { year, month, day: 1 }, months: length };
}

function bucketsOf(start: CalendarDate, end: CalendarDate, bucket: ReportBucketKind, label: string) {
  if (bucket === 'period') return [{ label, start, end }];
  const step = bucket === 'month' ? 1 : 3;
  const buckets: ReportBucket[] = [];
  let from = start;
  while (before(from, end)) {
    // Bucket edges fall on calendar months (or quarters), whatever day a custom period starts on.
    const aligned = { ...from, day: 1, month: Math.floor((from.month - 1) / step) * step + 1 };
    const next = addMonths(aligned, step);
    const to = before(next, end) ? next : end;
    buckets.push({ label: step === 1 ? monthLabel(from) : quarterLabel(from), start: from, end: to });
    from = to;
  }
  return buckets;
}

/** The period and its buckets, checked before any request; `now` picks the defaults. */
export function resolveReportPeriod(input: ReportPeriodInput, now: number): ReportPeriod {
  const kind = choice(optionalText(input.period, 'period'), 'period', REPORT_PERIOD_VALUES, 'month');
  const bucket = choice(optionalText(input.bucket, 'bucket'), 'bucket', REPORT_BUCKET_VALUES, 'month');
  let start: CalendarDate;
  let end: CalendarDate;
  let label: string;
  if (kind === 'custom') {
    start = calendarDate(optionalText(input.from, 'from'), 'from');
    end = calendarDate(optionalText(input.to, 'to'), 'to');
    if (!before(start, end))
      throw new ValidationError({
        field: 'to',
        message: `"to" (${dateText(end)}) must be after "from" (${dateText(start)}); "to" is the first day not included.`,
      });
    label = `${dateText(start)} to ${dateText(end)}`;
  } else {
    if (optionalText(input.from, 'from') !== undefined || optionalText(input.to, 'to') !== undefined)
      throw new ValidationError({
        field: 'from',
        message: `"from" and "to" apply to a custom period only, but the period is "${kind}": choose "custom" or leave them empty.`,
      });
    const calendar = calendarPeriod(kind, input, now);
    start = calendar.start;
    end = addMonths(start, calendar.months);
    label =
      kind === 'month' ? monthLabel(start) : kind === 'quarter' ? quarterLabel(start) : String(start.year);
  }
  return { kind, label, start, end, bucket, buckets: bucketsOf(start, end, bucket, label) };
}

/** The same calendar dates one year earlier (29 February becomes 1 March). */
export function yearEarlier(date: CalendarDate): CalendarDate {
  const moved = new Date(Date.UTC(date.year - 1, date.month - 1, date.day));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}
