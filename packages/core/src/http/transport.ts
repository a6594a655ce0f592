/**
 * The one seam between core and the network. Node-RED and standalone use get an axios transport
 * (`@ecostruxure-connector/core/node`); the n8n adapter supplies one built on n8n's own request helper,
 * because community nodes may not use axios directly.
 */

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
