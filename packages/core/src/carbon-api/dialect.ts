/**
 * How the Carbon API spells its queries and shapes its answers. The parameter names, granularity values,
 * paging, range semantics and units of the emissions call are not published by Schneider
 * (docs/api-contract.md marks them [ours]), so they are options with documented defaults, kept in this one
 * place: a user adapts to the real API by configuration, not code. `sibling` is the dialect of a public
 * sibling API on the same gateway.
 */
import type { Granularity } from './params.js';

/**
 * How the API says whether another page follows:
 * - `envelope`: the body's `paging.totalPages` (the contract); a body without it is read as `page-number`;
 * - `page-number`: `pageParameter` counts up until a page is short or empty;
 * - `offset`: `offsetParameter` moves on by the page size until a page is short or empty;
 * - `cursor`: the body's `nextField` holds a token sent back as `cursorParameter`; null or absent ends;
 * - `next-link`: the body's `nextField` holds the next page's URL; null or absent ends;
 * - `link-header`: an RFC 8288 `Link: <…>; rel="next"` header; none ends;
 * - `none`: one request answers the whole window.
 */
export const PAGING_STYLES = [
  'envelope',
  'page-number',
  'offset',
  'cursor',
  'next-link',
  'link-header',
  'none',
] as const;
export type PagingStyle = (typeof PAGING_STYLES)[number];

/** What a series measures once mapped: one of the three row columns, or a metric of its own name. */
export interface SeriesMapping {
  /** `emissions` (co2Emission), `energy` (activeEnergy), `factor` (emissionFactor), or any other name. */
  measures: string;
  /** Its unit, when the API gives none (or to override the API's). */
  unit?: string | undefined;
}

export interface CarbonDialect {
  /** Query parameter for the start of the range (inclusive). Default `from`. */
  fromParameter: string;
  /** Query parameter for the end of the range (exclusive). Default `to`. */
  toParameter: string;
  /**
   * What the range parameters select: `interval-start` (the contract: intervals starting in the range) or
   * `revision-time` (points revised in the range; core asks up to `revisionLagHours` past the window's
   * end, or now, and keeps the intervals that start in the window). Default `interval-start`.
   */
  rangeSelects: 'interval-start' | 'revision-time';
  /** With `revision-time`: how long after an interval's end it may still be revised. Default 24. */
  revisionLagHours: number;
  /**
   * How range values are written: `instant` (`2026-01-05T00:00:00.000Z`), `date` (`2026-01-05`, for
   * windows on whole UTC days) or `offset` (`2026-01-05T01:00:00+01:00`, in `rangeOffset`). Default `instant`.
   */
  rangeFormat: 'instant' | 'date' | 'offset';
  /** The UTC offset range values are written in with `rangeFormat: 'offset'`, e.g. `+01:00`. */
  rangeOffset: string;
  /** Query parameter for the granularity, or null to leave it out (the API's default). Default `granularity`. */
  granularityParameter: string | null;
  /** What to send for each granularity. Default the ISO 8601 durations themselves. */
  granularityValues: Record<Granularity, string>;
  /** Query parameter for the emission method, or null when the API has none. Default `method`. */
  methodParameter: string | null;
  /** How the API pages (PAGING_STYLES). Default `envelope`. */
  paging: PagingStyle;
  /** Query parameter for the page number (1-based), or null when the API does not page. Default `page`. */
  pageParameter: string | null;
  /** Query parameter for the page size (the limit of `offset` and `cursor` paging), or null. Default `pageSize`. */
  pageSizeParameter: string | null;
  /** Query parameter for `offset` paging. Default `offset`. */
  offsetParameter: string;
  /** Query parameter for `cursor` paging. Default `cursor`. */
  cursorParameter: string;
  /** Where a `cursor` or `next-link` body keeps its series. Default `data`. */
  itemsField: string;
  /** Where a `cursor` or `next-link` body keeps the next cursor or URL. Default `next`. */
  nextField: string;
  /** Points per series per page to ask for. Default 1000. */
  pageSize: number;
  /** Longest range one request may cover, in days, per granularity. Default 31, 92, 366 and 1825 (5 years). */
  maxRangeDays: Record<Granularity, number>;
  /**
   * Points whose interval starts outside the requested window: `drop` (default) leaves them out with a
   * warning that counts them; `keep` keeps them, each flagged `outsideWindow: true`, with the same warning.
   */
  pointsOutsideWindow: 'drop' | 'keep';
  /**
   * Date-times without a UTC offset (`2026-01-05T10:00:00`): `refuse` (default) fails naming the field and
   * this option; `utc` reads them as UTC, with a warning.
   */
  zonelessDateTimes: 'refuse' | 'utc';
  /** Series keys mapped to what they measure, e.g. `{ ghg: { measures: 'emissions', unit: 'tCO2e' } }`. */
  seriesMap: Record<string, SeriesMapping>;
  /** Path of the grid emission factors below the Carbon API. Default `/global-rates`. */
  globalRatesPath: string;
  /** Query parameter for the country of the grid factors. Default `countryIsoCode`. */
  countryParameter: string;
  /** Query parameter for the year of the grid factors. Default `year`. */
  yearParameter: string;
}

export const CONTRACT_DIALECT: Readonly<CarbonDialect> = Object.freeze({
  fromParameter: 'from',
  toParameter: 'to',
  rangeSelects: 'interval-start',
  revisionLagHours: 24,
  rangeFormat: 'instant',
  rangeOffset: '+00:00',
  granularityParameter: 'granularity',
  granularityValues: { PT15M: 'PT15M', PT1H: 'PT1H', P1D: 'P1D', P1M: 'P1M' },
  methodParameter: 'method',
  paging: 'envelope',
  pageParameter: 'page',
  pageSizeParameter: 'pageSize',
  offsetParameter: 'offset',
  cursorParameter: 'cursor',
  itemsField: 'data',
  nextField: 'next',
  pageSize: 1000,
  // Five years counted as 5 x 365 days, the shortest reading, so a window is never refused.
  maxRangeDays: { PT15M: 31, PT1H: 92, P1D: 366, P1M: 5 * 365 },
  pointsOutsideWindow: 'drop',
  zonelessDateTimes: 'refuse',
  seriesMap: {},
  globalRatesPath: '/global-rates',
  countryParameter: 'countryIsoCode',
  yearParameter: 'year',
} satisfies CarbonDialect);

/** The public sibling API's spelling: `updatedAt[gte]` / `updatedAt[lt]`, no paging. */
export const SIBLING_DIALECT: Readonly<CarbonDialect> = Object.freeze({
  ...CONTRACT_DIALECT,
  fromParameter: 'updatedAt[gte]',
  toParameter: 'updatedAt[lt]',
  methodParameter: null,
  paging: 'none',
  pageParameter: null,
  pageSizeParameter: null,
});

export const CARBON_DIALECTS = { contract: CONTRACT_DIALECT, sibling: SIBLING_DIALECT } as const;

export type CarbonDialectInput =
  | keyof typeof CARBON_DIALECTS
  | (Partial<CarbonDialect> & { extends?: keyof typeof CARBON_DIALECTS | undefined });
