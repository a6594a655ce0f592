/** An EcoStruxure client on a running simulator, built through the entry point as adapters build it. */
import { DEMO_CREDENTIALS, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import {
  createEcoStruxureClient,
  type CarbonDialectInput,
  type Credentials,
  type EcoStruxureClient,
  type Runtime,
} from '../../src/index.js';
import { createUndiciTransport, nodeRuntime } from '../../src/node/index.js';
import { countingTransport, type CountingTransport } from '../support/counting-transport.js';

export interface TestClient {
  client: EcoStruxureClient;
  transport: CountingTransport;
}

export function clientOn(
  sim: SimulatorHandle,
  options: { credentials?: Credentials; runtime?: Runtime; carbonDialect?: CarbonDialectInput } = {},
): TestClient {
  const transport = countingTransport(createUndiciTransport());
  const client = createEcoStruxureClient({
    baseUrl: sim.url,
    credentials: options.credentials ?? {
      kind: 'personalAccessToken',
      token: DEMO_CREDENTIALS.personalAccessToken.value,
    },
    transport,
    runtime: options.runtime ?? nodeRuntime,
    retry: { baseDelayMs: 5, maxDelayMs: 20, budgetMs: 5_000 },
    ...(options.carbonDialect === undefined ? {} : { carbonDialect: options.carbonDialect }),
  });
  return { client, transport };
}

export function energyHubClientOn(
  sim: SimulatorHandle,
  name: 'accessClient' | 'restrictedAccessClient' = 'accessClient',
): TestClient {
  const { clientId, clientSecret } = DEMO_CREDENTIALS[name];
  return clientOn(sim, {
    credentials: { kind: 'clientCredentials', api: 'energyHub', clientId, clientSecret },
  });
}

/** A runtime whose clock reads a fixed instant (the simulator keeps its own real clock). */
export function fixedClock(iso: string): Runtime {
  const time = Date.parse(iso);
  return { ...nodeRuntime, now: () => time };
}

/** A client clock that can be moved forward together with the simulator's, as if time passed. */
export function movableTime(sim: SimulatorHandle): Runtime & { advance(ms: number): void } {
  let offset = 0;
  return {
    ...nodeRuntime,
    now: () => nodeRuntime.now() + offset,
    advance(ms) {
      offset += ms;
      sim.control.setClockSkew(offset);
    },
  };
}
