/**
 * A Transport on undici, the HTTP client inside Node.js itself, with a keep-alive connection pool. It is
 * the lighter of the two Node transports (see bench/README.md for the measured difference); like the
 * axios one, no library error ever leaves this module, only a TransportFailure with a code. When the
 * process has HTTP_PROXY or HTTPS_PROXY set, requests go through that proxy (NO_PROXY honoured), as
 * behind a corporate proxy there is often no other way out.
 */
import { Agent, EnvHttpProxyAgent, request as undiciRequest } from 'undici';
import {
  resolveMaxResponseBytes,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../seams/transport.js';
import { flattenHeaders, withDeadline } from './deadline.js';
import { proxyInEnvironment } from './proxy-environment.js';

export interface UndiciTransportOptions {
  /** Used when a request carries no timeout of its own. Default 30 s. */
  timeoutMs?: number;
  /** Connections per origin at most. Default 10, the provider's parallel-call allowance. */
  connections?: number;
  /** How long an idle connection is kept for reuse. Default 4 s (below common server keep-alive timeouts). */
  keepAliveTimeoutMs?: number;
  /** Largest response body accepted, in bytes; a larger one fails the request. Default 50 MiB. */
  maxResponseBytes?: number;
  /**
   * Go through the proxy HTTP_PROXY / HTTPS_PROXY name, skipping the hosts NO_PROXY lists. Default true;
   * without those variables requests go straight to the server either way.
   */
  useEnvironmentProxy?: boolean;
}

export interface UndiciTransport extends Transport {
  /** Closes pooled connections (on shutdown, e.g. a Node-RED node's `close`). */
  close(): void;
}

export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const maxResponseBytes = resolveMaxResponseBytes(options.maxResponseBytes);
  const agentOptions = {
    connections: options.connections ?? 10,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
    // The deadline in withDeadline covers the whole exchange; undici's own per-phase timers stay off.
    headersTimeout: 0,
    bodyTimeout: 0,
    // A misconfigured base URL or a broken proxy could otherwise stream without end into memory.
    maxResponseSize: maxResponseBytes,
  };
  const dispatcher =
    options.useEnvironmentProxy !== false && proxyInEnvironment()
      ? new EnvHttpProxyAgent(agentOptions)
      : new Agent(agentOptions);
  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const timeoutMs = request.timeoutMs > 0 ? request.timeoutMs : (options.timeoutMs ?? 30_000);
      return withDeadline(timeoutMs, request.signal, async (signal) => {
        const response = await undiciRequest(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          signal,
          dispatcher,
          // A redirect would carry the credentials elsewhere; undici does not follow them unless asked.
        });
        return {
          status: response.statusCode,
          headers: flattenHeaders(response.headers),
          body: await response.body.text(),
        };
      });
    },
    close() {
      void dispatcher.close();
    },
  };
}
