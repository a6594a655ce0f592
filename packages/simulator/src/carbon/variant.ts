/**
 * The `variant` dialect (`carbonDialect: 'variant'`): a Carbon API shaped in the ways neither the contract
 * nor the sibling API are, but a REST API on this gateway plausibly could be, so clients can be proved
 * against shapes they were not written for:
 * - the range parameters `updatedAt[gte]` / `updatedAt[lt]` select points by revision time, not by
 *   interval start: a window's answer holds earlier intervals revised in it and misses its last ones;
 * - days and months start at the site's local midnight, written with its offset (`…T00:00:00+01:00`);
 * - series in tCO2e, MWh and kgCO2e/MWh, their values as strings (`"0.0123"`), `updatedAt` without offset;
 * - site-0003 reports under keys no client knows (`scope2Emissions`, `electricity`, `gridIntensity`)
 *   and without units;
 * - a bare array paged in one of five styles (option `carbonPaging`);
 * - grid factors at `/emission-factors?country=&year=`, in tCO2e/MWh, their values as strings too.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { InvalidParam } from '../problem.js';
import { badRequest } from '../problem.js';
import { parseIsoDateTime } from '../shared/iso-time.js';
import { utcOffsetMs } from '../shared/local-time.js';
import { emissionPoint, updatedAt } from './emissions-model.js';
import {
  floorToInterval,
  GRANULARITIES,
  IntervalRange,
  isGranularity,
  maxRangeEnd,
  nextInterval,
  previousInterval,
  RANGE_LIMIT_TEXT,
  type Granularity,
} from './granularity.js';
import type { Query } from './params.js';
import type { SiteModel } from './sites.js';

/** How the variant pages its bare array. */
export const VARIANT_PAGING = ['page', 'offset', 'cursor', 'next-link', 'link-header'] as const;
export type VariantPaging = (typeof VARIANT_PAGING)[number];

/** Points per series per page when the client asks for no size: small, so a week of hours takes pages. */
export const VARIANT_DEFAULT_PAGE_SIZE = 100;
const VARIANT_MAX_PAGE_SIZE = 1000;
/** The latest a point is revised after its interval ends (emissions-model.ts: 3 + up to 120 minutes). */
const MAX_REVISION_LAG_MS = 125 * 60_000;

/** The site whose series come under keys no client knows. */
export const UNMAPPED_SITE_ID = 'site-0003';
const KEYS = {
  known: ['co2Emission', 'activeEnergy', 'emissionFactor'],
  unmapped: ['scope2Emissions', 'electricity', 'gridIntensity'],
} as const;
const UNITS = ['tCO2e', 'MWh', 'kgCO2e/MWh'] as const;

interface VariantQuery {
  from: number | undefined;
  to: number | undefined;
  granularity: Granularity;
  offset: number;
  limit: number;
}

interface VariantPoint {
  date: string;
  updatedAt: string;
  value: string;
  isEstimated: boolean;
}

interface VariantSeries {
  key: string;
  unit?: string;
  values: VariantPoint[];
}

function one(query: Query, name: string, errors: InvalidParam[]): string | undefined {
  const value = query[name];
  if (value === undefined || typeof value === 'string') return value;
  errors.push({ name, reason: 'must be given at most once' });
  return undefined;
}

function whole(
  query: Query,
  name: string,
  min: number,
  max: number,
  errors: InvalidParam[],
): number | undefined {
  const text = one(query, name, errors);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    errors.push({ name, reason: `must be a whole number from ${min} to ${max}` });
    return undefined;
  }
  return Number(text);
}

