/** Sites and grid emission factors: the Carbon API's reads that are not emissions. */
import { encodePathSegment } from '../http/types.js';
import type { CarbonClient } from './client-types.js';
import type { CarbonDialect } from './dialect.js';
import type { CarbonGetter } from './get.js';
import { validateCountryIsoCode, validateSiteId, validateYear } from './params.js';
import { globalRateListSchema, siteListSchema, siteSchema } from './schemas.js';

export function siteReader(
  get: CarbonGetter,
  dialect: CarbonDialect,
): Pick<CarbonClient, 'listSites' | 'getSite' | 'getGlobalRates'> {
  return {
    listSites: (options = {}) => get.parsed('/sites', '/sites', siteListSchema, undefined, options.signal),

    async getSite(siteId, options = {}) {
      validateSiteId(siteId);
      const path = `/sites/${encodePathSegment(siteId)}`;
      return get.parsed(path, '/sites/{siteId}', siteSchema, undefined, options.signal);
    },

    async getGlobalRates(options = {}) {
      const countryIsoCode = validateCountryIsoCode(options.countryIsoCode);
      // The year is checked against the clock of the client that sends it.
      const year = validateYear(options.year, get.now());
      const query = { [dialect.countryParameter]: countryIsoCode, [dialect.yearParameter]: year };
      const path = dialect.globalRatesPath;
      return get.parsed(path, path, globalRateListSchema, query, options.signal);
    },
  };
}
