/** HTTP clients wired to a running simulator the way an adapter wires them to the real service. */
import { DEMO_CREDENTIALS, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { createClientCredentialsAuth, createPersonalAccessTokenAuth } from '../../src/advanced.js';
import { createHttpClient, type HttpClient } from '../../src/advanced.js';
import type { Transport } from '../../src/index.js';
import { createAxiosTransport, nodeRuntime } from '../../src/node/index.js';

/** Short waits so retry tests finish quickly; the attempt count stays the production default. */
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20, budgetMs: 5_000 };

/** Passes every request to the real transport and records how many were in flight at most. */
export interface ObservedTransport extends Transport {
  readonly peak: number;
  reset(): void;
}

export function observedTransport(
  inner: Transport = createAxiosTransport({ keepAlive: false }),
): ObservedTransport {
  let inFlight = 0;
  let peak = 0;
  return {
    get peak() {
      return peak;
    },
    reset() {
      peak = 0;
    },
    async send(request) {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await inner.send(request);
      } finally {
        inFlight -= 1;
      }
    },
  };
}

export function carbonHttp(
  sim: SimulatorHandle,
  options: { maxConcurrency?: number; transport?: Transport } = {},
): HttpClient {
  return createHttpClient({
    baseUrl: sim.urls.carbonApi,
    auth: createPersonalAccessTokenAuth({ token: DEMO_CREDENTIALS.personalAccessToken.value }),
    transport: options.transport ?? createAxiosTransport({ keepAlive: false }),
    runtime: nodeRuntime,
    retry: FAST_RETRY,
    ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
  });
}

export type AccessClientName = 'accessClient' | 'restrictedAccessClient' | 'noAccessClient';

export function energyHubHttp(sim: SimulatorHandle, client: AccessClientName = 'accessClient'): HttpClient {
  const transport = createAxiosTransport({ keepAlive: false });
  const { clientId, clientSecret } = DEMO_CREDENTIALS[client];
  return createHttpClient({
    baseUrl: `${sim.url}/energy-hub/v1/graphql`,
    auth: createClientCredentialsAuth({
      tokenUrl: sim.urls.energyHubToken,
      clientId,
      clientSecret,
      transport,
      runtime: nodeRuntime,
    }),
    transport,
    runtime: nodeRuntime,
    retry: FAST_RETRY,
  });
}
