/**
 * What core tolerates in an emissions body before it is checked, decided once (docs/api-contract.md §5,
 * "What core tolerates"): the series inside a `{data: [...]}` wrapper are read; numbers sent as text are
 * read as numbers, with a warning naming where; date-times without an offset are refused naming the field
 * and the option that reads them as UTC (an instant that depends on a zone nobody gave is a guess).
 * Runs on the parsed JSON before the schema, changing it in place (raw mode never calls it).
 */
import { InvalidResponseError } from '../errors/errors.js';
import type { ShapeWarning } from '../schema/parse-response.js';
import type { CarbonDialect } from './dialect.js';

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/** The series array of a body: the envelope's `timeseries`, a bare array, or a wrapper's items field. */
export function unwrapSeries(body: unknown, dialect: CarbonDialect): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || 'timeseries' in body) return body;
  const items = (body as Record<string, unknown>)[dialect.itemsField];
  return Array.isArray(items) ? items : body;
}

function seriesList(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const timeseries =
    typeof body === 'object' && body !== null ? (body as { timeseries?: unknown }).timeseries : undefined;
  return Array.isArray(timeseries) ? timeseries : [];
}

interface Tally {
  count: number;
  first: string | undefined;
}

function note(tally: Tally, path: string): void {
  tally.count += 1;
  tally.first ??= path;
}

function zoneless(
  point: Record<string, unknown>,
  name: string,
  path: string,
  dialect: CarbonDialect,
  tally: Tally,
  request: string,
) {
  const value = point[name];
  // The API's usual forms end in Z or an offset: one character compare before any pattern.
  if (typeof value !== 'string' || value.charCodeAt(value.length - 1) === 90 || !ZONELESS.test(value)) return;
  if (dialect.zonelessDateTimes === 'refuse') {
    throw new InvalidResponseError({
      request,
      status: undefined,
      message: `The response to ${request} has a date-time without a UTC offset at ${path}.${name} ("${value}"), so the instant it names is unknown. If the API means UTC, set carbonDialect.zonelessDateTimes to "utc".`,
    });
  }
  point[name] = `${value}Z`;
  note(tally, `${path}.${name}`);
}

/** Reads numbers sent as text and (when the dialect says so) zone-less date-times; returns the warnings. */
export function tolerateBody(body: unknown, dialect: CarbonDialect, request: string): ShapeWarning[] {
  const numbers: Tally = { count: 0, first: undefined };
  const zones: Tally = { count: 0, first: undefined };
  const prefix = Array.isArray(body) ? '' : 'timeseries';
  for (const [index, series] of seriesList(body).entries()) {
    const values =
      typeof series === 'object' && series !== null ? (series as { values?: unknown }).values : undefined;
    if (!Array.isArray(values)) continue;
    for (const [pointIndex, point] of values.entries()) {
      if (typeof point !== 'object' || point === null) continue;
      const fields = point as Record<string, unknown>;
      const path = `${prefix}[${index}].values[${pointIndex}]`;
      if (typeof fields.value === 'string' && NUMBER_TEXT.test(fields.value.trim())) {
        fields.value = Number(fields.value);
        note(numbers, `${path}.value`);
      }
      zoneless(fields, 'date', path, dialect, zones, request);
      zoneless(fields, 'updatedAt', path, dialect, zones, request);
    }
  }
  const warnings: ShapeWarning[] = [];
  if (numbers.first !== undefined)
    warnings.push({
      path: numbers.first,
      message: `${numbers.count} value(s) came as text (first at ${numbers.first}) and were read as numbers.`,
    });
  if (zones.first !== undefined)
    warnings.push({
      path: zones.first,
      message: `${zones.count} date-time(s) came without a UTC offset (first at ${zones.first}) and were read as UTC (carbonDialect.zonelessDateTimes: "utc").`,
    });
  return warnings;
}

/**
 * The warnings of several pages as one list: those that differ only in their leading count (values read
 * from text, times read as UTC) become one with the counts added, so a year of pages says it once.
 */
export function combineWarnings(warnings: readonly ShapeWarning[]): ShapeWarning[] {
  const combined = new Map<string, { warning: ShapeWarning; count: number | undefined }>();
  for (const warning of warnings) {
    const counted = /^(\d+) /.exec(warning.message);
    const key = counted ? warning.message.slice(counted[0].length) : warning.message;
    const seen = combined.get(key);
    if (seen === undefined) combined.set(key, { warning, count: counted ? Number(counted[1]) : undefined });
    else if (seen.count !== undefined && counted) seen.count += Number(counted[1]);
  }
  return [...combined.entries()].map(([key, { warning, count }]) =>
    count === undefined ? warning : { path: warning.path, message: `${count} ${key}` },
  );
}
