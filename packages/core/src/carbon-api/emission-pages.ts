/**
 * The pages of one emissions window, one request each, in the dialect the client was configured with.
 * Pages of a window are fetched one after the other: the page count is only known from a response, and
 * re-reading it from every page picks up intervals that completed while paging (the range may end now).
 * In `raw` mode the body is passed on untouched and shape problems become warnings; otherwise a body
 * that does not fit fails with the field named.
 */
import { EcoStruxureError, InvalidResponseError } from '../errors/errors.js';
import type { HttpClient, QueryValue } from '../http/types.js';
import { parseResponse, shapeWarnings, type ShapeWarning } from '../schema/parse-response.js';
import { CARBON_RESOURCES } from './paths.js';
import type { CarbonDialect } from './dialect.js';
import type { EmissionsQuery } from './params.js';
import type { TimeWindow } from './ranges.js';
import {
  emissionsBodySchema,
  emissionsSchemaFor,
  toEmissionsResponse,
  type EmissionsResponse,
} from './schemas.js';

export interface EmissionPage {
  siteId: string;
  /** The window this page belongs to; undefined for the latest interval. */
  window: TimeWindow | undefined;
  /** 0-based position of the window in the range. */
  windowIndex: number;
  windowCount: number;
  page: number;
  totalPages: number;
  /** The body as the API sent it. */
  body: unknown;
  /** The body checked and read; absent in raw mode. */
  response: EmissionsResponse | undefined;
  /** Raw mode only: what did not match the expected shape. */
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

function queryFor(request: WindowRequest, page: number): Record<string, QueryValue> {
  const { dialect, query, window } = request;
  const params: Record<string, QueryValue> = {};
  if (window !== undefined) {
    params[dialect.fromParameter] = window.from.toISOString();
    params[dialect.toParameter] = window.to.toISOString();
  }
  if (query.granularity !== undefined)
    params[dialect.granularityParameter] = dialect.granularityValues[query.granularity];
  if (query.method !== undefined && dialect.methodParameter !== null)
    params[dialect.methodParameter] = query.method;
  if (dialect.pageParameter !== null) params[dialect.pageParameter] = page;
  if (dialect.pageSizeParameter !== null)
    params[dialect.pageSizeParameter] = query.pageSize ?? dialect.pageSize;
  return params;
}

/** The page count a body announces, read leniently (raw mode must not fail on it). */
function totalPagesOf(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const paging = (body as { paging?: unknown }).paging;
  if (typeof paging !== 'object' || paging === null) return undefined;
  const { totalPages } = paging as { totalPages?: unknown };
  return typeof totalPages === 'number' && Number.isInteger(totalPages) && totalPages >= 0
    ? totalPages
    : undefined;
}

function pageNumberOf(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const paging = (body as { paging?: { page?: unknown } | null }).paging;
  return typeof paging?.page === 'number' ? paging.page : undefined;
}

export async function* windowPages(request: WindowRequest): AsyncGenerator<EmissionPage, void, undefined> {
  const { http, siteId, window, windowIndex, windowCount, raw, signal } = request;
  const basePath = new URL(http.baseUrl).pathname.replace(/\/+$/, '');
  const { path, route } = CARBON_RESOURCES.siteEmissions(siteId);
  const label = `GET ${basePath}${route}`;
  let page = 1;
  let totalPages = 1;
  do {
    const requested = page;
    let body: unknown;
    let response: EmissionsResponse | undefined;
    try {
      const answer = await http.request<unknown>({
        method: 'GET',
        path,
        query: queryFor(request, requested),
        ...(signal === undefined ? {} : { signal }),
      });
      body = answer.data;
      if (!raw) {
        const source = { request: label, requestId: answer.requestId, status: answer.status };
        response = toEmissionsResponse(parseResponse(emissionsSchemaFor(body), body, source), siteId);
      }
      const answered = pageNumberOf(body);
      // A server that ignored the page number would answer page 1 again and again: rows would be lost.
      if (request.dialect.pageParameter !== null && answered !== undefined && answered !== requested) {
        throw new InvalidResponseError({
          ...{ request: label },
          message: `Asked for page ${requested} of the emissions but the API answered page ${answered}, so rows would be lost or repeated. Check that the base URL points at the Carbon Emission Data API (a proxy may drop the query string), or set the dialect's page parameter to the one the API uses.`,
          status: undefined,
        });
      }
    } catch (error) {
      throw withFailureContext(
        error,
        { siteId, window: windowText(window), page: requested },
        windowIndex,
        windowCount,
      );
    }
    totalPages = request.dialect.pageParameter === null ? 1 : (totalPagesOf(body) ?? 1);
    yield {
      siteId,
      window,
      windowIndex,
      windowCount,
      page: requested,
      totalPages,
      body,
      response,
      warnings: raw ? shapeWarnings(emissionsBodySchema, body) : [],
    };
    page += 1;
  } while (page <= totalPages);
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
