/**
 * A Transport on axios with keep-alive agents. Everything that could leak is contained here: axios errors
 * carry the request config (the Authorization header included), so none of them ever leaves this module;
 * callers get a TransportFailure built from the error code and a redacted message only.
 */
import axios, { type AxiosInstance } from 'axios';
import http from 'node:http';
import https from 'node:https';
import {
  resolveMaxResponseBytes,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../seams/transport.js';
import { flattenHeaders, withDeadline } from './deadline.js';

export interface AxiosTransportOptions {
  /** Used when a request carries no timeout of its own. Default 30 s. */
  timeoutMs?: number;
  /** Reuse connections between requests. Default true. */
  keepAlive?: boolean;
  /** Sockets per host at most. Default: Node's (unlimited); the client's concurrency limit bounds use anyway. */
  maxSockets?: number;
  /** Largest response body accepted, in bytes; a larger one fails the request. Default 50 MiB. */
  maxResponseBytes?: number;
}

export interface AxiosTransport extends Transport {
  /** Closes idle kept-alive sockets (on shutdown, e.g. a Node-RED node's `close`). */
  close(): void;
}

export function createAxiosTransport(options: AxiosTransportOptions = {}): AxiosTransport {
  const maxResponseBytes = resolveMaxResponseBytes(options.maxResponseBytes);
  const keepAlive = options.keepAlive ?? true;
  const agentOptions = {
    keepAlive,
    ...(options.maxSockets === undefined ? {} : { maxSockets: options.maxSockets }),
  };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const instance: AxiosInstance = axios.create({
    httpAgent,
    httpsAgent,
    responseType: 'text',
    // The client parses (and reports malformed bodies); axios must hand over the text untouched.
    transformResponse: [(data: unknown) => data],
    // Every status is an answer; the client maps them.
    validateStatus: () => true,
    // A redirect would carry the credentials elsewhere; the client reports it instead.
    maxRedirects: 0,
    // The deadline is enforced below, over the whole exchange rather than per socket read.
    timeout: 0,
    // A misconfigured base URL or a broken proxy could otherwise stream without end into memory.
    maxContentLength: maxResponseBytes,
  });

  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const timeoutMs = request.timeoutMs > 0 ? request.timeoutMs : (options.timeoutMs ?? 30_000);
      return withDeadline(timeoutMs, request.signal, async (signal) => {
        const response = await instance.request<string>({
          method: request.method,
          url: request.url,
          headers: request.headers,
          data: request.body,
          signal,
        });
        return {
          status: response.status,
          headers: flattenHeaders(response.headers as Record<string, unknown>),
          body: typeof response.data === 'string' ? response.data : '',
        };
      });
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
