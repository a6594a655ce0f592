/**
 * A site's emissions over a range: split into the windows the API accepts, every page of each window
 * read (emission-pages.ts), merged into one response with the warnings of its pages; and the same for
 * several sites at once, each site's failure a result rather than the batch's.
 */
import { BatchError, mapWithConcurrency } from '../http/concurrency.js';
import type { HttpClient, ProgressEvent } from '../http/types.js';
import type { ShapeWarning } from '../schema/parse-response.js';
import type { BatchOptions, EmissionsOptions, SiteEmissionsResult } from './client-types.js';
import type { CarbonDialect } from './dialect.js';
import { windowPages, type EmissionPage } from './emission-pages.js';
import { combineWarnings } from './lenient-body.js';
import { mergeEmissionPages } from './merge.js';
import { validateEmissionsQuery, validateSiteId, type EmissionsQuery } from './params.js';
import { revisionLagDays } from './range-values.js';
import { splitRange, type TimeWindow } from './ranges.js';
import type { EmissionsResponse } from './schemas.js';

export interface EmissionsReader {
  pages(
    siteId: string,
    query: EmissionsQuery,
    options: EmissionsOptions,
    raw: boolean,
  ): AsyncGenerator<EmissionPage, void, undefined>;
  fetch(siteId: string, query: EmissionsQuery, options: EmissionsOptions): Promise<EmissionsResponse>;
  forSites(
    siteIds: readonly string[],
    options: Omit<EmissionsOptions, 'signal'>,
    batch: BatchOptions,
  ): Promise<SiteEmissionsResult[]>;
}

/** What every read of one client shares. */
interface Reader {
  http: HttpClient;
  dialect: CarbonDialect;
}

function windowsOf({ dialect }: Reader, query: EmissionsQuery): Array<TimeWindow | undefined> {
  if (query.range === undefined) return [undefined];
  // A revision-time range reaches past its window by the revision lag: the window is shorter by as much.
  const lag = revisionLagDays(dialect);
  const limits = Object.fromEntries(
    Object.entries(dialect.maxRangeDays).map(([granularity, days]) => [granularity, Math.max(1, days - lag)]),
  ) as CarbonDialect['maxRangeDays'];
  return splitRange(query.range.from, query.range.to, query.granularity, limits);
}

interface WindowOf {
  siteId: string;
  query: EmissionsQuery;
  windows: Array<TimeWindow | undefined>;
  index: number;
}

function pagesOfWindow(reader: Reader, at: WindowOf, raw: boolean, signal: AbortSignal | undefined) {
  const { siteId, query, windows, index } = at;
  return windowPages({
    ...reader,
    siteId,
    query,
    window: windows[index],
    windowIndex: index,
    windowCount: windows.length,
    raw,
    signal,
  });
}

async function* pages(
  reader: Reader,
  siteId: string,
  query: EmissionsQuery,
  options: EmissionsOptions,
  raw: boolean,
): AsyncGenerator<EmissionPage, void, undefined> {
  const windows = windowsOf(reader, query);
  for (const index of windows.keys())
    yield* pagesOfWindow(reader, { siteId, query, windows, index }, raw, options.signal);
}

/** Every page of one window, parsed, reporting each to onPage. */
async function collectWindow(reader: Reader, at: WindowOf, options: EmissionsOptions) {
  const responses: EmissionsResponse[] = [];
  const warnings: ShapeWarning[] = [];
  for await (const page of pagesOfWindow(reader, at, false, options.signal)) {
    if (page.response !== undefined) responses.push(page.response);
    warnings.push(...page.warnings);
    const { window, windowIndex, windowCount, totalPages } = page;
    options.onPage?.({ siteId: at.siteId, window, windowIndex, windowCount, page: page.page, totalPages });
  }
  return { responses, warnings };
}

