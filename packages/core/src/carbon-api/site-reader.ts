/** Sites and grid emission factors: the Carbon API's reads that are not emissions. */
import { CARBON_RESOURCES } from './paths.js';
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
    listSites: (options = {}) => {
      const { path, route } = CARBON_RESOURCES.sites();
      return get.parsed(path, route, siteListSchema, undefined, options.signal);
    },

    async getSite(siteId, options = {}) {
      validateSiteId(siteId);
      const { path, route } = CARBON_RESOURCES.site(siteId);
      return get.parsed(path, route, siteSchema, undefined, options.signal);
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
