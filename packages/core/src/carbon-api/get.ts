/** GET requests below the Carbon API's base URL: untouched (raw output) or checked against a model. */
import type { HttpClient, QueryValue } from '../http/types.js';
import { parseResponse } from '../schema/parse-response.js';
import type * as z from '../schema/zod.js';
import type { CallOptions, RawAnswer } from './client-types.js';

export interface CarbonGetter {
  raw(path: string, query?: Record<string, QueryValue>, options?: CallOptions): Promise<RawAnswer>;
  /**
   * `routeLabel` names the route in errors without its IDs (`/sites/{siteId}`); `tolerate` reads what
   * core tolerates (numbers as text...) in the body before the schema checks it.
   */
  parsed<S extends z.Schema>(
    path: string,
    routeLabel: string,
    schema: S,
    query: Record<string, QueryValue> | undefined,
    signal: AbortSignal | undefined,
    tolerate?: (body: unknown, request: string) => void,
  ): Promise<z.output<S>>;
  /** The HTTP client's clock. */
  now(): number;
}

export function carbonGetter(http: HttpClient): CarbonGetter {
  const basePath = new URL(http.baseUrl).pathname.replace(/\/+$/, '');
  async function raw(
    path: string,
    query?: Record<string, QueryValue>,
    options: CallOptions = {},
  ): Promise<RawAnswer> {
    const response = await http.request<unknown>({
      method: 'GET',
      path,
      ...(query === undefined ? {} : { query }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return { body: response.data, requestId: response.requestId, status: response.status };
  }
  return {
    raw,
    now: () => http.runtime.now(),
    async parsed(path, routeLabel, schema, query, signal, tolerate) {
      const answer = await raw(path, query, { signal });
      const request = `GET ${basePath}${routeLabel}`;
      tolerate?.(answer.body, request);
      return parseResponse(schema, answer.body, {
        request,
        requestId: answer.requestId,
        status: answer.status,
      });
    },
  };
}
