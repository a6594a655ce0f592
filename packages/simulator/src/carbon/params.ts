/**
 * Query validation for the Carbon API. Every bad parameter is reported in one 400 (one `invalidParams`
 * entry each) so a client fixes its request in one round trip.
 */
import type { InvalidParam } from '../problem.js';
import { parseIsoDateTime } from '../shared/iso-time.js';
import {
  GRANULARITIES,
  type Granularity,
  isGranularity,
  maxRangeEnd,
  RANGE_LIMIT_TEXT,
} from './granularity.js';
import { DIALECTS, type DialectSpec } from './dialect.js';
import { type EmissionMethod, METHODS } from './emissions-model.js';
import { FIRST_RATE_YEAR } from './global-rates.js';

export type Query = Record<string, unknown>;

export interface EmissionsQuery {
  /** Both set, or both undefined (latest interval). */
  from?: number;
  to?: number;
  granularity: Granularity;
  method: EmissionMethod;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 1000;

export type Validated<T> = { ok: true; value: T } | { ok: false; invalidParams: InvalidParam[] };

/** A single string value; a repeated parameter is an error of its own. */
function single(query: Query, name: string, errors: InvalidParam[]): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    errors.push({ name, reason: 'must be given at most once' });
    return undefined;
  }
  return value;
}

function positiveInteger(
  query: Query,
  name: string,
  fallback: number,
  max: number | undefined,
  errors: InvalidParam[],
): number {
  const text = single(query, name, errors);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    errors.push({ name, reason: 'must be a positive integer' });
    return fallback;
  }
  const value = Number(text);
  if (max !== undefined && value > max) {
    errors.push({ name, reason: `must be between 1 and ${max}` });
    return fallback;
  }
  return value;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date-time with offset, or (where the dialect allows) a date-only value meaning midnight UTC. */
function parseInstant(text: string, dialect: DialectSpec): number | undefined {
  const dateOnly = dialect.acceptsDateOnly ? DATE_ONLY.exec(text) : null;
  return dateOnly ? parseIsoDateTime(`${text}T00:00:00Z`) : parseIsoDateTime(text);
}

export function validateEmissionsQuery(
  query: Query,
  dialect: DialectSpec = DIALECTS.contract,
): Validated<EmissionsQuery> {
  const errors: InvalidParam[] = [];
  const { fromParameter, toParameter } = dialect;
  const instant = (name: string): { given: boolean; ms?: number } => {
    const text = single(query, name, errors);
    if (text === undefined) return { given: query[name] !== undefined };
    const ms = parseInstant(text, dialect);
    if (ms === undefined) {
      errors.push({
        name,
        reason: dialect.acceptsDateOnly
          ? 'must be an ISO 8601 date (2025-01-31) or date-time with a UTC offset, e.g. 2025-01-31T00:00:00Z'
          : 'must be an ISO 8601 date-time with a UTC offset, e.g. 2025-01-31T00:00:00Z',
      });
    }
    return { given: true, ms };
  };
  const from = instant(fromParameter);
  const to = instant(toParameter);
  if (from.given !== to.given) {
    const [missing, given] = from.given ? [toParameter, fromParameter] : [fromParameter, toParameter];
    errors.push({ name: missing, reason: `is required when ${given} is given` });
  }

  const granularityText = single(query, 'granularity', errors) ?? 'PT15M';
  let granularity: Granularity | undefined;
  if (isGranularity(granularityText)) granularity = granularityText;
  else errors.push({ name: 'granularity', reason: `must be one of ${GRANULARITIES.join(', ')}` });

  const methodText = single(query, 'method', errors) ?? 'location-based';
  const method = METHODS.find((candidate) => candidate === methodText);
  if (!method) errors.push({ name: 'method', reason: `must be one of ${METHODS.join(', ')}` });

  // Unpaged dialects answer the whole window at once and ignore paging parameters like any unknown one.
  const page = dialect.paged ? positiveInteger(query, 'page', 1, undefined, errors) : 1;
  const pageSize = dialect.paged
    ? positiveInteger(query, 'pageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors)
    : Number.MAX_SAFE_INTEGER;

  if (from.ms !== undefined && to.ms !== undefined) {
    if (from.ms >= to.ms) errors.push({ name: toParameter, reason: `must be later than ${fromParameter}` });
    else if (granularity && to.ms > maxRangeEnd(from.ms, granularity)) {
      errors.push({
        name: toParameter,
        reason: `the range may span at most ${RANGE_LIMIT_TEXT[granularity]} for granularity ${granularity}; split it into windows`,
      });
    }
  }

  if (errors.length > 0 || !granularity || !method) return { ok: false, invalidParams: errors };
  return { ok: true, value: { from: from.ms, to: to.ms, granularity, method, page, pageSize } };
}

export interface GlobalRatesQuery {
  countryIsoCode?: string;
  year: number;
}

export function validateGlobalRatesQuery(query: Query, currentYear: number): Validated<GlobalRatesQuery> {
  const errors: InvalidParam[] = [];
  const codeText = single(query, 'countryIsoCode', errors);
  let countryIsoCode: string | undefined;
  if (codeText !== undefined) {
    // Codes are compared in upper case; `fr` is the same country as `FR`.
    if (/^[A-Za-z]{2}$/.test(codeText)) countryIsoCode = codeText.toUpperCase();
    else
      errors.push({ name: 'countryIsoCode', reason: 'must be an ISO 3166-1 alpha-2 country code, e.g. FR' });
  }
  const yearText = single(query, 'year', errors);
  let year = currentYear;
  if (yearText !== undefined) {
    if (/^\d{4}$/.test(yearText) && Number(yearText) >= FIRST_RATE_YEAR && Number(yearText) <= currentYear) {
      year = Number(yearText);
    } else {
      errors.push({ name: 'year', reason: `must be a year between ${FIRST_RATE_YEAR} and ${currentYear}` });
    }
  }
  if (errors.length > 0) return { ok: false, invalidParams: errors };
  return { ok: true, value: { countryIsoCode, year } };
}
