/**
 * Emission responses turned into threshold samples. The n8n trigger and the Node-RED node both poll
 * this way, so what a "sample" is (and which sites failed) is decided once, here.
 */
import type { ProgressEvent } from '../../http/types.js';
import type { EmissionSample } from './threshold-evaluate.js';
import type { CarbonClient, EmissionsOptions } from '../../carbon-api/carbon-client.js';
import { toEmissionRows } from './emission-rows.js';
import type { EmissionsResponse } from '../../carbon-api/schemas.js';

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

export interface EmissionSamplesResult {
  samples: EmissionSample[];
  /** Sites whose emissions could not be fetched; they are reported, not left out. */
  failures: SiteFailure[];
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
  for (const result of results) {
    if (result.ok) samples.push(...emissionSamplesFrom(result.emissions));
    else failures.push({ siteId: result.siteId, error: result.error });
  }
  return { samples, failures };
}

/** The latest complete interval of each site. */
export function latestEmissionSamples(
  carbon: CarbonClient,
  siteIds: readonly string[],
  options: Omit<EmissionSamplesOptions, 'from' | 'to'> = {},
): Promise<EmissionSamplesResult> {
  return emissionSamplesForSites(carbon, siteIds, { ...options, from: undefined, to: undefined });
}
