/** The Carbon client's contract and the options of its calls, apart from the code that implements them. */
import type { HttpClient, ProgressEvent, QueryValue } from '../http/types.js';
import type { ShapeWarning } from '../schema/parse-response.js';
import type { CarbonDialect, CarbonDialectInput } from './dialect.js';
import type { EmissionPage } from './emission-pages.js';
import type { EmissionsQueryInput } from './params.js';
import type { EmissionsResponse, GlobalRate, Site } from './schemas.js';

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Receives what was read leniently (a number sent as text), naming where. */
  onWarning?: ((warning: ShapeWarning) => void) | undefined;
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
  /** Grid emission factors to compare sites against, each in its `unit` (gCO2e/kWh when it has none). */
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
