/**
 * Client for the Carbon Emission Data API (contract §5). The HttpClient it is given owns credentials,
 * retries and the concurrency limit; this module owns the API's shape: input checks before any request,
 * range windows, paging (emission-pages.ts), merging, and per-site results for batches.
 */
import type { HttpClient } from '../http/types.js';
import type { CarbonClient, CarbonClientOptions } from './client-types.js';
import { emissionsReader } from './emissions-reader.js';
import { carbonGetter } from './get.js';
import { validateEmissionsQuery, validateSiteId } from './params.js';
import { resolveCarbonDialect } from './resolve-dialect.js';
import { siteReader } from './site-reader.js';

export type {
  BatchOptions,
  CallOptions,
  CarbonClient,
  CarbonClientOptions,
  EmissionsOptions,
  EmissionsPageEvent,
  GlobalRatesOptions,
  RawAnswer,
  SiteEmissionsResult,
} from './client-types.js';

export {
  emissionsFailureContext,
  type EmissionPage,
  type EmissionsFailureContext,
} from './emission-pages.js';

export function createCarbonClient(http: HttpClient, clientOptions: CarbonClientOptions = {}): CarbonClient {
  const dialect = resolveCarbonDialect(clientOptions.dialect);
  const get = carbonGetter(http);
  const emissions = emissionsReader(http, dialect);
  return {
    http,
    dialect,
    ...siteReader(get, dialect),
    getRaw: get.raw,

    async getEmissions(siteId, options = {}) {
      const query = validateEmissionsQuery(options);
      validateSiteId(siteId);
      return emissions.fetch(siteId, query, options);
    },

    emissionPages(siteId, options = {}) {
      // Checked now rather than on the first `next()`, so a bad query fails where it was passed.
      const query = validateEmissionsQuery(options);
      validateSiteId(siteId);
      return emissions.pages(siteId, query, options, options.raw === true);
    },

    getEmissionsForSites: (siteIds, options = {}, batch = {}) => emissions.forSites(siteIds, options, batch),
  };
}
