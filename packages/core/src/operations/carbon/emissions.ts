/**
 * Get Emissions: one site or many, a range preset or a custom window, as spreadsheet rows, as the API's
 * series, or as the API's JSON untouched. `streamEmissions` gives the same page by page, so a year of
 * 15-minute data for a hundred sites goes through with flat memory.
 */
import type { EmissionPage } from '../../carbon-api/emission-pages.js';
import { toEmissionRows, toMetricRows, metricSeries } from '../helpers/emission-rows.js';
import { validateMethod, validateSiteId } from '../../carbon-api/params.js';
import type { EmissionsResponse, Site } from '../../carbon-api/schemas.js';
import type { EcoStruxureClient } from '../../client/create-client.js';
import { ValidationError } from '../../errors/errors.js';
import type { ShapeWarning } from '../../schema/parse-response.js';
import { produceConcurrently } from '../helpers/channel.js';
import {
  onSiteFailureOf,
  settleSiteFailures,
  type SiteFailureEntry,
  type SiteFailureReport,
} from '../helpers/failures.js';
import { choice, listOf, optionalText } from '../helpers/form-values.js';
import { toJson } from '../helpers/json.js';
import { resolveRange, type CoveredWindow, type RangeInput } from '../helpers/range-presets.js';
import { siteDirectory } from './site-directory.js';
import { noSampleReason } from '../helpers/samples.js';
import type { JsonObject, OperationContext, OperationResult } from '../helpers/types.js';

export const EMISSION_OUTPUT_VALUES = ['rows', 'series', 'raw'] as const;
export type EmissionOutput = (typeof EMISSION_OUTPUT_VALUES)[number];

/** The `timeZone` that reads each site's range in the site's own time zone (its address's `timezone`). */
export const SITE_TIME_ZONE = 'site';

export interface GetEmissionsParams extends RangeInput {
  /** One site. */
  siteId?: string | undefined;
  /** Several sites, as a list or comma-separated text. */
  siteIds?: readonly string[] | string | undefined;
  /** `location-based` (default) or `market-based`. */
  method?: string | undefined;
  /** `rows` (default): one item per site and interval; `series`: one item per site; `raw`: the API's JSON. */
  output?: EmissionOutput | undefined;
  /**
   * `fail` (default): any failed site fails the call. `continue`: the other sites' items come back with
   * the failed sites listed in `failures` (`streamEmissions` returns them when it ends, after the pages
   * of the sites that answered); the call still fails when every site failed.
   */
  onSiteFailure?: 'fail' | 'continue' | undefined;
}

/** A site that answered without a value to put in a row, with why. */
export interface SkippedSiteReport {
  siteId: string;
  reason: string;
}

export interface EmissionsResult extends OperationResult {
  /** Which window the items really cover. */
  window: CoveredWindow;
  /** Sites that failed, when `onSiteFailure` is `continue`; empty otherwise. */
  failures: SiteFailureReport[];
  /** Sites that answered with no value in the window: every site asked for is in items, here or in failures. */
  skipped: SkippedSiteReport[];
}

/** One page of a stream, ready to send on as one message. */
export interface EmissionBatch {
  siteId: string;
  window: CoveredWindow;
  /** 1-based position of this page among the site's pages (across windows). */
  page: number;
  /** True on the site's last page. */
  lastOfSite: boolean;
  items: JsonObject[];
  warnings: ShapeWarning[];
}

interface PreparedEmissions {
  siteIds: string[];
  /** Undefined until the sites' own time zone is known, for `timeZone: 'site'`. */
  window: CoveredWindow | undefined;
  params: GetEmissionsParams;
  method: string | undefined;
  output: EmissionOutput;
  onSiteFailure: 'fail' | 'continue';
}

