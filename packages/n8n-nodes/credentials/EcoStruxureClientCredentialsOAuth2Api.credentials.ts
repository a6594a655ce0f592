import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import {
  baseUrlField,
  carbonDialectField,
  carbonSitesTest,
  carbonTokenUrlField,
  GATEWAY_PATHS,
  tokenUrlOrBelowBaseUrl,
  unusedOAuth2Fields,
} from '../shared/credential-fields';
import { DEFAULT_SCOPES } from '../shared/ecostruxure-core';

/**
 * The client-credentials grant, for partners (distributors) with a technical user. n8n fetches the token and
 * fetches a new one when the API refuses it.
 */
export class EcoStruxureClientCredentialsOAuth2Api implements ICredentialType {
  name = 'ecoStruxureClientCredentialsOAuth2Api';

  extends = ['oAuth2Api'];

  displayName = 'EcoStruxure Client Credentials OAuth2 API';

  icon: Icon = { light: 'file:../icons/ecostruxure.svg', dark: 'file:../icons/ecostruxure.dark.svg' };

  documentationUrl =
    'https://github.com/ecostruxure-connector/ecostruxure-connector/tree/main/packages/n8n-nodes#credentials';

  properties: INodeProperties[] = [
    baseUrlField,
    carbonDialectField,
    {
      displayName:
        'Client ID and secret: issued by Schneider Electric for your technical user (request them by email, as the API product page says), or shown in the Exchange DevPortal under My Apps once your subscription is active.',
      name: 'portalNotice',
      type: 'notice',
      default: '',
    },
    {
      displayName: 'Grant Type',
      name: 'grantType',
      type: 'hidden',
      default: 'clientCredentials',
    },
    carbonTokenUrlField,
    {
      displayName: 'Access Token URL',
      name: 'accessTokenUrl',
      type: 'hidden',
      default: tokenUrlOrBelowBaseUrl(GATEWAY_PATHS.token),
    },
    {
      displayName: 'Scope',
      name: 'scope',
      type: 'string',
      default: DEFAULT_SCOPES.clientCredentials,
      description: 'Space-separated scopes to ask for',
    },
    {
      displayName: 'Client Authentication',
      name: 'authentication',
      type: 'options',
      options: [
        {
          name: 'Basic Auth Header',
          value: 'header',
          description: 'Send the client ID and secret as an HTTP Basic Authorization header',
        },
        {
          name: 'In the Body',
          value: 'body',
          description: 'Send the client ID and secret as form fields of the token request',
        },
      ],
      default: 'header',
    },
    ...unusedOAuth2Fields,
  ];

  test: ICredentialTestRequest = carbonSitesTest;
}
