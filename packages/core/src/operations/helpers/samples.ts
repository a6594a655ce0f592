/**
 * Emission responses turned into threshold samples. The n8n trigger and the Node-RED node both poll
 * this way, so what a "sample" is (and which sites failed) is decided once, here.
 */
import type { ProgressEvent } from '../../http/types.js';
import type { EmissionSample } from './threshold-evaluate.js';
import type { CarbonClient, EmissionsOptions } from '../../carbon-api/carbon-client.js';
import { toEmissionRows } from './emission-rows.js';
import type { EmissionsResponse } from '../../carbon-api/schemas.js';
import { conversionFactor, isKnownSeriesKey } from './units.js';

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
  for (const result of results) {
    if (!result.ok) {
      failures.push({ siteId: result.siteId, error: result.error });
      continue;
    }
    const siteSamples = emissionSamplesFrom(result.emissions);
    if (siteSamples.length === 0)
      skipped.push({ siteId: result.siteId, timestamp: null, reason: noSampleReason(result.emissions) });
    samples.push(...siteSamples);
  }
  return { samples, failures, skipped };
}

/** The latest complete interval of each site. */
export function latestEmissionSamples(
  carbon: CarbonClient,
  siteIds: readonly string[],
  options: Omit<EmissionSamplesOptions, 'from' | 'to'> = {},
): Promise<EmissionSamplesResult> {
  return emissionSamplesForSites(carbon, siteIds, { ...options, from: undefined, to: undefined });
}
