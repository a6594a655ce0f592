/** Sites and grid emission factors: the Carbon API's reads that are not emissions. */
import type { QueryValue } from '../http/types.js';
import type { ShapeWarning } from '../schema/parse-response.js';
import { CARBON_RESOURCES } from './paths.js';
import { carbonLeniency } from './lenient-body.js';
import type { CarbonClient } from './client-types.js';
import type { CarbonDialect } from './dialect.js';
import type { CarbonGetter } from './get.js';
import { validateCountryIsoCode, validateSiteId, validateYear } from './params.js';
import { globalRateListSchema, siteListSchema, siteSchema } from './schemas.js';

/** The grid emission factors' request, in the dialect's path and parameter names (typed and raw reads alike). */
export function globalRatesRequest(
  dialect: CarbonDialect,
  countryIsoCode: string | undefined,
  year: number | undefined,
): { path: string; query: Record<string, QueryValue> } {
  return {
    path: dialect.globalRatesPath,
    query: { [dialect.countryParameter]: countryIsoCode, [dialect.yearParameter]: year },
  };
}

/** A rate's value sent as text is read as a number, like every number core reads; returns the warnings. */
function tolerateRates(body: unknown, dialect: CarbonDialect, request: string): ShapeWarning[] {
  if (!Array.isArray(body)) return [];
  const lenient = carbonLeniency(dialect, request);
  for (const [index, rate] of body.entries()) lenient.numbersOf(rate, ['value'], `[${index}]`);
  return lenient.warnings();
}

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
      const { path, query } = globalRatesRequest(dialect, countryIsoCode, year);
      const tolerate = (body: unknown, request: string) => {
        const warnings = tolerateRates(body, dialect, request);
        for (const warning of warnings) options.onWarning?.(warning);
      };
      return get.parsed(path, path, globalRateListSchema, query, options.signal, tolerate);
    },
  };
}
