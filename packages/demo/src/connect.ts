/**
 * Connects to a running simulator the way a flow would, through core's one entry point: the Carbon API
 * with a personal access token (one of the two credentials its documentation lists), Energy Hub through
 * an access client. Swapping the base URL and credentials is all it takes to reach the real service.
 */
import { createEcoStruxureClient, type EcoStruxureClient } from '@ecostruxure-connector/core';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';

export interface DemoClients {
  carbon: EcoStruxureClient;
  energyHub: EcoStruxureClient;
  close(): void;
}

export function connectToSimulator(baseUrl: string): DemoClients {
  const transport = createUndiciTransport();
  const runtime = nodeRuntime;
  return {
    carbon: createEcoStruxureClient({
      baseUrl,
      credentials: { kind: 'personalAccessToken', token: DEMO_CREDENTIALS.personalAccessToken.value },
      transport,
      runtime,
    }),
    energyHub: createEcoStruxureClient({
      baseUrl,
      credentials: {
        kind: 'clientCredentials',
        api: 'energyHub',
        clientId: DEMO_CREDENTIALS.accessClient.clientId,
        clientSecret: DEMO_CREDENTIALS.accessClient.clientSecret,
      },
      transport,
      runtime,
    }),
    close: () => transport.close(),
  };
}
