/**
 * The two config nodes every demo flow uses, pointed at the simulator with its demo credentials: the
 * Carbon API with a personal access token (one of the two credentials its documentation lists), Energy
 * Hub with an access client. Against the real service only these two nodes change.
 */
import { DEMO_CREDENTIALS, type SimulatorUrls } from '@ecostruxure-connector/simulator';
import type { FlowNode } from '../node-red/runtime.js';

export const CARBON_ACCOUNT_ID = 'demo.carbon-account';
export const ENERGY_HUB_CLIENT_ID = 'demo.energy-hub-client';

export function accountNodes(urls: SimulatorUrls): FlowNode[] {
  return [
    {
      id: CARBON_ACCOUNT_ID,
      type: 'ecostruxure-account',
      name: 'EcoStruxure simulator (personal access token)',
      authType: 'personalAccessToken',
      baseUrl: urls.origin,
      scopes: '',
      redirectUri: '',
      credentials: { token: DEMO_CREDENTIALS.personalAccessToken.value },
    },
    {
      id: ENERGY_HUB_CLIENT_ID,
      type: 'energy-hub-access-client',
      name: 'Energy Hub simulator',
      graphqlUrl: urls.energyHubGraphql,
      tokenUrl: urls.energyHubToken,
      credentials: {
        clientId: DEMO_CREDENTIALS.accessClient.clientId,
        clientSecret: DEMO_CREDENTIALS.accessClient.clientSecret,
      },
    },
  ];
}
