/** Sites and grid emission factors: the Carbon API's reads that are not emissions. */
import type { QueryValue } from '../http/types.js';
import { at, type Leniency } from '../schema/lenient-values.js';
import { CARBON_RESOURCES } from './paths.js';
import { carbonLeniency } from './lenient-body.js';
import type { CallOptions, CarbonClient } from './client-types.js';
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

/** A rate's value sent as text is read as a number, like every number core reads. */
function tolerateRates(body: unknown, lenient: Leniency): void {
  if (!Array.isArray(body)) return;
  for (const [index, rate] of body.entries()) lenient.numbersOf(rate, ['value'], `[${index}]`);
}

/** A site's figures and coordinates sent as text are read as numbers. */
function tolerateSite(site: unknown, lenient: Leniency, path: string): void {
  if (typeof site !== 'object' || site === null) return;
  const { metadata, postalAddress } = site as { metadata?: unknown; postalAddress?: unknown };
  lenient.numbersOf(metadata, SITE_FIGURES, at(path, 'metadata'));
  const coordinates = (postalAddress as { coordinates?: unknown } | null | undefined)?.coordinates;
  lenient.numbersOf(coordinates, ['latitude', 'longitude'], at(path, 'postalAddress.coordinates'));
}

const SITE_FIGURES = ['grossArea', 'buildingOccupants', 'weeklyOperatingHours'];

/** A body tolerated by `read`, its warnings handed to the caller's `onWarning`. */
function tolerating(
  dialect: CarbonDialect,
  options: CallOptions,
  read: (body: unknown, lenient: Leniency) => void,
): (body: unknown, request: string) => void {
  return (body, request) => {
    const lenient = carbonLeniency(dialect, request);
    read(body, lenient);
    for (const warning of lenient.warnings()) options.onWarning?.(warning);
  };
}

export function siteReader(
  get: CarbonGetter,
  dialect: CarbonDialect,
): Pick<CarbonClient, 'listSites' | 'getSite' | 'getGlobalRates'> {
  return {
    listSites: (options = {}) => {
      const { path, route } = CARBON_RESOURCES.sites();
      const tolerate = tolerating(dialect, options, (body, lenient) => {
        if (Array.isArray(body))
          for (const [index, site] of body.entries()) tolerateSite(site, lenient, `[${index}]`);
      });
      return get.parsed(path, route, siteListSchema, undefined, options.signal, tolerate);
    },

    async getSite(siteId, options = {}) {
      validateSiteId(siteId);
      const { path, route } = CARBON_RESOURCES.site(siteId);
      const tolerate = tolerating(dialect, options, (body, lenient) => tolerateSite(body, lenient, ''));
      return get.parsed(path, route, siteSchema, undefined, options.signal, tolerate);
    },

    async getGlobalRates(options = {}) {
      const countryIsoCode = validateCountryIsoCode(options.countryIsoCode);
      // The year is checked against the clock of the client that sends it.
      const year = validateYear(options.year, get.now());
      const { path, query } = globalRatesRequest(dialect, countryIsoCode, year);
      const tolerate = tolerating(dialect, options, tolerateRates);
      return get.parsed(path, path, globalRateListSchema, query, options.signal, tolerate);
    },
  };
}
