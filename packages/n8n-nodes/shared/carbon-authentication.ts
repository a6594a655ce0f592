/** The Carbon nodes' "Authentication" field and the credential each choice shows. */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** The n8n credential type behind each choice of the "Authentication" field, in the order n8n shows them. */
const CARBON_CREDENTIAL_TYPES = {
  oAuth2: 'ecoStruxureOAuth2Api',
  clientCredentials: 'ecoStruxureClientCredentialsOAuth2Api',
  personalAccessToken: 'ecoStruxurePersonalAccessTokenApi',
  apiKey: 'ecoStruxureApiKeyApi',
} as const;

type CarbonAuthenticationChoice = keyof typeof CARBON_CREDENTIAL_TYPES;

export const carbonCredentials: INodeCredentialDescription[] = Object.entries(CARBON_CREDENTIAL_TYPES).map(
  ([choice, name]) => ({ name, required: true, displayOptions: { show: { authentication: [choice] } } }),
);

/** The credential type for a choice of the "Authentication" field (OAuth2, the default, for any other). */
export function carbonCredentialType(authentication: string): string {
  return Object.hasOwn(CARBON_CREDENTIAL_TYPES, authentication)
    ? CARBON_CREDENTIAL_TYPES[authentication as CarbonAuthenticationChoice]
    : CARBON_CREDENTIAL_TYPES.oAuth2;
}

export const carbonAuthentication: INodeProperties = {
  displayName: 'Authentication',
  name: 'authentication',
  type: 'options',
  options: [
    { name: 'API Key', value: 'apiKey' },
    { name: 'Client Credentials', value: 'clientCredentials' },
    { name: 'OAuth2 (Customer Consent)', value: 'oAuth2' },
    { name: 'Personal Access Token', value: 'personalAccessToken' },
  ],
  default: 'oAuth2',
};
