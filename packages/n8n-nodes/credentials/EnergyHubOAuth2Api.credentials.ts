import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { baseUrlField, belowBaseUrl, GATEWAY_PATHS } from '../shared/credential-fields';

/**
 * An Energy Hub access client: client credentials against the Energy Hub token URL. Its role and access
 * permissions, set in Energy Hub, decide what the GraphQL API shows.
 */
export class EnergyHubOAuth2Api implements ICredentialType {
  name = 'energyHubOAuth2Api';

  extends = ['oAuth2Api'];

  displayName = 'Energy Hub Access Client OAuth2 API';

  icon: Icon = { light: 'file:../icons/energy-hub.svg', dark: 'file:../icons/energy-hub.dark.svg' };

  documentationUrl =
    'https://github.com/ecostruxure-connector/ecostruxure-connector/tree/main/packages/n8n-nodes#credentials';

  properties: INodeProperties[] = [
    baseUrlField,
    {
      displayName:
        'Client ID and secret: in Energy Hub, Setup > Integrations > Access clients > Add access client (needs a Data-as-a-service plan or add-on). Copy the secret when it is shown; Energy Hub shows it once.',
      name: 'portalNotice',
      type: 'notice',
      default: '',
    },
    {
      displayName: 'GraphQL URL',
      name: 'graphqlUrl',
      type: 'string',
      default: belowBaseUrl(GATEWAY_PATHS.energyHubGraphql),
      description:
        'The Energy Hub GraphQL endpoint. The default follows the base URL; change it only if Schneider Electric gave you another one.',
    },
    {
      displayName: 'Grant Type',
      name: 'grantType',
      type: 'hidden',
      default: 'clientCredentials',
    },
    {
      displayName: 'Access Token URL',
      name: 'accessTokenUrl',
      type: 'string',
      default: belowBaseUrl(GATEWAY_PATHS.energyHubToken),
      description:
        'The Energy Hub token endpoint. The default follows the base URL; change it only if Schneider Electric gave you another one.',
    },
    {
      displayName: 'Scope',
      name: 'scope',
      type: 'hidden',
      default: '',
    },
    {
      displayName: 'Authentication',
      name: 'authentication',
      type: 'hidden',
      default: 'body',
    },
  ];

  test: ICredentialTestRequest = {
    request: {
      method: 'POST',
      url: '={{ $credentials.graphqlUrl }}',
      body: { query: '{ __typename }' },
      json: true,
    },
  };
}