function instant(query: Query, name: string, errors: InvalidParam[]): number | undefined {
  const text = one(query, name, errors);
  if (text === undefined) return undefined;
  const ms = parseIsoDateTime(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (ms === undefined) errors.push({ name, reason: 'must be an ISO 8601 date or date-time with offset' });
  return ms;
}

/** Where the page starts and how long it is, in each paging style's own parameters. */
function pageWindow(
  query: Query,
  paging: VariantPaging,
  errors: InvalidParam[],
): { offset: number; limit: number } {
  const sizeName =
    paging === 'page' || paging === 'link-header' || paging === 'next-link' ? 'pageSize' : 'limit';
  const limit = whole(query, sizeName, 1, VARIANT_MAX_PAGE_SIZE, errors) ?? VARIANT_DEFAULT_PAGE_SIZE;
  if (paging === 'offset')
    return { offset: whole(query, 'offset', 0, Number.MAX_SAFE_INTEGER, errors) ?? 0, limit };
  if (paging === 'cursor') {
    const cursor = one(query, 'cursor', errors);
    if (cursor === undefined) return { offset: 0, limit };
    const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^o:/, ''));
    if (!Number.isSafeInteger(offset) || offset < 0)
      errors.push({ name: 'cursor', reason: 'is not a cursor this API gave' });
    return { offset: Number.isSafeInteger(offset) ? offset : 0, limit };
  }
  const page = whole(query, 'page', 1, Number.MAX_SAFE_INTEGER, errors) ?? 1;
  return { offset: (page - 1) * limit, limit };
}

export function validateVariantQuery(query: Query, paging: VariantPaging): VariantQuery {
  const errors: InvalidParam[] = [];
  const from = instant(query, 'updatedAt[gte]', errors);
  const to = instant(query, 'updatedAt[lt]', errors);
  if ((query['updatedAt[gte]'] === undefined) !== (query['updatedAt[lt]'] === undefined))
    errors.push({ name: 'updatedAt[lt]', reason: 'give both updatedAt[gte] and updatedAt[lt], or neither' });
  const granularityText = one(query, 'granularity', errors) ?? 'PT15M';
  if (!isGranularity(granularityText))
    errors.push({ name: 'granularity', reason: `must be one of ${GRANULARITIES.join(', ')}` });
  const granularity = isGranularity(granularityText) ? granularityText : 'PT15M';
  if (from !== undefined && to !== undefined) {
    if (from >= to) errors.push({ name: 'updatedAt[lt]', reason: 'must be later than updatedAt[gte]' });
    else if (to > maxRangeEnd(from, granularity))
      errors.push({ name: 'updatedAt[lt]', reason: `may span at most ${RANGE_LIMIT_TEXT[granularity]}` });
  }
  const { offset, limit } = pageWindow(query, paging, errors);
  if (errors.length > 0) throw badRequest(errors);
  return { from, to, granularity, offset, limit };
}

/** Interval starts whose latest revision lies in [from, to), or the latest complete interval. */
export function revisedStarts(seed: number, model: SiteModel, query: VariantQuery, now: number): number[] {
  const { granularity } = query;
  if (query.from === undefined || query.to === undefined)
    return [previousInterval(floorToInterval(now, granularity), granularity)];
  const { from, to } = query;
  const earliest = previousInterval(floorToInterval(from - MAX_REVISION_LAG_MS, granularity), granularity);
  const candidates = new IntervalRange(earliest, to, now, granularity);
  return candidates.slice(0, candidates.count).filter((start) => {
    const estimated = emissionPoint(seed, model, start, granularity, 'location-based').isEstimated;
    const revised = updatedAt(seed, model.site.id, start, nextInterval(start, granularity), estimated, now);
    return revised >= from && revised < to;
  });
}

const pad = (value: number) => String(value).padStart(2, '0');

