/**
 * Input checks for the Carbon Emission Data API, run before any request: a mistyped date or granularity
 * fails at once with the field named, instead of as a 400 after a token round trip (or, for a site list,
 * once per site).
 */
import { ValidationError } from '../errors/errors.js';

export const GRANULARITIES = ['PT15M', 'PT1H', 'P1D', 'P1M'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const EMISSION_METHODS = ['location-based', 'market-based'] as const;
export type EmissionMethod = (typeof EMISSION_METHODS)[number];

/** The server's bounds for `pageSize` (points per series per page). */
export const EMISSIONS_MAX_PAGE_SIZE = 1000;

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

const EXPECTED_DATE =
  'an ISO 8601 date-time with an offset (e.g. 2025-01-31T00:00:00Z or 2025-01-31T01:00:00+01:00) or a date (2025-01-31, read as UTC midnight)';

/**
 * Reads a user-supplied instant. A date-time without an offset is refused: it would mean a different
 * instant depending on the machine's time zone, and the API requires the offset anyway.
 */
export function parseInstant(field: string, value: string | Date): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw new ValidationError(
        field,
        `"${field}" is an invalid Date: pass a valid Date or ${EXPECTED_DATE}.`,
      );
    return value;
  }
  if (typeof value !== 'string') {
    throw new ValidationError(field, `"${field}" must be ${EXPECTED_DATE}; got ${typeof value}.`);
  }
  const text = value.trim();
  const match = ISO_WITH_OFFSET.exec(text) ?? DATE_ONLY.exec(text);
  const time = match ? Date.parse(text) : Number.NaN;
  if (!match || Number.isNaN(time)) {
    throw new ValidationError(field, `"${field}" must be ${EXPECTED_DATE}; got "${value}".`);
  }
  // Date.parse rolls impossible calendar days over (2025-02-30 becomes March 2) instead of failing.
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (
    Number(month) < 1 ||
    Number(month) > 12 ||
    Number(day) < 1 ||
    Number(day) > daysInMonth ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59
  ) {
    throw new ValidationError(
      field,
      `"${field}" is not a real date: "${value}". Check the day of the month and the time (hours 0-23, minutes and seconds 0-59).`,
    );
  }
  return new Date(time);
}

export function validateSiteId(siteId: unknown, field = 'siteId'): string {
  if (typeof siteId !== 'string' || siteId.trim() === '') {
    throw new ValidationError(field, `"${field}" must be a non-empty site ID (e.g. site-0001).`);
  }
  return siteId;
}

export function validateGranularity(value: string | undefined): Granularity | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(GRANULARITIES as readonly string[]).includes(value)) {
    throw new ValidationError(
      'granularity',
      `"granularity" must be one of ${GRANULARITIES.join(', ')}; got "${value}".`,
    );
  }
  return value as Granularity;
}

export function validateMethod(value: string | undefined): EmissionMethod | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(EMISSION_METHODS as readonly string[]).includes(value)) {
    throw new ValidationError(
      'method',
      `"method" must be one of ${EMISSION_METHODS.join(', ')}; got "${value}".`,
    );
  }
  return value as EmissionMethod;
}

export function validatePageSize(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > EMISSIONS_MAX_PAGE_SIZE) {
    throw new ValidationError(
      'pageSize',
      `"pageSize" must be a whole number from 1 to ${EMISSIONS_MAX_PAGE_SIZE}; got ${String(value)}.`,
    );
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
  /** Points per series per page, 1..1000. Default 1000 (fewest requests). */
  pageSize?: number | undefined;
}

export interface EmissionsQuery {
  /** Undefined for "the latest complete interval". */
  range: { from: Date; to: Date } | undefined;
  granularity: Granularity | undefined;
  method: EmissionMethod | undefined;
  pageSize: number;
}

const isBlank = (value: string | Date | undefined): value is undefined =>
  value === undefined || (typeof value === 'string' && value.trim() === '');

/** Checks everything about an emissions query that can be checked without the server. */
export function validateEmissionsQuery(input: EmissionsQueryInput = {}): EmissionsQuery {
  const granularity = validateGranularity(input.granularity);
  const method = validateMethod(input.method);
  const pageSize = validatePageSize(input.pageSize) ?? EMISSIONS_MAX_PAGE_SIZE;
  const fromBlank = isBlank(input.from);
  const toBlank = isBlank(input.to);
  if (fromBlank && toBlank) return { range: undefined, granularity, method, pageSize };
  if (fromBlank) {
    throw new ValidationError(
      'from',
      '"from" is missing: give both "from" and "to", or neither for the latest interval.',
    );
  }
  if (toBlank) {
    throw new ValidationError(
      'to',
      '"to" is missing: give both "from" and "to", or neither for the latest interval.',
    );
  }
  const from = parseInstant('from', input.from as string | Date);
  const to = parseInstant('to', input.to as string | Date);
  if (from.getTime() >= to.getTime()) {
    throw new ValidationError(
      'to',
      `"to" (${to.toISOString()}) must be after "from" (${from.toISOString()}).`,
    );
  }
  return { range: { from, to }, granularity, method, pageSize };
}

/** ISO 3166-1 alpha-2, upper-cased; undefined when not given. */
export function validateCountryIsoCode(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) {
    throw new ValidationError(
      'countryIsoCode',
      `"countryIsoCode" must be a two-letter ISO 3166-1 code (e.g. FR); got "${value}".`,
    );
  }
  return code;
}

/** 1990..the current year (by the injected clock). */
export function validateYear(value: number | string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const year = typeof value === 'string' ? Number(value.trim()) : value;
  const currentYear = new Date(nowMs).getUTCFullYear();
  if (!Number.isInteger(year) || year < 1990 || year > currentYear) {
    throw new ValidationError(
      'year',
      `"year" must be a whole year from 1990 to ${currentYear}; got ${JSON.stringify(value)}.`,
    );
  }
  return year;
}
