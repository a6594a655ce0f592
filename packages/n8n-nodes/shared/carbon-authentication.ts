/** The Carbon nodes' "Authentication" field and the credential each choice shows. */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

export const carbonCredentials: INodeCredentialDescription[] = [
  { name: 'ecoStruxureOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
  {
    name: 'ecoStruxureClientCredentialsOAuth2Api',
    required: true,
    displayOptions: { show: { authentication: ['clientCredentials'] } },
  },
  {
    name: 'ecoStruxurePersonalAccessTokenApi',
    required: true,
    displayOptions: { show: { authentication: ['personalAccessToken'] } },
  },
  { name: 'ecoStruxureApiKeyApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } } },
];

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