/** Days and months as the site's local midnight with its offset; shorter intervals in UTC. */
function intervalText(start: number, granularity: Granularity, timeZone: string): string {
  if (granularity !== 'P1D' && granularity !== 'P1M') return new Date(start).toISOString();
  const offsetMinutes = Math.round(utcOffsetMs(timeZone, start) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${new Date(start).toISOString().slice(0, 10)}T00:00:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A number as text, without the float noise a unit change adds. */
const text = (value: number) => String(Number(value.toPrecision(12)));

/** The series of one page: `starts` are every interval of the answer, the page takes its slice. */
export function variantSeries(
  seed: number,
  model: SiteModel,
  query: VariantQuery,
  allStarts: readonly number[],
  now: number,
): VariantSeries[] {
  const starts = allStarts.slice(query.offset, query.offset + query.limit);
  const unmapped = model.site.id === UNMAPPED_SITE_ID;
  const keys = unmapped ? KEYS.unmapped : KEYS.known;
  const columns: VariantPoint[][] = [[], [], []];
  for (const start of starts) {
    const point = emissionPoint(seed, model, start, query.granularity, 'location-based');
    const end = nextInterval(start, query.granularity);
    const common = {
      date: intervalText(start, query.granularity, model.site.postalAddress.timezone),
      // Without an offset, as some APIs write revision times: a client must decide what zone that is.
      updatedAt: new Date(updatedAt(seed, model.site.id, start, end, point.isEstimated, now))
        .toISOString()
        .slice(0, 19),
      isEstimated: point.isEstimated,
    };
    columns[0]?.push({ ...common, value: text(point.co2Kg / 1000) });
    columns[1]?.push({ ...common, value: text(point.energyKWh / 1000) });
    columns[2]?.push({ ...common, value: text(point.factor) });
  }
  return keys.map((key, index) => ({
    key,
    ...(unmapped ? {} : { unit: UNITS[index] }),
    values: columns[index] ?? [],
  }));
}

/** The URL of the next page, in the same query but for the page after this one. */
function nextUrl(request: FastifyRequest, query: VariantQuery): string {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  url.searchParams.set('page', String(query.offset / query.limit + 2));
  url.searchParams.set('pageSize', String(query.limit));
  return url.toString();
}

/** The body (and Link header) of one page in the configured style; the array alone when nothing follows. */
export function variantPage(
  request: FastifyRequest,
  reply: FastifyReply,
  paging: VariantPaging,
  query: VariantQuery,
  series: VariantSeries[],
  total: number,
): unknown {
  const more = query.offset + query.limit < total;
  switch (paging) {
    case 'page':
    case 'offset':
      return series;
    case 'cursor': {
      const cursor = Buffer.from(`o:${query.offset + query.limit}`, 'utf8').toString('base64url');
      return { data: series, nextCursor: more ? cursor : null };
    }
    case 'next-link':
      return { data: series, next: more ? nextUrl(request, query) : null };
    case 'link-header':
      if (more) void reply.header('link', `<${nextUrl(request, query)}>; rel="next"`);
      return series;
  }
}

/** A grid factor as the variant serves it: tCO2e/MWh as text, under its own path and parameter names. */
export interface VariantRate {
  countryIsoCode: string;
  year: number;
  value: string;
  unit: 'tCO2e/MWh';
}

export function variantRate(countryIsoCode: string, year: number, gCO2ePerKWh: number): VariantRate {
  return { countryIsoCode, year, value: text(gCO2ePerKWh / 1000), unit: 'tCO2e/MWh' };
}

/**
 * What a client is told to read the variant (core's `carbonDialect` fields), kept beside the variant so
 * the proof suites of every platform tell it the same thing.
 */
export const VARIANT_CLIENT_DIALECT = {
  fromParameter: 'updatedAt[gte]',
  toParameter: 'updatedAt[lt]',
  methodParameter: null,
  rangeSelects: 'revision-time',
  paging: 'page-number',
  zonelessDateTimes: 'utc',
  globalRatesPath: '/emission-factors',
  countryParameter: 'country',
} as const;

/** The series map that names site-0003's series. */
export const VARIANT_SERIES_MAP = {
  scope2Emissions: { measures: 'emissions', unit: 'tCO2e' },
  electricity: { measures: 'energy', unit: 'MWh' },
  gridIntensity: { measures: 'factor', unit: 'kgCO2e/MWh' },
} as const;
