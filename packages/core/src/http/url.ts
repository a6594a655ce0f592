/** Request URLs: the base URL, a path below it and an encoded query. */
import type { QueryValue } from './types.js';

/** Builds `baseUrl + path + ?query`; undefined query values are left out, everything else is encoded. */
export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): URL {
  // Built as text and parsed once: this runs for every request.
  let href = `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') || path === '' ? path : `/${path}`}`;
  if (query) {
    const params = new URLSearchParams();
    for (const key in query) {
      const value = query[key];
      if (value !== undefined) params.append(key, String(value));
    }
    const search = params.toString();
    if (search !== '') href += `${href.includes('?') ? '&' : '?'}${search}`;
  }
  return new URL(href);
}
