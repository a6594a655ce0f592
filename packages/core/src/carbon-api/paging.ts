/**
 * Whether another page of emissions follows, in each paging style a REST API on this gateway may use
 * (dialect.ts, PAGING_STYLES), and the request that fetches it. When the answer does not say, the
 * decision is `unknown` with the reason, never a silent "no more".
 */
import { InvalidResponseError } from '../errors/errors.js';
import type { QueryValue } from '../http/types.js';
import type { CarbonDialect } from './dialect.js';

/** Where a page starts, in whichever parameters the style uses. */
export interface PagePosition {
  page: number;
  offset: number;
  cursor: string | undefined;
}

export const FIRST_PAGE: PagePosition = { page: 1, offset: 0, cursor: undefined };

export type NextPage =
  | { kind: 'done' }
  | { kind: 'next'; position: PagePosition }
  | { kind: 'link'; path: string }
  | { kind: 'unknown'; reason: string };

export interface AnsweredPage {
  body: unknown;
  headers: Record<string, string>;
  /** The most points any series of the page holds. */
  points: number;
  /** The page size core asked for, or undefined when it sent none. */
  pageSize: number | undefined;
  position: PagePosition;
  /** The Carbon API's base URL, which a next link must stay under. */
  baseUrl: string;
}

/** The paging parameters of the request at `position`. */
export function pagingQuery(
  dialect: CarbonDialect,
  position: PagePosition,
  pageSize: number,
): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  if (dialect.paging === 'none') return query;
  if (dialect.pageSizeParameter !== null) query[dialect.pageSizeParameter] = pageSize;
  if (dialect.paging === 'offset') query[dialect.offsetParameter] = position.offset;
  else if (dialect.paging === 'cursor') {
    if (position.cursor !== undefined) query[dialect.cursorParameter] = position.cursor;
  } else if (dialect.pageParameter !== null) query[dialect.pageParameter] = position.page;
  return query;
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

/**
 * The page count an envelope announces, read leniently (raw mode must not fail on it): a count sent as
 * text is the same count, as everywhere core reads numbers.
 */
export function totalPagesOf(body: unknown): number | undefined {
  const sent = field(field(body, 'paging'), 'totalPages');
  const totalPages = typeof sent === 'string' && sent.trim() !== '' ? Number(sent) : sent;
  return typeof totalPages === 'number' && Number.isInteger(totalPages) && totalPages >= 0
    ? totalPages
    : undefined;
}

/** Page number and offset styles: a full page means ask for the next, a short or empty one ends. */
function byCount(dialect: CarbonDialect, answered: AnsweredPage): NextPage {
  const { points, pageSize, position } = answered;
  if (points === 0) return { kind: 'done' };
  if (pageSize === undefined)
    return {
      kind: 'unknown',
      reason:
        'core sent no page size (carbonDialect.pageSizeParameter is null), so it cannot tell a full page from the last',
    };
  if (points < pageSize) return { kind: 'done' };
  if (dialect.paging !== 'offset' && dialect.pageParameter === null)
    return {
      kind: 'unknown',
      reason: `the page is full (${points} points per series) but the dialect has no page parameter to ask for the next`,
    };
  return {
    kind: 'next',
    position: { ...position, page: position.page + 1, offset: position.offset + pageSize },
  };
}

function invalid(message: string): never {
  throw new InvalidResponseError({ request: 'GET carbon-emissions', message, status: undefined });
}

/** A next-page URL as a path below the base URL; refused when it leaves it (no credential goes there). */
function linkPath(link: string, baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(link, baseUrl);
  } catch {
    return invalid(`The API's next-page link ${JSON.stringify(link)} is not a URL.`);
  }
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`))
    return invalid(
      `The API's next-page link points outside the Carbon API's base URL (${base.origin}${basePath}): it is not followed, so no credential is sent there. Check the base URL, or set carbonDialect.paging to the API's style.`,
    );
  return `${url.pathname.slice(basePath.length)}${url.search}`;
}

/** The `rel="next"` target of an RFC 8288 Link header, if any. */
export function nextLinkOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?\s*(?:;|$)/i.test(match[2] ?? ''))
      return match[1];
  }
  return undefined;
}

function fromBody(dialect: CarbonDialect, answered: AnsweredPage): NextPage {
  const next = field(answered.body, dialect.nextField);
  if (next === null || (next === undefined && field(answered.body, dialect.itemsField) !== undefined))
    return { kind: 'done' };
  if (next === undefined)
    return {
      kind: 'unknown',
      reason: `the answer has no "${dialect.nextField}" field (carbonDialect.nextField) to say whether more follow`,
    };
  if (typeof next !== 'string' || next === '')
    return invalid(
      `The API's "${dialect.nextField}" is ${JSON.stringify(next)}, not a ${dialect.paging === 'cursor' ? 'cursor' : 'URL'} or null.`,
    );
  if (dialect.paging === 'cursor')
    return {
      kind: 'next',
      position: { ...answered.position, page: answered.position.page + 1, cursor: next },
    };
  return { kind: 'link', path: linkPath(next, answered.baseUrl) };
}

/** What follows the page just answered. */
export function nextPage(dialect: CarbonDialect, answered: AnsweredPage): NextPage {
  switch (dialect.paging) {
    case 'none':
      return { kind: 'done' };
    case 'envelope': {
      const totalPages = totalPagesOf(answered.body);
      if (totalPages === undefined) return byCount(dialect, answered);
      const { page } = answered.position;
      return page < totalPages
        ? { kind: 'next', position: { ...answered.position, page: page + 1 } }
        : { kind: 'done' };
    }
    case 'page-number':
    case 'offset':
      return byCount(dialect, answered);
    case 'cursor':
    case 'next-link':
      return fromBody(dialect, answered);
    case 'link-header': {
      const link = nextLinkOf(answered.headers.link);
      return link === undefined ? { kind: 'done' } : { kind: 'link', path: linkPath(link, answered.baseUrl) };
    }
  }
}
