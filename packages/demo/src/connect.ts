/**
 * Connects core to a running simulator the way a flow would: the carbon API with a personal access token
 * (one of the two credentials its documentation lists), Energy Hub through an access client. Swapping the
 * origin and credentials is all it takes to point the same code at the real service.
 */
import {
  createCarbonClient,
  createClientCredentialsAuth,
  createEnergyHubClient,
  createHttpClient,
  createPersonalAccessTokenAuth,
  resolveEndpoints,
  type CarbonClient,
  type EnergyHubClient,
} from '@ecostruxure-connector/core';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';

export interface DemoClients {
  carbon: CarbonClient;
  energyHub: EnergyHubClient;
  close(): void;
}

export function connectToSimulator(origin: string): DemoClients {
  const endpoints = resolveEndpoints(origin);
  const transport = createUndiciTransport();
  const runtime = nodeRuntime;
  const carbonAuth = createPersonalAccessTokenAuth({ token: DEMO_CREDENTIALS.personalAccessToken.value });
  const energyHubAuth = createClientCredentialsAuth({
    tokenUrl: endpoints.energyHubToken,
    clientId: DEMO_CREDENTIALS.accessClient.clientId,
    clientSecret: DEMO_CREDENTIALS.accessClient.clientSecret,
    transport,
    runtime,
  });
  return {
    carbon: createCarbonClient(
      createHttpClient({ baseUrl: endpoints.carbonApi, auth: carbonAuth, transport, runtime }),
    ),
    energyHub: createEnergyHubClient(
      createHttpClient({ baseUrl: endpoints.energyHubGraphql, auth: energyHubAuth, transport, runtime }),
    ),
    close: () => transport.close(),
  };
}
