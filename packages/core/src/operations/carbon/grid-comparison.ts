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
import type { ShapeWarning } from '../../schema/parse-response.js';
import type { ProgressEvent } from '../../http/types.js';
import {
  evaluateThreshold,
  intensityOf,
  type EmissionSample,
  type SkippedSample,
  type ThresholdEvent,
  type ThresholdState,
} from '../helpers/threshold-evaluate.js';
import { conversionFactor } from '../helpers/units.js';
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
  /** The grid's global rate, converted to gCO2e/kWh from the unit the API gave it in. */
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
  /**
   * Sites that could not be compared, with why (no data, no recognised series, no grid rate for the
   * country, a rate in an unknown unit; `timestamp` null), and intervals that could not be (their time).
   */
  skipped: SkippedSample[];
  /** Sites whose data could not be fetched. */
  failures: SiteFailure[];
  state: ThresholdState;
  /** What was read leniently (a grid rate sent as text), naming where. */
  warnings: ShapeWarning[];
}

/** The rate for a country: its own zone when several are listed, else the first. */
export function pickGlobalRate(rates: readonly GlobalRate[], countryIsoCode: string): GlobalRate | undefined {
  const forCountry = rates.filter(
    (rate) => rate.countryIsoCode.toUpperCase() === countryIsoCode.toUpperCase(),
  );
  return forCountry.find((rate) => rate.zone === undefined || rate.zone === countryIsoCode) ?? forCountry[0];
}