/** The latest interval is one page of one point per series: nothing to merge, and triggers ask it of every site on every poll. */
async function fetchLatest(reader: Reader, siteId: string, query: EmissionsQuery, options: EmissionsOptions) {
  const { responses, warnings } = await collectWindow(
    reader,
    { siteId, query, windows: [undefined], index: 0 },
    options,
  );
  if (responses.length === 1 && responses[0] !== undefined) {
    const { paging: _paging, ...latest } = responses[0];
    return withWarnings(latest, warnings);
  }
  return withWarnings(mergeEmissionPages(responses, undefined), warnings);
}

async function fetchEmissions(
  reader: Reader,
  siteId: string,
  query: EmissionsQuery,
  options: EmissionsOptions,
): Promise<EmissionsResponse> {
  if (query.range === undefined) return fetchLatest(reader, siteId, query, options);
  const windows = windowsOf(reader, query);
  let perWindow: Array<{ responses: EmissionsResponse[]; warnings: ShapeWarning[] }>;
  try {
    perWindow = await mapWithConcurrency(
      windows,
      reader.http.maxConcurrency,
      (_window, index) => collectWindow(reader, { siteId, query, windows, index }, options),
      { ...(options.signal === undefined ? {} : { signal: options.signal }) },
    );
  } catch (error) {
    // The earliest failed window speaks for the call; it already names the site, window and page.
    if (error instanceof BatchError && error.failures[0] !== undefined) throw error.failures[0].error;
    throw error;
  }
  const merged = mergeEmissionPages(
    perWindow.flatMap((one) => one.responses),
    query.range,
  );
  return withWarnings(
    merged,
    perWindow.flatMap((one) => one.warnings),
  );
}

async function forSites(
  reader: Reader,
  siteIds: readonly string[],
  options: Omit<EmissionsOptions, 'signal'>,
  batch: BatchOptions,
): Promise<SiteEmissionsResult[]> {
  // A bad range is the same mistake for every site: report it once, before any request.
  const query = validateEmissionsQuery(options);
  const { maxConcurrency } = reader.http;
  const concurrency = Math.max(1, Math.min(batch.concurrency ?? maxConcurrency, maxConcurrency));
  const siteOptions: EmissionsOptions = {
    ...options,
    ...(batch.signal === undefined ? {} : { signal: batch.signal }),
  };
  // Site failures are results here, not batch failures, so the failed count is kept on this side.
  let failed = 0;
  const { onProgress } = batch;
  return mapWithConcurrency(
    [...new Set(siteIds)],
    concurrency,
    async (siteId): Promise<SiteEmissionsResult> => {
      try {
        validateSiteId(siteId);
        return { siteId, ok: true, emissions: await fetchEmissions(reader, siteId, query, siteOptions) };
      } catch (error) {
        // Cancelling is the caller's decision, not a site's failure: it ends the whole batch.
        if (batch.signal?.aborted) throw error;
        failed += 1;
        return { siteId, ok: false, error: error instanceof Error ? error : new Error(String(error)) };
      }
    },
    {
      ...(onProgress === undefined
        ? {}
        : { onProgress: (event: ProgressEvent) => onProgress({ ...event, failed }) }),
      ...(batch.signal === undefined ? {} : { signal: batch.signal }),
      describe: (siteId) => `site ${siteId}`,
    },
  );
}

export function emissionsReader(http: HttpClient, dialect: CarbonDialect): EmissionsReader {
  const reader: Reader = { http, dialect };
  return {
    pages: (siteId, query, options, raw) => pages(reader, siteId, query, options, raw),
    fetch: (siteId, query, options) => fetchEmissions(reader, siteId, query, options),
    forSites: (siteIds, options, batch) => forSites(reader, siteIds, options, batch),
  };
}

/** The warnings of a response's pages, kept beside its series (never among them). */
function withWarnings(response: EmissionsResponse, warnings: ShapeWarning[]): EmissionsResponse {
  return warnings.length === 0 ? response : { ...response, warnings: combineWarnings(warnings) };
}
