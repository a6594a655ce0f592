/**
 * Builds core's client for a node run: the credential the user picked decides which n8n credential type
 * signs the requests; core runs with host-applied credentials, so n8n applies and refreshes them.
 */
import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import { carbonCredentialType } from './carbon-authentication';
import { carbonDialectFromText, createEcoStruxureClient, optionalTokenUrl } from './ecostruxure-core';
import type { EcoStruxureClient } from './ecostruxure-core';
import { n8nRuntime } from './runtime';
import { createN8nTransport } from './transport';

type Context = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export const ENERGY_HUB_CREDENTIAL_TYPE = 'energyHubOAuth2Api';

/** `authentication` is the node's "Authentication" field (read per context: execute, poll and list search differ). */
export async function carbonClient(context: Context, authentication: string): Promise<EcoStruxureClient> {
  const credentialType = carbonCredentialType(authentication);
  const credentials = await context.getCredentials(credentialType);
  // n8n asks for the token itself: a Token URL that is not a URL is refused here, naming the field,
  // before n8n sends anything to it.
  if (credentialType === 'ecoStruxureClientCredentialsOAuth2Api') optionalTokenUrl(credentials.tokenUrl);
  // Checked here, naming the field, before any request.
  const carbonDialect = carbonDialectFromText(credentials.carbonDialect, 'Carbon API Dialect');
  return createEcoStruxureClient({
    baseUrl: String(credentials.baseUrl),
    ...(carbonDialect === undefined ? {} : { carbonDialect }),
    credentials: { kind: 'hostApplied' },
    transport: createN8nTransport(context, credentialType),
    runtime: n8nRuntime,
  });
}

export async function energyHubClient(context: Context): Promise<EcoStruxureClient> {
  const credentials = await context.getCredentials(ENERGY_HUB_CREDENTIAL_TYPE);
  // An empty GraphQL URL is the one below the base URL (core's default).
  const graphqlUrl = ownUrl(credentials.graphqlUrl);
  return createEcoStruxureClient({
    baseUrl: String(credentials.baseUrl),
    endpoints: {
      ...(graphqlUrl ? { energyHubGraphql: graphqlUrl } : {}),
      energyHubToken: String(credentials.accessTokenUrl),
    },
    credentials: { kind: 'hostApplied' },
    transport: createN8nTransport(context, ENERGY_HUB_CREDENTIAL_TYPE),
    runtime: n8nRuntime,
  });
}

/** A URL typed into a credential field, or undefined when the field was left empty. */
function ownUrl(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
