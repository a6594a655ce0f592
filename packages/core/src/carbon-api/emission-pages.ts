/**
 * The pages of one emissions window, one request each, in the dialect the client was configured with.
 * Pages of a window are fetched one after the other: whether another follows is only known from an answer
 * (paging.ts), and re-reading it from every page picks up intervals that completed while paging (the range
 * may end now). Each page is checked against the window asked for (window-check.ts). In `raw` mode the
 * body is passed on untouched and shape problems become warnings; otherwise a body that does not fit fails
 * with the field named.
 */
import { EcoStruxureError, InvalidResponseError } from '../errors/errors.js';
import type { HttpClient, QueryValue } from '../http/types.js';
import { parseResponse, shapeWarnings, type ShapeWarning } from '../schema/parse-response.js';
import type { CarbonDialect } from './dialect.js';
import { tolerateBody, unwrapSeries } from './lenient-body.js';
import {
  FIRST_PAGE,
  nextPage,
  pagingQuery,
  totalPagesOf,
  type NextPage,
  type PagePosition,
} from './paging.js';
import type { EmissionsQuery } from './params.js';
import type { TimeWindow } from './ranges.js';
import { rangeValue, requestedRange } from './range-values.js';
import {
  emissionsBodySchema,
  emissionsSchemaFor,
  toEmissionsResponse,
  type EmissionsResponse,
} from './schemas.js';
import { applySeriesMap } from './series-map.js';
import { CARBON_RESOURCES } from './paths.js';
import { WindowTally } from './window-check.js';

export interface EmissionPage {
  siteId: string;
  /** The window this page belongs to; undefined for the latest interval. */
  window: TimeWindow | undefined;
  /** 0-based position of the window in the range. */
  windowIndex: number;
  windowCount: number;
  page: number;
  /** The window's page count as far as known: this page's number when it is the last. */
  totalPages: number;
  /** The body as the API sent it. */
  body: unknown;
  /** The body checked and read; absent in raw mode. */
  response: EmissionsResponse | undefined;
  /** What did not match the expected shape (raw mode), or what core read leniently or could not tell. */
  warnings: ShapeWarning[];
}

export interface WindowRequest {
  http: HttpClient;
  dialect: CarbonDialect;
  siteId: string;
  query: EmissionsQuery;
  window: TimeWindow | undefined;
  windowIndex: number;
  windowCount: number;
  raw: boolean;
  signal: AbortSignal | undefined;
}

/** The context a failed emissions request is reported with. */
export interface EmissionsFailureContext {
  siteId: string;
  window: { from: string; to: string } | undefined;
  page: number;
}

function queryFor(request: WindowRequest, position: PagePosition): Record<string, QueryValue> {
  const { dialect, query, window } = request;
  const params: Record<string, QueryValue> = {};
  if (window !== undefined) {
    const range = requestedRange(window, dialect, request.http.runtime.now());
    params[dialect.fromParameter] = rangeValue(range.from, dialect);
    params[dialect.toParameter] = rangeValue(range.to, dialect);
  }
  if (query.granularity !== undefined && dialect.granularityParameter !== null)
    params[dialect.granularityParameter] = dialect.granularityValues[query.granularity];
  if (query.method !== undefined && dialect.methodParameter !== null)
    params[dialect.methodParameter] = query.method;
  return { ...params, ...pagingQuery(dialect, position, query.pageSize ?? dialect.pageSize) };
}

function pageNumberOf(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const paging = (body as { paging?: { page?: unknown } | null }).paging;
  return typeof paging?.page === 'number' ? paging.page : undefined;
}

/** The most points any series of a body holds (a full page has as many as the page size). */
function pointsOf(body: unknown): number {
  const series = Array.isArray(body) ? body : (body as { timeseries?: unknown } | null)?.timeseries;
  if (!Array.isArray(series)) return 0;
  let most = 0;
  for (const one of series as Array<{ values?: unknown }>)
    if (Array.isArray(one?.values)) most = Math.max(most, one.values.length);
  return most;
}

interface Fetched {
  body: unknown;
  response: EmissionsResponse | undefined;
  warnings: ShapeWarning[];
  next: NextPage;
}

/** One page: requested, read (unless raw), checked against the window, and what follows it decided. */
async function fetchPage(
  request: WindowRequest,
  target: { position: PagePosition; link: string | undefined },
  tally: WindowTally | undefined,
  label: string,
): Promise<Fetched> {
  const { http, dialect, siteId, raw, signal } = request;
  const path = target.link ?? CARBON_RESOURCES.siteEmissions(siteId).path;
  const answer = await http.request<unknown>({
    method: 'GET',
    path,
    ...(target.link === undefined ? { query: queryFor(request, target.position) } : {}),
    ...(signal === undefined ? {} : { signal }),
  });
  const body = answer.data;
  const series = unwrapSeries(body, dialect);
  const warnings = raw ? shapeWarnings(emissionsBodySchema, series) : tolerateBody(series, dialect, label);
  let response: EmissionsResponse | undefined;
  if (!raw) {
    const source = { request: label, requestId: answer.requestId, status: answer.status };
    response = toEmissionsResponse(parseResponse(emissionsSchemaFor(series), series, source), siteId);
    applySeriesMap(response, dialect.seriesMap);
    tally?.check(response, dialect);
  }
  checkPageNumber(dialect, body, target.position.page, label);
  const sentSize =
    dialect.pageSizeParameter === null ? undefined : (request.query.pageSize ?? dialect.pageSize);
  const next = nextPage(dialect, {
    body,
    headers: answer.headers,
    points: pointsOf(series),
    pageSize: sentSize,
    position: target.position,
    baseUrl: http.baseUrl,
  });
  return { body, response, warnings, next };
}