/** The sites asked for that the credential can see; the others fail, named, before any emission request. */
async function sitesToCompare(
  carbon: CarbonClient,
  siteIds: readonly string[] | undefined,
  signal: AbortSignal | undefined,
): Promise<{ sites: Site[]; byId: Map<string, Site>; failures: SiteFailure[] }> {
  const allSites = await carbon.listSites({ signal });
  const byId = new Map(allSites.map((site) => [site.id, site]));
  if (siteIds === undefined) return { sites: allSites, byId, failures: [] };
  const sites: Site[] = [];
  const failures: SiteFailure[] = [];
  for (const siteId of new Set(siteIds)) {
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
  return { sites, byId, failures };
}

/** A country's grid rate in gCO2e/kWh, or why there is none to compare with. */
type CountryRate = { value: number } | { reason: string } | { error: Error };

/** A rate in gCO2e/kWh, converted from the unit the API gave it in; undefined when core cannot convert it. */
export function gramsPerKWh(rate: GlobalRate): number | undefined {
  // The rate keeps its unit to the end: 0.38 tCO2e/MWh is 380 gCO2e/kWh, never 0.38.
  const factor = conversionFactor('emissionFactor', rate.unit);
  return factor === undefined ? undefined : rate.value * factor;
}

async function rateOfCountry(
  carbon: CarbonClient,
  countryIsoCode: string,
  options: Pick<GlobalRateComparisonOptions, 'year' | 'signal'> & { warnings: ShapeWarning[] },
): Promise<CountryRate> {
  const { year, signal, warnings } = options;
  try {
    const rates = await carbon.getGlobalRates({
      countryIsoCode,
      year,
      signal,
      onWarning: (warning) => warnings.push(warning),
    });
    const rate = pickGlobalRate(rates, countryIsoCode);
    if (rate === undefined) return { reason: `no grid rate for its country ${countryIsoCode}` };
    const value = gramsPerKWh(rate);
    if (value === undefined)
      return {
        reason: `the grid rate for ${countryIsoCode} is in "${String(rate.unit)}", a unit core cannot convert to gCO2e/kWh`,
      };
    return { value };
  } catch (error) {
    // A country the dataset lacks (404) just has no rate: its sites are skipped with that reason.
    if (error instanceof ApiError && error.status === 404)
      return { reason: `no grid rate for its country ${countryIsoCode}` };
    if (signal?.aborted) throw error;
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** One global-rate request per country, not per site, sharing the client's limit with everything else. */
async function ratesOfCountries(
  carbon: CarbonClient,
  sites: readonly Site[],
  options: GlobalRateComparisonOptions,
  warnings: ShapeWarning[],
): Promise<Map<string, CountryRate>> {
  const countries = [...new Set(sites.flatMap((site) => countryOf(site) ?? []))];
  const rates = await mapWithConcurrency(
    countries,
    carbon.http.maxConcurrency,
    (country) => rateOfCountry(carbon, country, { year: options.year, signal: options.signal, warnings }),
    options.signal === undefined ? {} : { signal: options.signal },
  );
  return new Map(countries.map((country, index) => [country, rates[index] as CountryRate]));
}

function countryOf(site: Site): string | undefined {
  const country = site.postalAddress?.countryIsoCode;
  return country === undefined || country === null || country.trim() === '' ? undefined : country;
}

/** Each site's grid rate, or the site skipped or failed with why. */
function siteRates(
  sites: readonly Site[],
  rates: ReadonlyMap<string, CountryRate>,
  accounted: Accounting,
): Record<string, number> {
  const globalRates: Record<string, number> = {};
  for (const site of sites) {
    if (accounted.has(site.id)) continue;
    const country = countryOf(site);
    const rate = country === undefined ? undefined : rates.get(country);
    if (rate === undefined)
      accounted.skip(site.id, "no country in the site's address, so no grid rate to compare with");
    else if ('error' in rate) accounted.fail(site.id, rate.error);
    else if ('reason' in rate) accounted.skip(site.id, rate.reason);
    else globalRates[site.id] = rate.value;
  }
  return globalRates;
}

/** Every site asked for ends up compared, skipped with a reason, or failed: never left out. */
class Accounting {
  readonly skipped: SkippedSample[] = [];
  readonly failures: SiteFailure[] = [];
  private readonly settled = new Set<string>();

  has(siteId: string): boolean {
    return this.settled.has(siteId);
  }
  skip(siteId: string, reason: string): void {
    if (this.settled.has(siteId)) return;
    this.settled.add(siteId);
    this.skipped.push({ siteId, timestamp: null, reason });
  }
  fail(siteId: string, error: Error): void {
    if (this.settled.has(siteId)) return;
    this.settled.add(siteId);
    this.failures.push({ siteId, error });
  }
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
  const { sites, byId, failures: unknownSites } = await sitesToCompare(carbon, options.siteIds, signal);
  const accounted = new Accounting();
  for (const failure of unknownSites) accounted.fail(failure.siteId, failure.error);
  const siteIds = sites.map((site) => site.id);
  const warnings: ShapeWarning[] = [];
  const [latest, rates] = await Promise.all([
    latestEmissionSamples(carbon, siteIds, {
      granularity: options.granularity,
      method: options.method,
      signal,
      onProgress: options.onProgress,
    }),
    ratesOfCountries(carbon, sites, options, warnings),
  ]);
  warnings.push(...latest.warnings);
  for (const failure of latest.failures) accounted.fail(failure.siteId, failure.error);
  for (const skip of latest.skipped) accounted.skip(skip.siteId, skip.reason);
  const globalRates = siteRates(sites, rates, accounted);
  const samples = latest.samples.filter((sample) => !accounted.has(sample.siteId));
  const evaluation = evaluateThreshold(
    samples,
    { metric: 'percentAboveGlobalRate', above: options.percentAbove, hysteresis: options.hysteresis ?? 0 },
    { state: options.state, globalRates },
  );
  const comparisons = compareLatest(samples, globalRates, byId, evaluation.state, options.percentAbove);
  const compared = new Set(comparisons.map((comparison) => comparison.siteId));
  for (const skip of evaluation.skipped)
    if (!compared.has(skip.siteId)) accounted.skip(skip.siteId, skip.reason);
  for (const siteId of siteIds)
    if (!compared.has(siteId)) accounted.skip(siteId, 'no interval with a value to compare');
  accounted.failures.sort((a, b) => a.siteId.localeCompare(b.siteId));
  return {
    sites: comparisons,
    above: comparisons.filter((comparison) => comparison.above),
    events: evaluation.events,
    skipped: [...accounted.skipped, ...evaluation.skipped.filter((skip) => compared.has(skip.siteId))],
    failures: accounted.failures,
    state: evaluation.state,
    warnings,
  };
}

/**
 * Each site's latest interval against its rate. Compared from the samples, not from the evaluation: a
 * second run within the same interval evaluates nothing new (the state has seen it) but must still show
 * where every site stands.
 */
function compareLatest(
  samples: readonly EmissionSample[],
  globalRates: Record<string, number>,
  byId: ReadonlyMap<string, Site>,
  state: ThresholdState,
  percentAbove: number,
): SiteRateComparison[] {
  const latestBySite = new Map<string, EmissionSample>();
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
      above: state[siteId]?.above ?? percentAboveGlobalRate > percentAbove,
    });
  }
  return comparisons.sort(
    (a, b) => b.percentAboveGlobalRate - a.percentAboveGlobalRate || a.siteId.localeCompare(b.siteId),
  );
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
  warnings: ShapeWarning[];
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
    warnings: result.warnings,
  };
}
