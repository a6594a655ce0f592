/**
 * Which sites run dirtier than their country's grid? Combines the site list (for each site's country),
 * the latest emissions, the global rates and the threshold evaluation, so both adapters and the demo
 * tell the same story with the same numbers.
 */
import type { CarbonClient } from '../../carbon-api/carbon-client.js';
import { validateMethod, validateGranularity } from '../../carbon-api/params.js';
import type { GlobalRate, Site } from '../../carbon-api/schemas.js';
import type { EcoStruxureClient } from '../../client/create-client.js';
import { ApiError, ValidationError } from '../../errors/errors.js';
import { mapWithConcurrency } from '../../http/concurrency.js';
import type { ProgressEvent } from '../../http/types.js';
import {
  evaluateThreshold,
  intensityOf,
  type SkippedSample,
  type ThresholdEvent,
  type ThresholdState,
} from '../helpers/threshold-evaluate.js';
import { throwIfAnySiteFailed } from '../helpers/failures.js';
import { listOf, optionalNumber, optionalText, requiredNumber } from '../helpers/form-values.js';
import { latestEmissionSamples, type SiteFailure } from '../helpers/samples.js';
import type { JsonObject, OperationContext } from '../helpers/types.js';

export interface GlobalRateComparisonOptions {
  /** A site counts as above when its intensity exceeds the grid rate by more than this many percent. */
  percentAbove: number;
  /** Percentage points the value must fall below `percentAbove` before a crossing clears. Default 0. */
  hysteresis?: number | undefined;
  /** Only these sites; default every site the credential may see. */
  siteIds?: readonly string[] | undefined;
  granularity?: string | undefined;
  method?: string | undefined;
  /** The global-rate year; default the API's (the current year). */
  year?: number | undefined;
  /** State from the previous run, for crossing events that fire once. */
  state?: ThresholdState | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((event: ProgressEvent) => void) | undefined;
}

export interface SiteRateComparison {
  siteId: string;
  siteName: string | null;
  countryIsoCode: string | null;
  /** Start of the interval compared. */
  timestamp: string;
  /** The site's carbon intensity, gCO2e/kWh. */
  intensity: number;
  /** The grid's global rate, gCO2e/kWh. */
  globalRate: number;
  percentAboveGlobalRate: number;
  above: boolean;
}

export interface GlobalRateComparisonResult {
  /** Every site compared, highest percentage first. */
  sites: SiteRateComparison[];
  /** The sites above the limit, highest percentage first. */
  above: SiteRateComparison[];
  /** Crossing and clearing events since `state`. */
  events: ThresholdEvent[];
  /** Intervals that could not be compared (no energy, no rate for the country...). */
  skipped: SkippedSample[];
  /** Sites whose data could not be fetched. */
  failures: SiteFailure[];
  state: ThresholdState;
}

/** The rate for a country: its own zone when several are listed, else the first. */
export function pickGlobalRate(rates: readonly GlobalRate[], countryIsoCode: string): GlobalRate | undefined {
  const forCountry = rates.filter(
    (rate) => rate.countryIsoCode.toUpperCase() === countryIsoCode.toUpperCase(),
  );
  return forCountry.find((rate) => rate.zone === undefined || rate.zone === countryIsoCode) ?? forCountry[0];
}

