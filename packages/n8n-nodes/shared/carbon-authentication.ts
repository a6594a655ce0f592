/** The Carbon nodes' "Authentication" field and the credential each choice shows. */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/**
 * The n8n credential type behind each choice of the "Authentication" field, in the order n8n lists them;
 * the first (OAuth2) is the default.
 */
const CARBON_CREDENTIAL_TYPES: ReadonlyArray<readonly [choice: string, credentialType: string]> = [
  ['oAuth2', 'ecoStruxureOAuth2Api'],
  ['clientCredentials', 'ecoStruxureClientCredentialsOAuth2Api'],
  ['personalAccessToken', 'ecoStruxurePersonalAccessTokenApi'],
  ['apiKey', 'ecoStruxureApiKeyApi'],
];

export const carbonCredentials: INodeCredentialDescription[] = CARBON_CREDENTIAL_TYPES.map(
  ([choice, name]) => ({ name, required: true, displayOptions: { show: { authentication: [choice] } } }),
);

/** The credential type for a choice of the "Authentication" field (OAuth2's for any other). */
export function carbonCredentialType(authentication: string): string {
  const [, oAuth2Type] = CARBON_CREDENTIAL_TYPES[0]!;
  return CARBON_CREDENTIAL_TYPES.find(([choice]) => choice === authentication)?.[1] ?? oAuth2Type;
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
