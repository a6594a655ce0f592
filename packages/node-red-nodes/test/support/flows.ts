/** Flow fragments the integration and browser tests deploy. */
import type { FlowNode } from './node-red.js';

export const ACCOUNT_ID = 'a1b2c3d4e5f60718';
export const TAB_ID = 'f0e1d2c3b4a59687';

export function codeAccount(simulatorUrl: string, nodeRedUrl: string): FlowNode {
  return {
    id: ACCOUNT_ID,
    type: 'ecostruxure-account',
    name: 'Simulator',
    authType: 'authorizationCode',
    baseUrl: simulatorUrl,
    scopes: 'read:site read:carbon-emission offline_access',
    redirectUri: `${nodeRedUrl}/ecostruxure/oauth/callback`,
    credentials: { clientId: 'demo-isv-app', clientSecret: 'demo-isv-app-secret' },
  };
}

export function tab(): FlowNode {
  return { id: TAB_ID, type: 'tab', label: 'EcoStruxure' };
}
