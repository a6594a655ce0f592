/**
 * Client for the Carbon Emission Data API (contract §5). The HttpClient it is given owns credentials,
 * retries and the concurrency limit; this module owns the API's shape: input checks before any request,
 * range windows, paging (emission-pages.ts), merging, and per-site results for batches.
 */
import { BatchError, mapWithConcurrency } from '../http/concurrency.js';
import type { HttpClient, ProgressEvent, QueryValue } from '../http/types.js';
import { parseResponse } from '../schema/parse-response.js';
import type * as z from '../schema/zod.js';
import { resolveCarbonDialect, type CarbonDialect, type CarbonDialectInput } from './dialect.js';
import { windowPages, type EmissionPage, type WindowRequest } from './emission-pages.js';
import { mergeEmissionPages } from './merge.js';
import { CARBON_RESOURCES } from './paths.js';
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
  globalRateListSchema,
  siteListSchema,
  siteSchema,
  type EmissionsResponse,
  type GlobalRate,
  type Site,
} from './schemas.js';

export {
  emissionsFailureContext,
  type EmissionPage,
  type EmissionsFailureContext,
} from './emission-pages.js';

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** Reported after each page of emissions arrives: where the page sits in the range, without its data. */
export type EmissionsPageEvent = Pick<
  EmissionPage,
  'siteId' | 'window' | 'windowIndex' | 'windowCount' | 'page' | 'totalPages'
>;

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

export interface RawAnswer {
  /** The body as the API sent it. */
  body: unknown;
  requestId: string | undefined;
  status: number;
}

export interface CarbonClientOptions {
  /** How the API spells its emissions query (docs/api-contract.md). Default: the contract's. */
  dialect?: CarbonDialectInput | undefined;
}

