import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import {
  baseUrlField,
  DEFAULT_GATEWAY_URL,
  GATEWAY_PATHS,
  ownUrlOrBelowBaseUrl,
  tokenUrlField,
  tokenUrlOrBelowBaseUrl,
  unusedOAuth2Fields,
} from '../shared/credential-fields';

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
      default: '',
      placeholder: `${DEFAULT_GATEWAY_URL}${GATEWAY_PATHS.energyHubGraphql}`,
      description:
        'The Energy Hub GraphQL endpoint. Leave empty for the one below the base URL; enter another only if Schneider Electric gave you one.',
    },
    {
      displayName: 'Grant Type',
      name: 'grantType',
      type: 'hidden',
      default: 'clientCredentials',
    },
    tokenUrlField(`${DEFAULT_GATEWAY_URL}${GATEWAY_PATHS.energyHubToken}`),
    {
      displayName: 'Access Token URL',
      name: 'accessTokenUrl',
      type: 'hidden',
      default: tokenUrlOrBelowBaseUrl(GATEWAY_PATHS.energyHubToken),
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
    ...unusedOAuth2Fields,
  ];

  /** n8n fetches a token from the token URL, then this smallest query runs with it. */
  test: ICredentialTestRequest = {
    request: {
      method: 'POST',
      url: ownUrlOrBelowBaseUrl('graphqlUrl', GATEWAY_PATHS.energyHubGraphql, '$credentials'),
      body: { query: '{ __typename }' },
      json: true,
    },
  };
}
