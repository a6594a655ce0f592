/**
 * Fields every EcoStruxure credential shares. The base URL is the gateway's origin: Schneider's by default,
 * or the local simulator's for trying flows without Schneider credentials.
 */
import type { ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

import { CARBON_RESOURCES, DEFAULT_ORIGIN, DEFAULT_TOKEN_URL, ENDPOINT_PATHS } from './ecostruxure-core';

export const DEFAULT_GATEWAY_URL = DEFAULT_ORIGIN;

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

/** Paths below the base URL: core's, so the credentials and the nodes always call the same URLs. */
export const GATEWAY_PATHS = {
  authorize: ENDPOINT_PATHS.authorize,
  token: ENDPOINT_PATHS.token,
  carbonSites: `${ENDPOINT_PATHS.carbonApi}${CARBON_RESOURCES.sites().path}`,
  energyHubToken: ENDPOINT_PATHS.energyHubToken,
  energyHubGraphql: ENDPOINT_PATHS.energyHubGraphql,
} as const;

/** A credential expression for a URL below the credential's own base URL (trailing slashes ignored). */
export function belowBaseUrl(path: string): string {
  return `={{ $self.baseUrl.replace(/\\/+$/, '') + '${path}' }}`;
}

/**
 * Client credentials: a token URL other than the base URL's documented one (shown as the placeholder, so the
 * form never shows an expression); core checks it before use.
 */
export function tokenUrlField(documented: string): INodeProperties {
  return {
    displayName: 'Token URL',
    name: 'tokenUrl',
    type: 'string',
    default: '',
    placeholder: documented,
    description:
      'Where to ask for the access token. Leave empty for the documented one below the base URL; enter another when your integration was given a different token endpoint.',
  };
}

export const carbonTokenUrlField = tokenUrlField(DEFAULT_TOKEN_URL);

/**
 * n8n's OAuth2 fields that mean nothing to these APIs (the token request takes no extra body properties),
 * kept out of the client-credentials forms.
 */
export const unusedOAuth2Fields: INodeProperties[] = [
  {
    displayName: 'Send Additional Body Properties',
    name: 'sendAdditionalBodyProperties',
    type: 'hidden',
    default: false,
  },
  {
    displayName: 'Additional Body Properties',
    name: 'additionalBodyProperties',
    type: 'hidden',
    default: '',
  },
];

/** The credential's own `field` (a URL) when filled in, else the path below its base URL. */
export function ownUrlOrBelowBaseUrl(field: string, path: string, self = '$self'): string {
  return `={{ (${self}.${field} || '').trim() || ${self}.baseUrl.replace(/\\/+$/, '') + '${path}' }}`;
}

/** The credential's own Token URL when filled in, else the path below its base URL. */
export function tokenUrlOrBelowBaseUrl(path: string): string {
  return ownUrlOrBelowBaseUrl('tokenUrl', path);
}

/** The test of every Carbon credential: the first site, read below the credential's own base URL. */
export const carbonSitesTest: ICredentialTestRequest = {
  request: {
    baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}',
    url: GATEWAY_PATHS.carbonSites,
    qs: { limit: 1 },
  },
};

/**
 * How the Carbon API spells and shapes its answers, when it is not the contract's: a dialect name or a
 * JSON object of core's dialect fields (docs/real-apis.md). Core checks it before any request.
 */
export const carbonDialectField: INodeProperties = {
  displayName: 'Carbon API Dialect',
  name: 'carbonDialect',
  type: 'string',
  typeOptions: { rows: 3 },
  default: '',
  placeholder: '{"paging": "page-number", "rangeSelects": "revision-time"}',
  description:
    'Leave empty for the documented API. Otherwise "sibling", or a JSON object of dialect fields (paging style, range parameters, series map, grid-rate path...) as docs/real-apis.md lists them.',
};