function prepare(client: EcoStruxureClient, params: GetEmissionsParams): PreparedEmissions {
  if (typeof params !== 'object' || params === null) {
    throw new ValidationError({
      field: 'siteId',
      message: 'Emissions need a site: give "siteId" or "siteIds".',
    });
  }
  const siteIds = [...new Set([...listOf(params.siteId, 'siteId'), ...listOf(params.siteIds, 'siteIds')])];
  if (siteIds.length === 0) {
    throw new ValidationError({
      field: 'siteId',
      message: 'No site given: enter a site ID (e.g. site-0001), or pick one from List Sites.',
    });
  }
  for (const siteId of siteIds) validateSiteId(siteId);
  const now = client.carbon.http.runtime.now();
  const inSiteZone = params.timeZone === SITE_TIME_ZONE;
  // Checked now even when the zone comes from the sites: a wrong range fails before any request.
  const window = resolveRange(inSiteZone ? { ...params, timeZone: 'UTC' } : params, now);
  return {
    siteIds,
    window: inSiteZone ? undefined : window,
    params,
    method: validateMethod(optionalText(params.method, 'method')),
    output: choice(params.output, 'output', EMISSION_OUTPUT_VALUES, 'rows'),
    onSiteFailure: onSiteFailureOf(params.onSiteFailure),
  };
}

/**
 * The sites' own time zone: one for all of them, since one call covers one window. Sites in several zones
 * are read in separate calls (one per item or message), which the error says.
 */
function siteTimeZone(siteIds: readonly string[], sites: ReadonlyMap<string, Site>): string {
  const zones = new Map<string, string[]>();
  for (const siteId of siteIds) {
    const zone = sites.get(siteId)?.postalAddress?.timezone;
    if (zone === undefined || zone === null || zone === '') {
      throw new ValidationError({
        field: 'timeZone',
        message: `Site ${siteId} has no time zone in its address, so its own time zone cannot be used: choose a time zone by name (e.g. Europe/Berlin).`,
      });
    }
    zones.set(zone, [...(zones.get(zone) ?? []), siteId]);
  }
  if (zones.size > 1) {
    const list = [...zones].map(([zone, ids]) => `${ids.join(', ')} in ${zone}`).join('; ');
    throw new ValidationError({
      field: 'timeZone',
      message: `The sites are in different time zones (${list}), and one call covers one window: read them one site per call, or choose one time zone by name.`,
    });
  }
  return [...zones.keys()][0] ?? 'UTC';
}

/** The prepared call with its window, resolving a `site` time zone from the site list. */
async function withWindow(
  client: EcoStruxureClient,
  prepared: PreparedEmissions,
  context: OperationContext,
): Promise<PreparedEmissions & { window: CoveredWindow }> {
  if (prepared.window !== undefined) return { ...prepared, window: prepared.window };
  const sites = await siteDirectory(client.carbon, prepared.siteIds, context);
  const timeZone = siteTimeZone(prepared.siteIds, sites);
  return {
    ...prepared,
    window: resolveRange({ ...prepared.params, timeZone }, client.carbon.http.runtime.now()),
  };
}

function queryOf(prepared: PreparedEmissions & { window: CoveredWindow }) {
  const { window } = prepared;
  return {
    from: window.from,
    to: window.to,
    granularity: window.granularity,
    method: prepared.method,
  };
}

/** True when any series of the response holds a point. */
function hasValues(response: EmissionsResponse): boolean {
  return response.timeseries.some((series) => series.values.length > 0);
}

/** The same for a body read untouched (raw output), whichever shape it has. */
function hasBodyValues(body: unknown): boolean {
  const list = Array.isArray(body)
    ? body
    : (body as { timeseries?: unknown; data?: unknown } | null)?.timeseries;
  if (!Array.isArray(list)) return body !== null && body !== undefined;
  return list.some(
    (series) =>
      Array.isArray((series as { values?: unknown })?.values) &&
      (series as { values: unknown[] }).values.length > 0,
  );
}

/** Notes for the user about what the rows hold beyond the three known series. */
function rowWarnings(response: EmissionsResponse): ShapeWarning[] {
  const warnings: ShapeWarning[] = [...(response.warnings ?? [])];
  warnings.push(
    ...metricSeries(response).map((series) => ({
      path: `timeseries[key=${series.key}]`,
      message: `Series "${series.key}"${series.unit ? ` in ${series.unit}` : ''} is not one of co2Emission (kgCO2e), activeEnergy (kWh) or emissionFactor (gCO2e/kWh) in a known unit, so it is kept as rows with its metric and unit.`,
    })),
  );
  if (response.timeseries.some((series) => series.values.some((point) => point.dateOnly === true))) {
    warnings.push({
      path: 'timeseries[].values[].date',
      message: `Site ${response.siteId}: dates without a time were read as midnight UTC.`,
    });
  }
  return warnings;
}