/** A server that ignored the page number would answer page 1 again and again: rows would be lost. */
function checkPageNumber(dialect: CarbonDialect, body: unknown, requested: number, label: string): void {
  const answered = pageNumberOf(body);
  if (dialect.paging !== 'envelope' || dialect.pageParameter === null) return;
  if (answered === undefined || answered === requested) return;
  throw new InvalidResponseError({
    ...{ request: label },
    message: `Asked for page ${requested} of the emissions but the API answered page ${answered}, so rows would be lost or repeated. Check that the base URL points at the Carbon Emission Data API (a proxy may drop the query string), or set the dialect's page parameter to the one the API uses.`,
    status: undefined,
  });
}

function unknownWarning(siteId: string, page: number, reason: string): ShapeWarning {
  return {
    path: '(root)',
    message: `Site ${siteId}: core cannot tell whether more data follow page ${page} of this window: ${reason}. Later pages, if any, were not read; set carbonDialect.paging to the API's paging style.`,
  };
}

/** Most pages one window may take: a server that links to itself must not loop forever. */
const MAX_PAGES = 100_000;

export async function* windowPages(request: WindowRequest): AsyncGenerator<EmissionPage, void, undefined> {
  const { http, siteId, window, windowIndex, windowCount, raw } = request;
  const basePath = new URL(http.baseUrl).pathname.replace(/\/+$/, '');
  const label = `GET ${basePath}${CARBON_RESOURCES.siteEmissions(siteId).route}`;
  const tally =
    window === undefined || raw
      ? undefined
      : new WindowTally(window, request.query.granularity, http.runtime.now());
  let target: { position: PagePosition; link: string | undefined } = {
    position: FIRST_PAGE,
    link: undefined,
  };
  for (let number = 1; number <= MAX_PAGES; number += 1) {
    let fetched: Fetched;
    try {
      fetched = await fetchPage(request, target, tally, label);
    } catch (error) {
      throw withFailureContext(
        error,
        { siteId, window: windowText(window), page: number },
        windowIndex,
        windowCount,
      );
    }
    const { next } = fetched;
    const last = next.kind === 'done' || next.kind === 'unknown';
    const warnings = [...fetched.warnings];
    if (next.kind === 'unknown') warnings.push(unknownWarning(siteId, number, next.reason));
    if (last && tally !== undefined) warnings.push(...tally.warnings(siteId, request.dialect));
    const announced = request.dialect.paging === 'envelope' ? totalPagesOf(fetched.body) : undefined;
    yield {
      siteId,
      window,
      windowIndex,
      windowCount,
      page: number,
      totalPages: last ? number : Math.max(announced ?? 0, number + 1),
      body: fetched.body,
      response: fetched.response,
      warnings,
    };
    if (last) return;
    const position = next.kind === 'next' ? next.position : { ...target.position, page: number + 1 };
    target = { position, link: next.kind === 'link' ? next.path : undefined };
  }
  throw new InvalidResponseError({
    request: label,
    status: undefined,
    message: `Emissions of site "${siteId}": the API kept announcing another page after ${MAX_PAGES}; stopped. Check carbonDialect.paging.`,
  });
}

function windowText(window: TimeWindow | undefined): EmissionsFailureContext['window'] {
  return window === undefined ? undefined : { from: window.from.toISOString(), to: window.to.toISOString() };
}

/**
 * Names the site, window and page in the error while keeping its class (an ApiError stays an ApiError,
 * so callers still tell "unknown site" from "consent revoked"). The error is copied, not changed: one
 * error object can be shared by several callers (e.g. a failed token refresh).
 */
function withFailureContext(
  error: unknown,
  context: EmissionsFailureContext,
  windowIndex: number,
  windowCount: number,
): unknown {
  if (!(error instanceof EcoStruxureError)) return error;
  const where =
    context.window === undefined
      ? `latest interval`
      : `window ${windowIndex + 1} of ${windowCount} (${context.window.from} to ${context.window.to}), page ${context.page}`;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as EcoStruxureError;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(error));
  Object.defineProperty(copy, 'message', {
    value: `Emissions of site "${context.siteId}", ${where}: ${error.message}`,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  Object.assign(copy, { emissions: context });
  return copy;
}

/** The site, window and page a failed emissions call was fetching, when it says. */
export function emissionsFailureContext(error: unknown): EmissionsFailureContext | undefined {
  if (typeof error !== 'object' || error === null || !('emissions' in error)) return undefined;
  return (error as { emissions: EmissionsFailureContext }).emissions;
}
