/**
 * How the Carbon API spells its queries. The parameter names, granularity values, page size and range
 * limits of the emissions call are not published by Schneider (docs/api-contract.md marks them [ours]),
 * so they are options with documented defaults, kept in this one place: a user adapts to the real API
 * by configuration, not code. `sibling` is the dialect of a public sibling API on the same gateway.
 */
import { ValidationError } from '../errors/errors.js';
import { GRANULARITIES, type Granularity } from './params.js';

export interface CarbonDialect {
  /** Query parameter for the start of the range (inclusive). Default `from`. */
  fromParameter: string;
  /** Query parameter for the end of the range (exclusive). Default `to`. */
  toParameter: string;
  /** Query parameter for the granularity. Default `granularity`. */
  granularityParameter: string;
  /** What to send for each granularity. Default the ISO 8601 durations themselves. */
  granularityValues: Record<Granularity, string>;
  /** Query parameter for the emission method, or null when the API has none. Default `method`. */
  methodParameter: string | null;
  /** Query parameter for the page number (1-based), or null when the API does not page. Default `page`. */
  pageParameter: string | null;
  /** Query parameter for the page size, or null. Default `pageSize`. */
  pageSizeParameter: string | null;
  /** Points per series per page to ask for. Default 1000. */
  pageSize: number;
  /** Longest range one request may cover, in days, per granularity. Default 31, 92, 366 and 1825 (5 years). */
  maxRangeDays: Record<Granularity, number>;
}

export const CONTRACT_DIALECT: Readonly<CarbonDialect> = Object.freeze({
  fromParameter: 'from',
  toParameter: 'to',
  granularityParameter: 'granularity',
  granularityValues: { PT15M: 'PT15M', PT1H: 'PT1H', P1D: 'P1D', P1M: 'P1M' },
  methodParameter: 'method',
  pageParameter: 'page',
  pageSizeParameter: 'pageSize',
  pageSize: 1000,
  // Five years counted as 5 x 365 days, the shortest reading, so a window is never refused.
  maxRangeDays: { PT15M: 31, PT1H: 92, P1D: 366, P1M: 5 * 365 },
});

/** The public sibling API's spelling: `updatedAt[gte]` / `updatedAt[lt]`, no paging. */
export const SIBLING_DIALECT: Readonly<CarbonDialect> = Object.freeze({
  ...CONTRACT_DIALECT,
  fromParameter: 'updatedAt[gte]',
  toParameter: 'updatedAt[lt]',
  methodParameter: null,
  pageParameter: null,
  pageSizeParameter: null,
});

export const CARBON_DIALECTS = { contract: CONTRACT_DIALECT, sibling: SIBLING_DIALECT } as const;

export type CarbonDialectInput = keyof typeof CARBON_DIALECTS | Partial<CarbonDialect>;

function parameterName(value: unknown, field: string, nullable: boolean): string | null {
  if (value === null && nullable) return null;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError({
      field: `carbonDialect.${field}`,
      message: `carbonDialect.${field} must be a query parameter name${nullable ? ' (or null when the API has none)' : ''}; got ${JSON.stringify(value)}.`,
    });
  }
  return value.trim();
}

function positiveWhole(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ValidationError({
      field: `carbonDialect.${field}`,
      message: `carbonDialect.${field} must be a whole number of at least 1; got ${JSON.stringify(value)}.`,
    });
  }
  return value;
}

/** A named dialect, or the contract's with some fields overridden; every field checked. */
export function resolveCarbonDialect(input: CarbonDialectInput | undefined): CarbonDialect {
  if (input === undefined) return CONTRACT_DIALECT;
  if (typeof input === 'string') {
    const named = (CARBON_DIALECTS as Record<string, CarbonDialect>)[input];
    if (named === undefined) {
      throw new ValidationError({
        field: 'carbonDialect',
        message: `carbonDialect must be one of ${Object.keys(CARBON_DIALECTS).join(', ')} or an object of overrides; got "${input}".`,
      });
    }
    return named;
  }
  const merged = { ...CONTRACT_DIALECT, ...input };
  const granularityValues = { ...CONTRACT_DIALECT.granularityValues, ...input.granularityValues };
  const maxRangeDays = { ...CONTRACT_DIALECT.maxRangeDays, ...input.maxRangeDays };
  for (const granularity of GRANULARITIES) {
    parameterName(granularityValues[granularity], `granularityValues.${granularity}`, false);
    positiveWhole(maxRangeDays[granularity], `maxRangeDays.${granularity}`);
  }
  return {
    fromParameter: parameterName(merged.fromParameter, 'fromParameter', false) as string,
    toParameter: parameterName(merged.toParameter, 'toParameter', false) as string,
    granularityParameter: parameterName(merged.granularityParameter, 'granularityParameter', false) as string,
    granularityValues,
    methodParameter: parameterName(merged.methodParameter, 'methodParameter', true),
    pageParameter: parameterName(merged.pageParameter, 'pageParameter', true),
    pageSizeParameter: parameterName(merged.pageSizeParameter, 'pageSizeParameter', true),
    pageSize: positiveWhole(merged.pageSize, 'pageSize'),
    maxRangeDays,
  };
}
