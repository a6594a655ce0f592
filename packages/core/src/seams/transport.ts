/**
 * The one seam between core and the network. Node-RED and standalone use get the undici (default) or axios
 * transport from `@ecostruxure-connector/core/node`; the n8n adapter supplies one built on n8n's own request
 * helper, because community nodes may not make requests themselves.
 */
import { ValidationError } from '../errors/errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportRequest {
  method: HttpMethod;
  /** Absolute URL, query included (already encoded). */
  url: string;
  headers: Record<string, string>;
  /** Already-encoded body (JSON or form). */
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The raw body text; parsing belongs to the client so malformed bodies are reported uniformly. */
  body: string;
}

/**
 * The TransportFailure code for a response body over the transport's size limit. Not a network fault:
 * asking again would fetch the same oversized body, so it is never retried.
 */
export const RESPONSE_TOO_LARGE = 'ERESPONSETOOLARGE';

/** Default limit on one response body. The largest real responses (site lists, full pages) are a few MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/** The `maxResponseBytes` transport option, checked: a whole number of bytes of at least 1. */
export function resolveMaxResponseBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError({
      field: 'maxResponseBytes',
      message: `maxResponseBytes must be a whole number of bytes of at least 1, got ${String(value)}: correct it in the transport options, or leave it out for the default (${DEFAULT_MAX_RESPONSE_BYTES} bytes).`,
    });
  }
  return value;
}

/** What a transport throws when no HTTP response arrived. */
export class TransportFailure extends Error {
  constructor(
    message: string,
    /** `ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`, `ABORTED`... */
    readonly code: string,
    /** True when the configured timeout elapsed. */
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'TransportFailure';
  }
}

export interface Transport {
  /** Sends one request. Resolves for every HTTP status; rejects with TransportFailure otherwise. */
  send(request: TransportRequest): Promise<TransportResponse>;
}
