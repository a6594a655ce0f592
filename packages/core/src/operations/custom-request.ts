/**
 * Custom API call: any method and path under one of the gateway's base URLs, with the configured
 * credential and the same retries and errors as every other operation. For the gateway's other APIs,
 * which accept client credentials or API keys, and for anything this connector has no operation for.
 */
import type { ApiName, EcoStruxureClient } from '../client/create-client.js';
import { ValidationError } from '../errors/errors.js';
import type { HttpMethod } from '../seams/transport.js';
import { choice, jsonObject, requiredText } from './helpers/form-values.js';
import type { JsonObject, OperationContext, OperationResult } from './helpers/types.js';

export const CUSTOM_REQUEST_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
export const CUSTOM_REQUEST_APIS: readonly ApiName[] = ['gateway', 'carbon', 'energyHub'];

export interface CustomRequestParams {
  /** Whose base URL the path is under: the gateway's origin (default), the Carbon API or Energy Hub. */
  api?: ApiName | undefined;
  method?: HttpMethod | string | undefined;
  /** Below the base URL, e.g. /ecostruxure/energy-performance-score/v1/sites. */
  path: string;
  /** Query parameters: an object, or JSON text. */
  query?: Record<string, unknown> | string | undefined;
  /** A JSON body: an object, or JSON text. */
  body?: Record<string, unknown> | string | undefined;
}

function queryValues(query: Record<string, unknown> | undefined): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new ValidationError({
        field: 'query',
        message: `Query parameter "${name}" must be text, a number or true/false.`,
      });
    }
    values[name] = value;
  }
  return values;
}

export async function customRequest(
  client: EcoStruxureClient,
  params: CustomRequestParams,
  context: OperationContext = {},
): Promise<OperationResult> {
  const api = choice(params?.api, 'api', CUSTOM_REQUEST_APIS, 'gateway');
  const method = choice(
    typeof params.method === 'string' ? params.method.toUpperCase() : params.method,
    'method',
    CUSTOM_REQUEST_METHODS,
    'GET',
  );
  const path = requiredText(
    params.path,
    'path',
    'a path below the base URL, e.g. /ecostruxure/carbon-emission/v1/sites',
  );
  // The credential goes with the request: it must never be sent to a host the user did not configure.
  if (/^[a-z][a-z\d+.-]*:/i.test(path) || path.startsWith('//')) {
    throw new ValidationError({
      field: 'path',
      message: `"path" must be a path below the base URL (starting with /), not a full URL: the credential is only sent to the configured base URL.`,
    });
  }
  const query = queryValues(jsonObject(params.query, 'query'));
  const body = jsonObject(params.body, 'body');
  if (body !== undefined && method === 'GET') {
    throw new ValidationError({
      field: 'body',
      message: 'A GET request has no body: choose POST, PUT or PATCH, or leave the body empty.',
    });
  }
  const response = await client.http(api).request<unknown>({
    method,
    path: path.startsWith('/') ? path : `/${path}`,
    query,
    ...(body === undefined ? {} : { json: body }),
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  const item: JsonObject = {
    status: response.status,
    headers: response.headers,
    body: response.data ?? null,
    ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
  };
  return { items: [item], warnings: [] };
}
