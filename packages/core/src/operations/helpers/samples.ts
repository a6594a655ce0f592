/**
 * Emission responses turned into threshold samples. The n8n trigger and the Node-RED node both poll
 * this way, so what a "sample" is (and which sites failed) is decided once, here.
 */
import { ValidationError } from '../../errors/errors.js';
import type { ProgressEvent } from '../../http/types.js';
import type { EmissionSample } from './threshold-evaluate.js';
import type { CarbonClient, EmissionsOptions } from '../../carbon-api/carbon-client.js';
import { toEmissionRows } from './emission-rows.js';
import type { EmissionsResponse } from '../../carbon-api/schemas.js';
import { conversionFactor, isKnownSeriesKey } from './units.js';
import type { ShapeWarning } from '../../schema/parse-response.js';

/** One sample per interval of the response. */
export function emissionSamplesFrom(response: EmissionsResponse): EmissionSample[] {
  return toEmissionRows(response).map((row) => ({
    siteId: row.siteId,
    timestamp: row.timestamp,
    kgCO2e: row.kgCO2e,
    kWh: row.kWh,
    emissionFactor: row.gCO2ePerKWh,
  }));
}

/** Where rows handed to `emissionSamplesFromRows` came from, for its messages. */
export interface RowSource {
  /** The field the error names, e.g. `payload`. */
  field: string;
  /** How the user knows that place, e.g. `msg.payload`. */
  label: string;
}

const optionalNumber = (value: unknown) => value === undefined || value === null || typeof value === 'number';

/**
 * The reverse of `toEmissionRows`: rows that come back from a user (one row or a list, as Get Emissions
 * sends them) read into threshold samples, refusing anything else with a message that says which item is
 * wrong and what was expected. Rows call the factor `gCO2ePerKWh`; samples built by hand may say
 * `emissionFactor`.
 */
export function emissionSamplesFromRows(value: unknown, source: RowSource): EmissionSample[] {
  const { field } = source;
  const expected = `${source.label} must hold emission rows (objects with siteId, timestamp and kgCO2e or kWh), as Get Emissions sends them`;
  if (value === undefined || value === null) {
    throw new ValidationError({ field, message: `${expected}; it is empty.` });
  }
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items.map((item, index) => {
    const where = Array.isArray(value) ? `item ${index}` : 'the value';
    const problem = rowProblem(item);
    if (problem !== undefined)
      throw new ValidationError({ field, message: `${expected}; ${where} ${problem}.` });
    const row = item as Record<string, unknown>;
    return {
      siteId: row.siteId as string,
      timestamp: row.timestamp as string,
      kgCO2e: (row.kgCO2e as number | null | undefined) ?? null,
      kWh: (row.kWh as number | null | undefined) ?? null,
      emissionFactor: ((row.gCO2ePerKWh ?? row.emissionFactor) as number | null | undefined) ?? null,
    };
  });
}

/** What is wrong with one row, in words that follow "item 3" or "the value"; undefined when nothing. */
function rowProblem(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return `is ${typeof item}`;
  const row = item as Record<string, unknown>;
  if (typeof row.siteId !== 'string' || row.siteId === '') return 'has no siteId';
  if (typeof row.timestamp !== 'string' || Number.isNaN(Date.parse(row.timestamp)))
    return 'has no ISO timestamp';
  const factor = row.gCO2ePerKWh ?? row.emissionFactor;
  if (!optionalNumber(row.kgCO2e) || !optionalNumber(row.kWh) || !optionalNumber(factor))
    return 'has a kgCO2e, kWh or gCO2ePerKWh that is not a number';
  return undefined;
}

export interface SiteFailure {
  siteId: string;
  error: Error;
}

/** A site that answered but gave nothing to evaluate, with why. */
export interface SkippedSite {
  siteId: string;
  /** Null: the whole site, not one interval. */
  timestamp: null;
  reason: string;
}

export interface EmissionSamplesResult {
  samples: EmissionSample[];
  /** Sites whose emissions could not be fetched; they are reported, not left out. */
  failures: SiteFailure[];
  /** Sites that answered without a value core can evaluate; reported too. */
  skipped: SkippedSite[];
  /** What the sites' answers held that core read leniently or checked against the window, naming where. */
  warnings: ShapeWarning[];
}

/**
 * Why a response that gave no sample gave none: no data at all, or only series core does not recognise
 * (unknown keys, or known keys in units it cannot convert), which the dialect's series map can name.
 */
export function noSampleReason(response: EmissionsResponse): string {
  const withValues = response.timeseries.filter((series) => series.values.length > 0);
  if (withValues.length === 0) return 'no data: the API answered no value for the requested interval';
  const recognised = withValues.some(
    (series) => isKnownSeriesKey(series.key) && conversionFactor(series.key, series.unit) !== undefined,
  );
  if (recognised) return 'no interval with emissions, energy or an emission factor';
  const keys = withValues.map((series) => `${series.key}${series.unit ? ` (${series.unit})` : ''}`);
  return `no recognised series (${keys.join(', ')}): map them with carbonDialect.seriesMap, e.g. { "${withValues[0]?.key}": { "measures": "emissions", "unit": "tCO2e" } }`;
}

export interface EmissionSamplesOptions extends Omit<EmissionsOptions, 'signal' | 'onPage'> {
  signal?: AbortSignal | undefined;
  onProgress?: ((event: ProgressEvent) => void) | undefined;
}

/**
 * Samples of several sites: the latest complete interval of each when no range is given, or every
 * interval of the range (a trigger catching up after downtime).
 */
export async function emissionSamplesForSites(
  carbon: CarbonClient,
  siteIds: readonly string[],
  options: EmissionSamplesOptions = {},
): Promise<EmissionSamplesResult> {
  const { signal, onProgress, ...query } = options;
  const results = await carbon.getEmissionsForSites(siteIds, query, { signal, onProgress });
  const samples: EmissionSample[] = [];
  const failures: SiteFailure[] = [];
  const skipped: SkippedSite[] = [];
  const warnings: ShapeWarning[] = [];
  for (const result of results) {
    if (!result.ok) {
      failures.push({ siteId: result.siteId, error: result.error });
      continue;
    }
    warnings.push(...(result.emissions.warnings ?? []));
    const siteSamples = emissionSamplesFrom(result.emissions);
    if (siteSamples.length === 0)
      skipped.push({ siteId: result.siteId, timestamp: null, reason: noSampleReason(result.emissions) });
    samples.push(...siteSamples);
  }
  return { samples, failures, skipped, warnings };
}

/** The latest complete interval of each site. */
export function latestEmissionSamples(
  carbon: CarbonClient,
  siteIds: readonly string[],
  options: Omit<EmissionSamplesOptions, 'from' | 'to'> = {},
): Promise<EmissionSamplesResult> {
  return emissionSamplesForSites(carbon, siteIds, { ...options, from: undefined, to: undefined });
}
