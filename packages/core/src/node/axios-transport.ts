/**
 * A Transport on axios with keep-alive agents. Everything that could leak is contained here: axios errors
 * carry the request config (the Authorization header included), so none of them ever leaves this module;
 * callers get a TransportFailure built from the error code and a redacted message only.
 */
import axios, { type AxiosInstance } from 'axios';
import http from 'node:http';
import https from 'node:https';
import { redactSecretPatterns } from '../errors/redact.js';
import {
  type Transport,
  TransportFailure,
  type TransportRequest,
  type TransportResponse,
} from '../http/transport.js';

export interface AxiosTransportOptions {
  /** Used when a request carries no timeout of its own. Default 30 s. */
  timeoutMs?: number;
  /** Reuse connections between requests. Default true. */
  keepAlive?: boolean;
  /** Sockets per host at most. Default: Node's (unlimited); the client's concurrency limit bounds use anyway. */
  maxSockets?: number;
}

export interface AxiosTransport extends Transport {
  /** Closes idle kept-alive sockets (on shutdown, e.g. a Node-RED node's `close`). */
  close(): void;
}

export function createAxiosTransport(options: AxiosTransportOptions = {}): AxiosTransport {
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
  });

  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const timeoutMs = request.timeoutMs > 0 ? request.timeoutMs : (options.timeoutMs ?? 30_000);
      const deadline = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        deadline.abort();
      }, timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
      try {
        const response = await instance.request<string>({
          method: request.method,
          url: request.url,
          headers: request.headers,
          data: request.body,
          signal,
        });
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
          if (value === undefined || value === null) continue;
          headers[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
        }
        return {
          status: response.status,
          headers,
          body: typeof response.data === 'string' ? response.data : '',
        };
      } catch (error) {
        throw toTransportFailure(error, timedOut, timeoutMs, request.signal?.aborted === true);
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** Builds a fresh failure from the code alone: the axios error (config, headers, request) is dropped here. */
function toTransportFailure(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
  aborted: boolean,
): TransportFailure {
  if (timedOut) return new TransportFailure(`no response within ${timeoutMs} ms`, 'ETIMEDOUT', true);
  if (aborted) return new TransportFailure('the request was cancelled', 'ABORTED', false);
  const code = networkCode(error);
  const detail = error instanceof Error ? redactSecretPatterns(error.message) : 'unknown failure';
  return new TransportFailure(`${code}: ${detail}`, code, code === 'ETIMEDOUT');
}

function networkCode(error: unknown): string {
  // axios puts the system code on the error, or on its cause for some adapters; prefer the system one.
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}
