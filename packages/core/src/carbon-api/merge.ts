/**
 * Merges the pages and windows of one emissions query into a single response, as if the API had
 * answered in one go: one series per key, each interval once, in time order.
 */
import type { EmissionsResponse, Timeseries, TimeseriesValue } from './schemas.js';

const updatedAtOf = (value: TimeseriesValue) => value.updatedAt?.getTime() ?? Number.NEGATIVE_INFINITY;

export function mergeEmissionPages(
  pages: readonly EmissionsResponse[],
  range: { from: Date; to: Date } | undefined,
): EmissionsResponse {
  const [first] = pages;
  if (first === undefined) throw new RangeError('mergeEmissionPages needs at least one page.');

  const seriesByKey = new Map<string, { meta: Timeseries; values: Map<number, TimeseriesValue> }>();
  for (const page of pages) {
    for (const series of page.timeseries) {
      let merged = seriesByKey.get(series.key);
      if (!merged) {
        merged = { meta: series, values: new Map() };
        seriesByKey.set(series.key, merged);
      }
      for (const value of series.values) {
        const time = value.date.getTime();
        const existing = merged.values.get(time);
        // The same interval twice (pages shifting while data was written): keep the newer revision.
        if (existing === undefined || updatedAtOf(value) >= updatedAtOf(existing))
          merged.values.set(time, value);
      }
    }
  }

  // Paging described one request; the merged result is complete, so it is left out.
  const { paging: _paging, ...header } = first;
  return {
    ...header,
    ...(range === undefined ? {} : { from: range.from, to: range.to }),
    timeseries: [...seriesByKey.values()].map(({ meta, values }) => ({
      ...meta,
      values: [...values.entries()].sort(([a], [b]) => a - b).map(([, value]) => value),
    })),
  };
}
