/**
 * Client for the Carbon Emission Data API (contract §5). The HttpClient it is given owns credentials,
 * retries and the concurrency limit; this module owns the API's shape: input checks before any request,
 * range windows, page-number paging, merging, and per-site results for batches.
 */
import type { z } from 'zod';
import { EcoStruxureError, InvalidResponseError } from '../errors/errors.js';
import { BatchError, mapWithConcurrency } from '../http/concurrency.js';
import { encodePathSegment, type HttpClient, type ProgressEvent, type QueryValue } from '../http/types.js';
import { parseResponse } from '../schema/parse-response.js';
import { mergeEmissionPages } from './merge.js';
import {
  validateCountryIsoCode,
  validateEmissionsQuery,
  validateSiteId,
  validateYear,
  type EmissionsQuery,
  type EmissionsQueryInput,
} from './params.js';
import { splitRange, type TimeWindow } from './ranges.js';
import {
  emissionsResponseSchema,
  globalRateListSchema,
  siteListSchema,
  siteSchema,
  type EmissionsResponse,
  type GlobalRate,
  type Site,
} from './schemas.js';

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** Reported after each page of emissions arrives. */
export interface EmissionsPageEvent {
  siteId: string;
  /** The window this page belongs to; undefined for the latest interval. */
  window: TimeWindow | undefined;
  /** 0-based position of the window in the range. */
  windowIndex: number;
  windowCount: number;
  page: number;
  totalPages: number;
}

export interface EmissionsOptions extends EmissionsQueryInput, CallOptions {
  onPage?: ((event: EmissionsPageEvent) => void) | undefined;
}

export interface GlobalRatesOptions extends CallOptions {
  /** ISO 3166-1 alpha-2; all countries when left out. */
  countryIsoCode?: string | undefined;
  /** 1990..current year; the API's default is the current year. */
  year?: number | string | undefined;
}

export type SiteEmissionsResult =
  { siteId: string; ok: true; emissions: EmissionsResponse } | { siteId: string; ok: false; error: Error };

export interface BatchOptions extends CallOptions {
  /** Called after each site settles, failed ones included. */
  onProgress?: ((event: ProgressEvent) => void) | undefined;
  /** Sites fetched at once; default and ceiling: the HTTP client's maxConcurrency. */
  concurrency?: number | undefined;
}

export interface CarbonClient {
  /** Every site the credential may see, sorted as the API sends them. */
  listSites(options?: CallOptions): Promise<Site[]>;
  getSite(siteId: string, options?: CallOptions): Promise<Site>;
  /**
   * A site's emissions. Without `from`/`to`: the latest complete interval. With them: every interval
   * whose start lies in `[from, to)`, across as many windows and pages as needed, merged in time order.
   */
  getEmissions(siteId: string, options?: EmissionsOptions): Promise<EmissionsResponse>;
  /** Grid emission factors (gCO2e/kWh) to compare sites against. */
  getGlobalRates(options?: GlobalRatesOptions): Promise<GlobalRate[]>;
  /**
   * Emissions of several sites at once, with bounded concurrency. Resolves with one result per distinct
   * site ID, in input order; a site that failed is reported with its error, never left out.
   */
  getEmissionsForSites(
    siteIds: readonly string[],
    options?: Omit<EmissionsOptions, 'signal'>,
    batch?: BatchOptions,
  ): Promise<SiteEmissionsResult[]>;
}

/** The context a failed emissions request is reported with. */
export interface EmissionsFailureContext {
  siteId: string;
  window: { from: string; to: string } | undefined;
  page: number;
}