export async function findSitesAboveGlobalRate(
  carbon: CarbonClient,
  options: GlobalRateComparisonOptions,
): Promise<GlobalRateComparisonResult> {
  if (typeof options.percentAbove !== 'number' || !Number.isFinite(options.percentAbove)) {
    throw new ValidationError({
      field: 'percentAbove',
      message: `"percentAbove" must be a number of percent; got ${JSON.stringify(options.percentAbove)}.`,
    });
  }
  const { signal } = options;
  const failures: SiteFailure[] = [];
  const allSites = await carbon.listSites({ signal });
  const byId = new Map(allSites.map((site) => [site.id, site]));
  let sites: Site[] = allSites;
  if (options.siteIds !== undefined) {
    sites = [];
    for (const siteId of new Set(options.siteIds)) {
      const site = byId.get(siteId);
      if (site) sites.push(site);
      else
        failures.push({
          siteId,
          error: new ValidationError({
            field: 'siteIds',
            message: `Site "${siteId}" is not among the sites this credential can see.`,
          }),
        });
    }
  }

  const latest = await latestEmissionSamples(
    carbon,
    sites.map((site) => site.id),
    {
      granularity: options.granularity,
      method: options.method,
      signal,
      onProgress: options.onProgress,
    },
  );
  failures.push(...latest.failures);

  // One global-rate request per country, not per site.
  const countries = [
    ...new Set(
      sites.flatMap((site) =>
        site.postalAddress?.countryIsoCode ? [site.postalAddress.countryIsoCode] : [],
      ),
    ),
  ];
  const rateByCountry = new Map<string, number>();
  const countryErrors = new Map<string, Error>();
  await mapWithConcurrency(
    countries,
    // The client's own limit: one global-rate request per country, sharing the quota with everything else.
    carbon.http.maxConcurrency,
    async (countryIsoCode) => {
      try {
        const rates = await carbon.getGlobalRates({ countryIsoCode, year: options.year, signal });
        const rate = pickGlobalRate(rates, countryIsoCode);
        if (rate) rateByCountry.set(countryIsoCode, rate.value);
      } catch (error) {
        // A country the dataset lacks (404) just has no rate: its sites are skipped with that reason.
        if (error instanceof ApiError && error.status === 404) return;
        if (signal?.aborted) throw error;
        countryErrors.set(countryIsoCode, error instanceof Error ? error : new Error(String(error)));
      }
    },
    signal === undefined ? {} : { signal },
  );

  const globalRates: Record<string, number> = {};
  const failedSites = new Set(failures.map((failure) => failure.siteId));
  for (const site of sites) {
    const country = site.postalAddress?.countryIsoCode;
    if (country === undefined || country === null) continue;
    const rate = rateByCountry.get(country);
    if (rate !== undefined) globalRates[site.id] = rate;
    const countryError = countryErrors.get(country);
    if (countryError && !failedSites.has(site.id)) {
      failures.push({ siteId: site.id, error: countryError });
      failedSites.add(site.id);
    }
  }
  const samples = latest.samples.filter((sample) => !failedSites.has(sample.siteId));

  const evaluation = evaluateThreshold(
    samples,
    { metric: 'percentAboveGlobalRate', above: options.percentAbove, hysteresis: options.hysteresis ?? 0 },
    { state: options.state, globalRates },
  );

  // Compared from the samples, not from `evaluation.latest`: a second run within the same interval
  // evaluates nothing new (the state has seen it) but must still show where every site stands.
  const latestBySite = new Map<string, (typeof samples)[number]>();
  for (const sample of samples) {
    const current = latestBySite.get(sample.siteId);
    if (!current || Date.parse(sample.timestamp) > Date.parse(current.timestamp))
      latestBySite.set(sample.siteId, sample);
  }
  const comparisons: SiteRateComparison[] = [];
  for (const [siteId, sample] of latestBySite) {
    const site = byId.get(siteId);
    const intensity = intensityOf(sample);
    const globalRate = globalRates[siteId];
    if (intensity === null || globalRate === undefined || globalRate <= 0) continue;
    const percentAboveGlobalRate = (intensity / globalRate - 1) * 100;
    comparisons.push({
      siteId,
      siteName: site?.name ?? null,
      countryIsoCode: site?.postalAddress?.countryIsoCode ?? null,
      timestamp: sample.timestamp,
      intensity,
      globalRate,
      percentAboveGlobalRate,
      above: evaluation.state[siteId]?.above ?? percentAboveGlobalRate > options.percentAbove,
    });
  }
  comparisons.sort(
    (a, b) => b.percentAboveGlobalRate - a.percentAboveGlobalRate || a.siteId.localeCompare(b.siteId),
  );
  failures.sort((a, b) => a.siteId.localeCompare(b.siteId));
  return {
    sites: comparisons,
    above: comparisons.filter((comparison) => comparison.above),
    events: evaluation.events,
    skipped: evaluation.skipped,
    failures,
    state: evaluation.state,
  };
}

export interface CompareToGridRateParams {
  /** Only these sites (a list or comma-separated text); default every site the credential may see. */
  siteIds?: readonly string[] | string | undefined;
  /** A site counts as above when its intensity exceeds its grid's rate by more than this many percent. */
  thresholdPercent: number | string;
  /** Percentage points below the threshold a site must fall before its crossing clears. Default 0. */
  hysteresis?: number | string | undefined;
  granularity?: string | undefined;
  method?: string | undefined;
  year?: number | string | undefined;
  /** The `state` of the previous run, so a crossing is reported once. */
  state?: ThresholdState | undefined;
}

export interface CompareToGridRateResult {
  /** One item per site compared, highest percentage first. */
  items: JsonObject[];
  /** Crossed and cleared events since `state`, each with a stable dedupKey. */
  events: ThresholdEvent[];
  /** Keep for the next run. */
  state: ThresholdState;
  skipped: SkippedSample[];
  warnings: [];
}

/**
 * Compare to Grid Rate: each site's latest intensity against its country grid's global rate. Fails,
 * naming each site, when any site's data could not be fetched: a silently shorter list would read as
 * "all clear".
 */
export async function compareToGridRate(
  client: EcoStruxureClient,
  params: CompareToGridRateParams,
  context: OperationContext = {},
): Promise<CompareToGridRateResult> {
  const siteIds = listOf(params?.siteIds, 'siteIds');
  const thresholdPercent = requiredNumber(params.thresholdPercent, 'thresholdPercent', { min: -100 });
  const hysteresis = optionalNumber(params.hysteresis, 'hysteresis', { min: 0 }) ?? 0;
  const granularity = validateGranularity(optionalText(params.granularity, 'granularity'));
  const method = validateMethod(optionalText(params.method, 'method'));
  const year = optionalNumber(params.year, 'year', { whole: true });
  if (
    params.state !== undefined &&
    (typeof params.state !== 'object' || params.state === null || Array.isArray(params.state))
  ) {
    throw new ValidationError({
      field: 'state',
      message: '"state" must be the state object a previous run returned, or nothing.',
    });
  }
  const result = await findSitesAboveGlobalRate(client.carbon, {
    percentAbove: thresholdPercent,
    hysteresis,
    ...(siteIds.length > 0 ? { siteIds } : {}),
    granularity,
    method,
    year,
    state: params.state,
    signal: context.signal,
    onProgress: context.onProgress,
  });
  throwIfAnySiteFailed(result.failures, result.sites.length + result.failures.length, result.sites);
  return {
    items: result.sites as unknown as JsonObject[],
    events: result.events,
    state: result.state,
    skipped: result.skipped,
    warnings: [],
  };
}