function itemsOf(
  response: EmissionsResponse,
  site: Site | undefined,
  output: EmissionOutput,
  window: CoveredWindow,
) {
  if (output === 'series') {
    // Warnings go with the call's warnings, not inside the API's series.
    const { warnings: _warnings, ...series } = response;
    return [{ ...(toJson(series) as JsonObject), window }];
  }
  return [
    ...toEmissionRows(response, site, window),
    ...toMetricRows(response, site, window),
  ] as unknown as JsonObject[];
}

function rawItem(page: EmissionPage): JsonObject {
  return {
    siteId: page.siteId,
    window:
      page.window === undefined
        ? null
        : { from: page.window.from.toISOString(), to: page.window.to.toISOString() },
    page: page.page,
    body: page.body,
  };
}

async function sitesById(
  client: EcoStruxureClient,
  prepared: PreparedEmissions,
  context: OperationContext,
): Promise<ReadonlyMap<string, Site>> {
  // Names and countries make rows readable in a spreadsheet; one request whatever the number of sites.
  if (prepared.output !== 'rows') return new Map<string, Site>();
  return await siteDirectory(client.carbon, prepared.siteIds, context);
}

export async function getEmissions(
  client: EcoStruxureClient,
  params: GetEmissionsParams,
  context: OperationContext = {},
): Promise<EmissionsResult> {
  const prepared = await withWindow(client, prepare(client, params), context);
  const { window, output } = prepared;
  if (output === 'raw') {
    const items: JsonObject[] = [];
    const warnings: ShapeWarning[] = [];
    // Read step by step, not with for-await, which would drop the failed sites the stream ends with.
    const stream = streamPrepared(client, prepared, context);
    for (;;) {
      const step = await stream.next();
      if (step.done === true)
        return { items, warnings, window, failures: step.value.failures, skipped: step.value.skipped };
      items.push(...step.value.items);
      warnings.push(...step.value.warnings);
    }
  }
  // The site list (names for the rows) is asked for beside the emissions, not before them: rows are built
  // once every site has answered, and listing first would add a round trip to every call. A failed
  // listing fails the call, and stops the emission requests rather than let them finish for nothing.
  const listingFailed = new AbortController();
  const signal =
    context.signal === undefined
      ? listingFailed.signal
      : AbortSignal.any([context.signal, listingFailed.signal]);
  const listing = sitesById(client, prepared, context);
  listing.catch((error: unknown) => listingFailed.abort(error));
  const [sites, results] = await Promise.all([
    listing,
    client.carbon.getEmissionsForSites(prepared.siteIds, queryOf(prepared), {
      signal,
      onProgress: context.onProgress,
    }),
  ]);
  const failures = results.flatMap((result) =>
    result.ok ? [] : [{ siteId: result.siteId, error: result.error }],
  );
  const items: JsonObject[] = [];
  const warnings: ShapeWarning[] = [];
  const skipped: SkippedSiteReport[] = [];
  for (const result of results) {
    if (!result.ok) continue;
    const siteItems = itemsOf(result.emissions, sites.get(result.siteId), output, window);
    if (!hasValues(result.emissions))
      skipped.push({ siteId: result.siteId, reason: noSampleReason(result.emissions) });
    items.push(...siteItems);
    warnings.push(...rowWarnings(result.emissions));
  }
  // A sync that silently skipped a site would leave a hole in the sheet: unless the user chose to go on,
  // any failure fails the call, naming each site, with what did arrive kept on the error.
  const reported = settleSiteFailures(failures, results.length, prepared.onSiteFailure, results);
  return { items, warnings, window, failures: reported, skipped };
}

/** How a stream ended: the sites that failed when the call asked to go on past them (empty otherwise). */
export interface EmissionStreamEnd {
  failures: SiteFailureReport[];
  /** Sites that answered with no value in the window (raw output: with an empty body). */
  skipped: SkippedSiteReport[];
}