export function createCarbonClient(http: HttpClient): CarbonClient {
  const basePath = new URL(http.baseUrl).pathname.replace(/\/+$/, '');

  async function get<S extends z.ZodType>(
    path: string,
    routeLabel: string,
    schema: S,
    query: Record<string, QueryValue> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<z.output<S>> {
    const response = await http.request<unknown>({
      method: 'GET',
      path,
      ...(query === undefined ? {} : { query }),
      ...(signal === undefined ? {} : { signal }),
    });
    return parseResponse(schema, response.data, {
      request: `GET ${basePath}${routeLabel}`,
      requestId: response.requestId,
      status: response.status,
    });
  }

  async function fetchWindow(
    siteId: string,
    query: EmissionsQuery,
    window: TimeWindow | undefined,
    windowIndex: number,
    windowCount: number,
    options: EmissionsOptions,
  ): Promise<EmissionsResponse[]> {
    const path = `/sites/${encodePathSegment(siteId)}/carbon-emissions`;
    const pages: EmissionsResponse[] = [];
    let page = 1;
    let totalPages = 1;
    // Pages of a window are fetched one after the other: totalPages is only known from a response, and
    // re-reading it from every page picks up intervals that completed while paging (the range may end now).
    do {
      const requested = page;
      let body: EmissionsResponse;
      try {
        body = await get(
          path,
          '/sites/{siteId}/carbon-emissions',
          emissionsResponseSchema,
          {
            from: window?.from.toISOString(),
            to: window?.to.toISOString(),
            granularity: query.granularity,
            method: query.method,
            page: requested,
            pageSize: query.pageSize,
          },
          options.signal,
        );
        // A server that ignored `page` would answer page 1 again and again: rows would be lost silently.
        if (body.paging !== undefined && body.paging.page !== requested) {
          throw new InvalidResponseError(
            `Asked for page ${requested} of the emissions but the API answered page ${body.paging.page}, so rows would be lost or repeated. Check that the base URL points at the Carbon Emission Data API (a proxy may drop the query string).`,
            undefined,
            { request: `GET ${basePath}/sites/{siteId}/carbon-emissions` },
          );
        }
      } catch (error) {
        throw withFailureContext(
          error,
          { siteId, window: windowText(window), page: requested },
          windowIndex,
          windowCount,
        );
      }
      pages.push(body);
      totalPages = body.paging?.totalPages ?? 1;
      options.onPage?.({ siteId, window, windowIndex, windowCount, page: requested, totalPages });
      page += 1;
    } while (page <= totalPages);
    return pages;
  }

  async function getEmissions(siteId: string, options: EmissionsOptions = {}): Promise<EmissionsResponse> {
    const query = validateEmissionsQuery(options);
    validateSiteId(siteId);
    return fetchEmissions(siteId, query, options);
  }

  async function fetchEmissions(
    siteId: string,
    query: EmissionsQuery,
    options: EmissionsOptions,
  ): Promise<EmissionsResponse> {
    if (query.range === undefined) {
      const pages = await fetchWindow(siteId, query, undefined, 0, 1, options);
      // The latest interval is one page of one point per series: nothing to merge, and this is the call
      // triggers make for every site on every poll.
      if (pages.length === 1 && pages[0] !== undefined) {
        const { paging: _paging, ...latest } = pages[0];
        return latest;
      }
      return mergeEmissionPages(pages, undefined);
    }
    const windows = splitRange(query.range.from, query.range.to, query.granularity);
    let perWindow: EmissionsResponse[][];
    try {
      perWindow = await mapWithConcurrency(
        windows,
        http.maxConcurrency,
        (window, index) => fetchWindow(siteId, query, window, index, windows.length, options),
        { ...(options.signal === undefined ? {} : { signal: options.signal }) },
      );
    } catch (error) {
      // The earliest failed window speaks for the call; it already names the site, window and page.
      if (error instanceof BatchError && error.failures[0] !== undefined) throw error.failures[0].error;
      throw error;
    }
    return mergeEmissionPages(perWindow.flat(), query.range);
  }

  return {
    listSites: (options = {}) => get('/sites', '/sites', siteListSchema, undefined, options.signal),

    async getSite(siteId, options = {}) {
      validateSiteId(siteId);
      return get(
        `/sites/${encodePathSegment(siteId)}`,
        '/sites/{siteId}',
        siteSchema,
        undefined,
        options.signal,
      );
    },

    getEmissions,

    async getGlobalRates(options = {}) {
      const countryIsoCode = validateCountryIsoCode(options.countryIsoCode);
      const year = validateYear(options.year, http.runtime.now());
      return get(
        '/global-rates',
        '/global-rates',
        globalRateListSchema,
        { countryIsoCode, year },
        options.signal,
      );
    },

    async getEmissionsForSites(siteIds, options = {}, batch = {}) {
      // A bad range is the same mistake for every site: report it once, before any request.
      const query = validateEmissionsQuery(options);
      const unique = [...new Set(siteIds)];
      const concurrency = Math.max(
        1,
        Math.min(batch.concurrency ?? http.maxConcurrency, http.maxConcurrency),
      );
      const siteOptions: EmissionsOptions = {
        ...options,
        ...(batch.signal === undefined ? {} : { signal: batch.signal }),
      };
      // Site failures are results here, not batch failures, so the failed count is kept on this side.
      let failed = 0;
      const { onProgress } = batch;
      return mapWithConcurrency(
        unique,
        concurrency,
        async (siteId): Promise<SiteEmissionsResult> => {
          try {
            validateSiteId(siteId);
            return { siteId, ok: true, emissions: await fetchEmissions(siteId, query, siteOptions) };
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
    },
  };
}

function windowText(window: TimeWindow | undefined): EmissionsFailureContext['window'] {
  return window === undefined ? undefined : { from: window.from.toISOString(), to: window.to.toISOString() };
}

/**
 * Names the site, window and page in the error while keeping its class (an ApiError stays an ApiError,
 * so callers still tell "unknown site" from "consent revoked"). The error is copied, not changed: one
 * error object can be shared by several callers (e.g. a failed token refresh).
 */
function withFailureContext(
  error: unknown,
  context: EmissionsFailureContext,
  windowIndex: number,
  windowCount: number,
): unknown {
  if (!(error instanceof EcoStruxureError)) return error;
  const where =
    context.window === undefined
      ? `latest interval`
      : `window ${windowIndex + 1} of ${windowCount} (${context.window.from} to ${context.window.to}), page ${context.page}`;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as EcoStruxureError;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(error));
  Object.defineProperty(copy, 'message', {
    value: `Emissions of site "${context.siteId}", ${where}: ${error.message}`,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  Object.assign(copy, { emissions: context });
  return copy;
}

/** The site, window and page a failed emissions call was fetching, when it says. */
export function emissionsFailureContext(error: unknown): EmissionsFailureContext | undefined {
  if (typeof error !== 'object' || error === null || !('emissions' in error)) return undefined;
  return (error as { emissions: EmissionsFailureContext }).emissions;
}
