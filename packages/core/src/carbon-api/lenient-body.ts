/**
 * What core tolerates in an emissions body before it is checked, decided once for every answer core
 * reads (schema/lenient-values.ts): the series inside a `{data: [...]}` wrapper are read; numbers sent as
 * text are read as numbers, with a warning naming where; date-times without an offset are refused naming
 * the field and the option that reads them as UTC. Runs on the parsed JSON before the schema, changing
 * it in place (raw mode never calls it).
 */
import type { ShapeWarning } from '../schema/parse-response.js';
import { Leniency } from '../schema/lenient-values.js';
import { mergeCountedWarnings } from '../schema/warning-counts.js';
import type { CarbonDialect } from './dialect.js';

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

/** How a Carbon answer is read leniently, per the dialect. */
export function carbonLeniency(dialect: CarbonDialect, request: string): Leniency {
  return new Leniency({
    zonelessDateTimes: dialect.zonelessDateTimes,
    option: 'carbonDialect.zonelessDateTimes',
    request,
  });
}

/** The numbers of an envelope's paging. */
export const PAGING_NUMBERS = ['page', 'pageSize', 'totalPages', 'totalItems'] as const;

/**
 * Reads numbers sent as text and (when the dialect says so) zone-less date-times: every point's value,
 * date and updatedAt, and an envelope's range and paging; returns the warnings.
 */
export function tolerateBody(body: unknown, dialect: CarbonDialect, request: string): ShapeWarning[] {
  const lenient = carbonLeniency(dialect, request);
  const prefix = Array.isArray(body) ? '' : 'timeseries';
  if (!Array.isArray(body) && typeof body === 'object' && body !== null) {
    lenient.dateTimesOf(body, ['from', 'to'], '');
    lenient.numbersOf((body as { paging?: unknown }).paging, PAGING_NUMBERS, 'paging');
  }
  for (const [index, series] of seriesList(body).entries()) {
    const values =
      typeof series === 'object' && series !== null ? (series as { values?: unknown }).values : undefined;
    if (!Array.isArray(values)) continue;
    for (const [pointIndex, point] of values.entries()) {
      if (typeof point !== 'object' || point === null) continue;
      const fields = point as Record<string, unknown>;
      const path = `${prefix}[${index}].values[${pointIndex}]`;
      lenient.number(fields, 'value', path);
      lenient.dateTime(fields, 'date', path);
      lenient.dateTime(fields, 'updatedAt', path);
    }
  }
  return lenient.warnings();
}

/**
 * The warnings of several pages as one list: those that differ only in their leading count (values read
 * from text, times read as UTC) become one with the counts added, so a year of pages says it once.
 */
export function combineWarnings(warnings: readonly ShapeWarning[]): ShapeWarning[] {
  return mergeCountedWarnings(warnings, (_warning, words) => words).map(({ path, message }) => ({
    path,
    message,
  }));
}
