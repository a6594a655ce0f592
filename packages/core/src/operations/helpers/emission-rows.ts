/**
 * Flattens an emissions response into rows, the shape spreadsheets, CRMs and CSV files want. The three
 * series the contract names (co2Emission, activeEnergy, emissionFactor) become one row per interval with
 * a column each, converted to kgCO2e, kWh and gCO2e/kWh. Any other series, or a known one in a unit we
 * cannot convert, is never dropped: it becomes metric rows (one per interval and series) that carry the
 * series key and its unit. Both adapters and the demo use this, so a row means the same thing everywhere.
 */
import { GRANULARITIES, type Granularity } from '../../carbon-api/params.js';
import type { EmissionsResponse, Site, Timeseries } from '../../carbon-api/schemas.js';
import { intervalEnd } from './range-presets.js';
import { CANONICAL_UNITS, conversionFactor, isKnownSeriesKey, type KnownSeriesKey } from './units.js';

export interface EmissionRow {
  siteId: string;
  siteName: string | null;
  countryIsoCode: string | null;
  /** Start of the interval, ISO 8601 UTC. */
  timestamp: string;
  granularity: string | null;
  /** Emissions in the interval, kgCO2e. */
  kgCO2e: number | null;
  /** Energy consumed in the interval, kWh. */
  kWh: number | null;
  /** Grid emission factor applied, gCO2e per kWh. */
  gCO2ePerKWh: number | null;
  /** True when any of the interval's values is an estimate rather than a measurement. */
  estimated: boolean;
  method: string | null;
  /**
   * Present, and true, only when the requested window covers part of the interval (a custom From or To
   * inside it): its values may then be for the whole interval or for the part, as the API decides.
   */
  partial?: true;
}

/** The window that was asked for, [from, to) in ISO 8601: rows of intervals it cuts short are marked. */
export interface RequestedWindow {
  from?: string | undefined;
  to?: string | undefined;
}

/** A value of a series this connector does not know, labelled with its key and unit. */
export interface MetricRow {
  siteId: string;
  siteName: string | null;
  countryIsoCode: string | null;
  timestamp: string;
  granularity: string | null;
  metric: string;
  unit: string | null;
  value: number | null;
  estimated: boolean;
  method: string | null;
  partial?: true;
}

/** Where each known series lands in a row. */
const COLUMN: Record<KnownSeriesKey, 'kgCO2e' | 'kWh' | 'gCO2ePerKWh'> = {
  co2Emission: 'kgCO2e',
  activeEnergy: 'kWh',
  emissionFactor: 'gCO2ePerKWh',
};

type SiteInfo = Pick<Site, 'name' | 'postalAddress'> | undefined;

/** Rounds away float noise a conversion adds (0.1 * 1000 = 100.00000000000001). */
function converted(value: number | null, factor: number): number | null {
  if (value === null || factor === 1) return value;
  return Number((value * factor).toPrecision(12));
}

/** The series that go into the wide row columns, each with its conversion factor. */
function wideSeries(
  response: EmissionsResponse,
): Array<{ series: Timeseries; key: KnownSeriesKey; factor: number }> {
  const wide = [];
  for (const series of response.timeseries) {
    if (!isKnownSeriesKey(series.key)) continue;
    const factor = conversionFactor(series.key, series.unit);
    if (factor !== undefined) wide.push({ series, key: series.key, factor });
  }
  return wide;
}

/** The series kept as metric rows: unknown keys, and known keys in units that cannot be converted. */
export function metricSeries(response: EmissionsResponse): Timeseries[] {
  return response.timeseries.filter(
    (series) => !isKnownSeriesKey(series.key) || conversionFactor(series.key, series.unit) === undefined,
  );
}

function rowBase(response: EmissionsResponse, site: SiteInfo, date: Date) {
  return {
    siteId: response.siteId,
    siteName: site?.name ?? null,
    countryIsoCode: site?.postalAddress?.countryIsoCode ?? null,
    timestamp: date.toISOString(),
    granularity: response.granularity ?? null,
  };
}

/**
 * Marks the rows whose interval the requested window does not wholly cover. Presets always cover whole
 * intervals, so only a custom From or To inside an interval marks anything.
 */
function markPartial<R extends { timestamp: string; partial?: true }>(
  rows: R[],
  granularity: string | null,
  window: RequestedWindow | undefined,
): R[] {
  const from = window?.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(window.from);
  const to = window?.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(window.to);
  const known = (GRANULARITIES as readonly string[]).includes(granularity ?? '');
  if (window === undefined || !known) return rows;
  for (const row of rows) {
    const start = Date.parse(row.timestamp);
    if (start < from || intervalEnd(start, granularity as Granularity) > to) row.partial = true;
  }
  return rows;
}

export function toEmissionRows(
  response: EmissionsResponse,
  site?: SiteInfo,
  window?: RequestedWindow,
): EmissionRow[] {
  return markPartial(wideRows(response, site), response.granularity ?? null, window);
}

function wideRows(response: EmissionsResponse, site?: SiteInfo): EmissionRow[] {
  // Read once per page, not per row: a year of 15-minute data is millions of rows.
  const { siteId } = response;
  const siteName = site?.name ?? null;
  const countryIsoCode = site?.postalAddress?.countryIsoCode ?? null;
  const granularity = response.granularity ?? null;
  const method = response.method ?? null;
  const rowsByTime = new Map<number, EmissionRow>();
  // Points come in time order from the API; the sort at the end is only needed when they did not.
  let inOrder = true;
  let lastTime = Number.NEGATIVE_INFINITY;
  for (const { series, key, factor } of wideSeries(response)) {
    const column = COLUMN[key];
    for (const point of series.values) {
      const time = point.date.getTime();
      let row = rowsByTime.get(time);
      if (row === undefined) {
        // The same columns, in the same order, as rowBase gives metric rows.
        row = {
          siteId,
          siteName,
          countryIsoCode,
          timestamp: point.date.toISOString(),
          granularity,
          kgCO2e: null,
          kWh: null,
          gCO2ePerKWh: null,
          estimated: false,
          method,
        };
        rowsByTime.set(time, row);
        if (time < lastTime) inOrder = false;
        lastTime = time;
      }
      row[column] = converted(point.value, factor);
      row.estimated ||= point.isEstimated;
    }
  }
  if (inOrder) return [...rowsByTime.values()];
  return [...rowsByTime.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

export function toMetricRows(
  response: EmissionsResponse,
  site?: SiteInfo,
  window?: RequestedWindow,
): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const series of metricSeries(response)) {
    for (const point of series.values) {
      rows.push({
        ...rowBase(response, site, point.date),
        metric: series.key,
        unit: series.unit ?? null,
        value: point.value,
        estimated: point.isEstimated,
        method: response.method ?? null,
      });
    }
  }
  rows.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.metric.localeCompare(b.metric));
  return markPartial(rows, response.granularity ?? null, window);
}

/** Column order for CSV and table output, with each column's unit where it has one. */
export const EMISSION_ROW_COLUMNS: ReadonlyArray<keyof EmissionRow> = [
  'siteId',
  'siteName',
  'countryIsoCode',
  'timestamp',
  'granularity',
  'kgCO2e',
  'kWh',
  'gCO2ePerKWh',
  'estimated',
  'method',
];

export const METRIC_ROW_COLUMNS: ReadonlyArray<keyof MetricRow> = [
  'siteId',
  'siteName',
  'countryIsoCode',
  'timestamp',
  'granularity',
  'metric',
  'unit',
  'value',
  'estimated',
  'method',
];

export { CANONICAL_UNITS };
