/**
 * Fields every EcoStruxure credential shares. The base URL is the gateway's origin: Schneider's by default,
 * or the local simulator's for trying flows without Schneider credentials.
 */
import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_GATEWAY_URL = 'https://api.exchange.se.com';

export const baseUrlField: INodeProperties = {
  displayName: 'Base URL',
  name: 'baseUrl',
  type: 'string',
  default: DEFAULT_GATEWAY_URL,
  required: true,
  placeholder: DEFAULT_GATEWAY_URL,
  description:
    'The EcoStruxure API gateway. Keep the default for Schneider Electric; use the local simulator URL (for example http://127.0.0.1:4010) to try flows without Schneider credentials.',
};

/** Paths below the base URL, as the gateway publishes them (docs/api-contract.md). */
const CONSENT_SERVER_PATH = '/ecostruxure/v1/oauth';
const ENERGY_HUB_PREFIX = '/energy-hub/v1';
export const GATEWAY_PATHS = {
  authorize: `${CONSENT_SERVER_PATH}/authorize`,
  token: `${CONSENT_SERVER_PATH}/token`,
  carbonSites: '/ecostruxure/carbon-emission/v1/sites',
  energyHubToken: `${ENERGY_HUB_PREFIX}/oauth/token`,
  energyHubGraphql: `${ENERGY_HUB_PREFIX}/graphql`,
} as const;

/** A credential expression for a URL below the credential's own base URL (trailing slashes ignored). */
export function belowBaseUrl(path: string): string {
  return `={{ $self.baseUrl.replace(/\\/+$/, '') + '${path}' }}`;
}
