/**
 * Input checks for the Carbon Emission Data API, run before any request: a mistyped date or granularity
 * fails at once with the field named, instead of as a 400 after a token round trip (or, for a site list,
 * once per site).
 */
import { ValidationError } from '../errors/errors.js';
import { optionalChoice, parseInstant } from '../seams/validate.js';

export const GRANULARITIES = ['PT15M', 'PT1H', 'P1D', 'P1M'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const EMISSION_METHODS = ['location-based', 'market-based'] as const;
export type EmissionMethod = (typeof EMISSION_METHODS)[number];

/** The server's bounds for `pageSize` (points per series per page). */
export const EMISSIONS_MAX_PAGE_SIZE = 1000;

export function validateSiteId(siteId: unknown, field = 'siteId'): string {
  if (typeof siteId !== 'string' || siteId.trim() === '') {
    throw new ValidationError({ field, message: `"${field}" must be a non-empty site ID (e.g. site-0001).` });
  }
  return siteId;
}

export function validateGranularity(value: string | undefined): Granularity | undefined {
  return optionalChoice(value, 'granularity', GRANULARITIES);
}

export function validateMethod(value: string | undefined): EmissionMethod | undefined {
  return optionalChoice(value, 'method', EMISSION_METHODS);
}

export function validatePageSize(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > EMISSIONS_MAX_PAGE_SIZE) {
    throw new ValidationError({
      field: 'pageSize',
      message: `"pageSize" must be a whole number from 1 to ${EMISSIONS_MAX_PAGE_SIZE}; got ${String(value)}.`,
    });
  }
  return value;
}

export interface EmissionsQueryInput {
  /** Start of the range (inclusive). Give both `from` and `to`, or neither for the latest interval. */
  from?: string | Date | undefined;
  /** End of the range (exclusive). */
  to?: string | Date | undefined;
  /** One of GRANULARITIES; the API's default is PT15M. */
  granularity?: string | undefined;
  /** One of EMISSION_METHODS; the API's default is location-based. */
  method?: string | undefined;
  /** Points per series per page, 1..1000. Default: the dialect's (1000, fewest requests). */
  pageSize?: number | undefined;
}

export interface EmissionsQuery {
  /** Undefined for "the latest complete interval". */
  range: { from: Date; to: Date } | undefined;
  granularity: Granularity | undefined;
  method: EmissionMethod | undefined;
  /** Undefined: the dialect's page size. */
  pageSize: number | undefined;
}

const isBlank = (value: string | Date | undefined): value is undefined =>
  value === undefined || (typeof value === 'string' && value.trim() === '');

/** Checks everything about an emissions query that can be checked without the server. */
export function validateEmissionsQuery(input: EmissionsQueryInput = {}): EmissionsQuery {
  const granularity = validateGranularity(input.granularity);
  const method = validateMethod(input.method);
  const pageSize = validatePageSize(input.pageSize);
  const fromBlank = isBlank(input.from);
  const toBlank = isBlank(input.to);
  if (fromBlank && toBlank) return { range: undefined, granularity, method, pageSize };
  if (fromBlank) {
    throw new ValidationError({
      field: 'from',
      message: '"from" is missing: give both "from" and "to", or neither for the latest interval.',
    });
  }
  if (toBlank) {
    throw new ValidationError({
      field: 'to',
      message: '"to" is missing: give both "from" and "to", or neither for the latest interval.',
    });
  }
  const from = parseInstant('from', input.from as string | Date);
  const to = parseInstant('to', input.to as string | Date);
  if (from.getTime() >= to.getTime()) {
    throw new ValidationError({
      field: 'to',
      message: `"to" (${to.toISOString()}) must be after "from" (${from.toISOString()}).`,
    });
  }
  return { range: { from, to }, granularity, method, pageSize };
}

/** ISO 3166-1 alpha-2, upper-cased; undefined when not given. */
export function validateCountryIsoCode(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) {
    throw new ValidationError({
      field: 'countryIsoCode',
      message: `"countryIsoCode" must be a two-letter ISO 3166-1 code (e.g. FR); got "${value}".`,
    });
  }
  return code;
}

/** 1990..the current year (by the injected clock). */
export function validateYear(value: number | string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const year = typeof value === 'string' ? Number(value.trim()) : value;
  const currentYear = new Date(nowMs).getUTCFullYear();
  if (!Number.isInteger(year) || year < 1990 || year > currentYear) {
    throw new ValidationError({
      field: 'year',
      message: `"year" must be a whole year from 1990 to ${currentYear}; got ${JSON.stringify(value)}.`,
    });
  }
  return year;
}
