/**
 * Flattens an emissions response into one row per interval, the shape spreadsheets, CRMs and CSV files
 * want. Both adapters and the demo use this, so a row means the same thing everywhere.
 */
import type { EmissionsResponse, Site, Timeseries } from './schemas.js';

export interface EmissionRow {
  siteId: string;
  siteName: string | null;
  countryIsoCode: string | null;
  /** Start of the interval, ISO 8601 UTC. */
  timestamp: string;
  granularity: string | null;
  /** Emissions in the interval. */
  kgCO2e: number | null;
  /** Energy consumed in the interval. */
  kWh: number | null;
  /** Grid emission factor applied, gCO2e/kWh. */
  emissionFactor: number | null;
  /** True when any of the interval's values is an estimate rather than a measurement. */
  estimated: boolean;
  method: string | null;
}

/** Keys of the series the API sends, and where each lands in a row. */
const SERIES_COLUMNS = {
  co2Emission: 'kgCO2e',
  activeEnergy: 'kWh',
  emissionFactor: 'emissionFactor',
} as const satisfies Record<string, keyof EmissionRow>;

type SeriesKey = keyof typeof SERIES_COLUMNS;

const isKnownSeries = (series: Timeseries): series is Timeseries & { key: SeriesKey } =>
  Object.hasOwn(SERIES_COLUMNS, series.key);

export function toEmissionRows(
  response: EmissionsResponse,
  site?: Pick<Site, 'name' | 'postalAddress'>,
): EmissionRow[] {
  const rowsByTime = new Map<number, EmissionRow>();
  for (const series of response.timeseries) {
    if (!isKnownSeries(series)) continue;
    const column = SERIES_COLUMNS[series.key];
    for (const point of series.values) {
      const time = point.date.getTime();
      let row = rowsByTime.get(time);
      if (!row) {
        row = {
          siteId: response.siteId,
          siteName: site?.name ?? null,
          countryIsoCode: site?.postalAddress?.countryIsoCode ?? null,
          timestamp: point.date.toISOString(),
          granularity: response.granularity ?? null,
          kgCO2e: null,
          kWh: null,
          emissionFactor: null,
          estimated: false,
          method: response.method ?? null,
        };
        rowsByTime.set(time, row);
      }
      row[column] = point.value;
      row.estimated ||= point.isEstimated;
    }
  }
  return [...rowsByTime.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

/** Column order for CSV and table output. */
export const EMISSION_ROW_COLUMNS: ReadonlyArray<keyof EmissionRow> = [
  'siteId',
  'siteName',
  'countryIsoCode',
  'timestamp',
  'granularity',
  'kgCO2e',
  'kWh',
  'emissionFactor',
  'estimated',
  'method',
];
