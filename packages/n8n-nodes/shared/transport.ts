/**
 * The one place the nodes send requests: core's Transport built on n8n's request helper, so n8n applies the
 * credential (and, for OAuth2, refreshes it). Every HTTP status comes back to core as a response for its
 * retry and error mapping, except 401: n8n must see that one to refresh an OAuth2 token and try again.
 */
import type {
  IExecuteFunctions,
  IHttpRequestMethods,
  IHttpRequestOptions,
  ILoadOptionsFunctions,
  IPollFunctions,
} from 'n8n-workflow';

import { TransportFailure } from './ecostruxure-core';
import type { Transport, TransportRequest, TransportResponse } from './ecostruxure-core';

export type RequestingContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

interface FullResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: unknown;
}

export function createN8nTransport(context: RequestingContext, credentialType: string): Transport {
  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const options: IHttpRequestOptions = {
        method: request.method as IHttpRequestMethods,
        url: request.url,
        headers: request.headers,
        body: request.body,
        timeout: request.timeoutMs,
        abortSignal: request.signal,
        returnFullResponse: true,
        json: false,
        encoding: 'text',
        ignoreHttpStatusErrors: { ignore: true, except: [401] },
      };
      try {
        const response = (await context.helpers.httpRequestWithAuthentication.call(
          context,
          credentialType,
          options,
        )) as FullResponse;
        return {
          status: response.statusCode,
          headers: lowerCaseHeaders(response.headers),
          body: typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? ''),
        };
      } catch (error) {
        return refusedCredentialResponse(error) ?? rethrowAsTransportFailure(error);
      }
    },
  };
}

/**
 * n8n throws for a 401 that survived its refresh, and for a refresh the authorization server refused
 * (consent revoked, refresh token expired). Both reach core as a 401, which core reports as "reconnect the
 * credential".
 */
function refusedCredentialResponse(error: unknown): TransportResponse | undefined {
  const status = statusOf(error);
  const failure = (error as { failure?: { cause?: unknown } } | undefined)?.failure;
  if (status === 401 || failure?.cause === 'credential-invalid') {
    return { status: 401, headers: {}, body: '' };
  }
  return undefined;
}

function rethrowAsTransportFailure(error: unknown): never {
  const code = networkCodeOf(error) ?? 'EUNKNOWN';
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
  const message = error instanceof Error ? error.message : String(error);
  throw new TransportFailure(message, timedOut ? 'ETIMEDOUT' : code, timedOut);
}

function statusOf(error: unknown): number | undefined {
  const candidate = error as
    { httpCode?: unknown; status?: unknown; response?: { status?: unknown }; cause?: unknown } | undefined;
  for (const value of [candidate?.httpCode, candidate?.status, candidate?.response?.status]) {
    const status = Number(value);
    if (Number.isInteger(status) && status >= 100) return status;
  }
  const cause = candidate?.cause as { response?: { status?: unknown }; status?: unknown } | undefined;
  const causeStatus = Number(cause?.response?.status ?? cause?.status);
  return Number.isInteger(causeStatus) && causeStatus >= 100 ? causeStatus : undefined;
}

function networkCodeOf(error: unknown): string | undefined {
  for (
    let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    current && depth < 4;
    depth++
  ) {
    if (typeof current.code === 'string' && /^E[A-Z]+$/.test(current.code)) return current.code;
    current = current.cause as { code?: unknown; cause?: unknown } | undefined;
  }
  return undefined;
}

function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined)
      result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return result;
}