export interface CarbonClient {
  readonly http: HttpClient;
  readonly dialect: CarbonDialect;
  /** Every site the credential may see, sorted as the API sends them. */
  listSites(options?: CallOptions): Promise<Site[]>;
  getSite(siteId: string, options?: CallOptions): Promise<Site>;
  /**
   * A site's emissions. Without `from`/`to`: the latest complete interval. With them: every interval
   * whose start lies in `[from, to)`, across as many windows and pages as needed, merged in time order.
   */
  getEmissions(siteId: string, options?: EmissionsOptions): Promise<EmissionsResponse>;
  /**
   * The pages of a site's emissions as they arrive, window after window (flat memory for long ranges).
   * `raw` passes every body on untouched, with shape problems as warnings instead of failures.
   */
  emissionPages(
    siteId: string,
    options?: EmissionsOptions & { raw?: boolean | undefined },
  ): AsyncGenerator<EmissionPage, void, undefined>;
  /** Grid emission factors (gCO2e/kWh) to compare sites against. */
  getGlobalRates(options?: GlobalRatesOptions): Promise<GlobalRate[]>;
  /** A GET below the Carbon API's base URL, answered untouched (for raw output). */
  getRaw(path: string, query?: Record<string, QueryValue>, options?: CallOptions): Promise<RawAnswer>;
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

export function createCarbonClient(http: HttpClient, clientOptions: CarbonClientOptions = {}): CarbonClient {
  const basePath = new URL(http.baseUrl).pathname.replace(/\/+$/, '');
  const dialect = resolveCarbonDialect(clientOptions.dialect);

  async function getRaw(
    path: string,
    query: Record<string, QueryValue> | undefined,
    options: CallOptions = {},
  ): Promise<RawAnswer> {
    const response = await http.request<unknown>({
      method: 'GET',
      path,
      ...(query === undefined ? {} : { query }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return { body: response.data, requestId: response.requestId, status: response.status };
  }

  async function get<S extends z.Schema>(
    path: string,
    routeLabel: string,
    schema: S,
    query: Record<string, QueryValue> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<z.output<S>> {
    const answer = await getRaw(path, query, { signal });
    return parseResponse(schema, answer.body, {
      request: `GET ${basePath}${routeLabel}`,
      requestId: answer.requestId,
      status: answer.status,
    });
  }

  function windowsOf(query: EmissionsQuery): Array<TimeWindow | undefined> {
    if (query.range === undefined) return [undefined];
    return splitRange(query.range.from, query.range.to, query.granularity, dialect.maxRangeDays);
  }

  async function* pagesOf(
    siteId: string,
    query: EmissionsQuery,
    options: EmissionsOptions,
    raw: boolean,
  ): AsyncGenerator<EmissionPage, void, undefined> {
    const windows = windowsOf(query);
    for (const [windowIndex, window] of windows.entries()) {
      yield* pagesOfWindow(
        siteId,
        query,
        { window, windowIndex, windowCount: windows.length },
        raw,
        options.signal,
      );
    }
  }

  /** The pages of one window: the one place its request is put together. */
  function pagesOfWindow(
    siteId: string,
    query: EmissionsQuery,
    at: Pick<WindowRequest, 'window' | 'windowIndex' | 'windowCount'>,
    raw: boolean,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<EmissionPage, void, undefined> {
    return windowPages({ http, dialect, siteId, query, ...at, raw, signal });
  }

  /** Every page of one window, parsed, reporting each to onPage. */
  async function collectWindow(
    siteId: string,
    query: EmissionsQuery,
    window: TimeWindow | undefined,
    windowIndex: number,
    windowCount: number,
    options: EmissionsOptions,
  ): Promise<EmissionsResponse[]> {
    const responses: EmissionsResponse[] = [];
    const pages = pagesOfWindow(siteId, query, { window, windowIndex, windowCount }, false, options.signal);
    for await (const page of pages) {
      if (page.response !== undefined) responses.push(page.response);
      options.onPage?.({
        siteId,
        window,
        windowIndex,
        windowCount,
        page: page.page,
        totalPages: page.totalPages,
      });
    }
    return responses;
  }

  async function fetchEmissions(
    siteId: string,
    query: EmissionsQuery,
    options: EmissionsOptions,
  ): Promise<EmissionsResponse> {
    if (query.range === undefined) {
      const pages = await collectWindow(siteId, query, undefined, 0, 1, options);
      // The latest interval is one page of one point per series: nothing to merge, and this is the call
      // triggers make for every site on every poll.
      if (pages.length === 1 && pages[0] !== undefined) {
        const { paging: _paging, ...latest } = pages[0];
        return latest;
      }
      return mergeEmissionPages(pages, undefined);
    }
    const windows = windowsOf(query);
    let perWindow: EmissionsResponse[][];
    try {
      perWindow = await mapWithConcurrency(
        windows,
        http.maxConcurrency,
        (window, index) => collectWindow(siteId, query, window, index, windows.length, options),
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
    http,
    dialect,

    listSites: (options = {}) => {
      const { path, route } = CARBON_RESOURCES.sites();
      return get(path, route, siteListSchema, undefined, options.signal);
    },

    async getSite(siteId, options = {}) {
      validateSiteId(siteId);
      const { path, route } = CARBON_RESOURCES.site(siteId);
      return get(path, route, siteSchema, undefined, options.signal);
    },

    async getEmissions(siteId, options = {}) {
      const query = validateEmissionsQuery(options);
      validateSiteId(siteId);
      return fetchEmissions(siteId, query, options);
    },

    emissionPages(siteId, options = {}) {
      // Checked now rather than on the first `next()`, so a bad query fails where it was passed.
      const query = validateEmissionsQuery(options);
      validateSiteId(siteId);
      return pagesOf(siteId, query, options, options.raw === true);
    },

    async getGlobalRates(options = {}) {
      const countryIsoCode = validateCountryIsoCode(options.countryIsoCode);
      const year = validateYear(options.year, http.runtime.now());
      const { path, route } = CARBON_RESOURCES.globalRates();
      return get(path, route, globalRateListSchema, { countryIsoCode, year }, options.signal);
    },

    getRaw,

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
