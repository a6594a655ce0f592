/**
 * An "Energy Hub access client" config node as core settings: client credentials against the Energy
 * Hub token URL, and the GraphQL URL the organization's integration gives.
 */
import { DEFAULT_ENDPOINTS, ValidationError } from '@ecostruxure-connector/core';
import type { AccountSettings } from './settings.js';

/** The usual address, shown as the form's placeholder: Schneider does not publish it, so it is never assumed. */
export const DEFAULT_GRAPHQL_URL = DEFAULT_ENDPOINTS.energyHubGraphql;

export interface AccessClientConfig {
  graphqlUrl?: string;
  tokenUrl?: string;
}

export function accessClientSettings(
  config: AccessClientConfig,
  secrets: { clientId?: string; clientSecret?: string } = {},
): AccountSettings {
  const graphqlUrl = config.graphqlUrl?.trim() ?? '';
  if (graphqlUrl === '') {
    throw new ValidationError({
      field: 'graphqlUrl',
      label: 'GraphQL URL',
      message: `GraphQL URL is empty: enter the Energy Hub GraphQL URL of your integration (Schneider does not publish it; it is usually ${DEFAULT_GRAPHQL_URL}).`,
    });
  }
  let origin: string;
  try {
    origin = new URL(graphqlUrl).origin;
  } catch {
    throw new ValidationError({
      field: 'graphqlUrl',
      label: 'GraphQL URL',
      message: `GraphQL URL is not a URL: enter a full URL such as ${DEFAULT_GRAPHQL_URL}.`,
    });
  }
  const tokenUrl = config.tokenUrl?.trim();
  return {
    authType: 'clientCredentials',
    baseUrl: origin,
    endpoints: { energyHubGraphql: graphqlUrl, ...(tokenUrl ? { energyHubToken: tokenUrl } : {}) },
    credentials: {
      kind: 'clientCredentials',
      api: 'energyHub',
      clientId: secrets.clientId ?? '',
      clientSecret: secrets.clientSecret ?? '',
    },
  };
}