async function* streamPrepared(
  client: EcoStruxureClient,
  unresolved: PreparedEmissions,
  context: OperationContext,
): AsyncGenerator<EmissionBatch, EmissionStreamEnd, undefined> {
  const prepared = await withWindow(client, unresolved, context);
  const sites =
    prepared.output === 'raw' ? new Map<string, Site>() : await sitesById(client, prepared, context);
  const total = prepared.siteIds.length;
  let completed = 0;
  const failures: SiteFailureEntry[] = [];
  const stream: EmissionStream = {
    client,
    prepared,
    sites,
    skipped: [],
    siteDone() {
      completed += 1;
      context.onProgress?.({ completed, total, failed: failures.length });
    },
  };
  yield* produceConcurrently<string, EmissionBatch>(
    prepared.siteIds,
    client.carbon.http.maxConcurrency,
    async (siteId, emit, signal) => {
      try {
        await streamSite(stream, siteId, emit, signal);
      } catch (error) {
        // A stop (close, another site's failure) is not this site's failure; neither is a "fail" call's.
        if (signal.aborted || prepared.onSiteFailure === 'fail') throw error;
        failures.push({ siteId, error });
        stream.siteDone();
      }
    },
    { signal: context.signal, buffer: client.carbon.http.maxConcurrency },
  );
  // Every site failed (or the only one did): nothing to go on with, so the call fails as getEmissions does.
  return { failures: settleSiteFailures(failures, total, prepared.onSiteFailure), skipped: stream.skipped };
}

/** What the sites of one stream share: the call, the site names, and where a skip and a finish are told. */
interface EmissionStream {
  client: EcoStruxureClient;
  prepared: PreparedEmissions & { window: CoveredWindow };
  sites: ReadonlyMap<string, Site>;
  skipped: SkippedSiteReport[];
  /** Counts a site as done (answered, skipped or failed past) and reports the progress. */
  siteDone(): void;
}

/** One site's pages, each sent on as a batch; a site that answered no value is reported as skipped. */
async function streamSite(
  stream: EmissionStream,
  siteId: string,
  emit: (batch: EmissionBatch) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  const { client, prepared, sites } = stream;
  const { window, output } = prepared;
  const pages = client.carbon.emissionPages(siteId, {
    ...queryOf(prepared),
    signal,
    raw: output === 'raw',
  });
  let number = 0;
  let answered = false;
  let lastResponse: EmissionsResponse | undefined;
  for await (const page of pages) {
    number += 1;
    if (page.response === undefined ? hasBodyValues(page.body) : hasValues(page.response)) answered = true;
    lastResponse = page.response ?? lastResponse;
    // Sent on at once, not held back to learn whether another follows: the page count each answer
    // announces says which is the last, and a page held per site would outlive the collector's young
    // generation and pile up as old garbage over a long sync.
    await emit({
      siteId,
      window,
      page: number,
      lastOfSite: page.windowIndex === page.windowCount - 1 && page.page >= page.totalPages,
      items:
        output === 'raw' || page.response === undefined
          ? [rawItem(page)]
          : itemsOf(page.response, sites.get(siteId), output, window),
      warnings:
        output === 'raw' || page.response === undefined
          ? page.warnings
          : [...page.warnings, ...rowWarnings(page.response)],
    });
  }
  if (!answered)
    stream.skipped.push({
      siteId,
      reason:
        lastResponse === undefined
          ? 'no data: the API answered no value for the requested interval'
          : noSampleReason(lastResponse),
    });
  stream.siteDone();
}

/**
 * The emissions page by page as they arrive (several sites at once, at most the client's concurrency),
 * each page as one batch of items. Checked before the first request, like `getEmissions`.
 */
export function streamEmissions(
  client: EcoStruxureClient,
  params: GetEmissionsParams,
  context: OperationContext = {},
): AsyncGenerator<EmissionBatch, EmissionStreamEnd, undefined> {
  const prepared = prepare(client, params);
  return streamPrepared(client, prepared, context);
}
