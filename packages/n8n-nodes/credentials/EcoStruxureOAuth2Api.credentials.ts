import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import {
  baseUrlField,
  carbonDialectField,
  belowBaseUrl,
  carbonSitesTest,
  GATEWAY_PATHS,
} from '../shared/credential-fields';
import { DEFAULT_SCOPES } from '../shared/ecostruxure-core';

/**
 * Authorization code with PKCE, for software vendors acting for a customer who consents. n8n runs the
 * consent flow ("Connect"), stores the tokens and refreshes them; the gateway expects the client secret in
 * the token request's body.
 */
export class EcoStruxureOAuth2Api implements ICredentialType {
  name = 'ecoStruxureOAuth2Api';

  extends = ['oAuth2Api'];

  displayName = 'EcoStruxure OAuth2 API';

  icon: Icon = { light: 'file:../icons/ecostruxure.svg', dark: 'file:../icons/ecostruxure.dark.svg' };

  documentationUrl =
    'https://github.com/ecostruxure-connector/ecostruxure-connector/tree/main/packages/n8n-nodes#credentials';

  properties: INodeProperties[] = [
    baseUrlField,
    carbonDialectField,
    {
      displayName:
        "Client ID and secret: Exchange DevPortal > My Apps > your application (created when you subscribe to the Carbon Emission Data API). Register the OAuth Redirect URL shown above as the application's redirect URI.",
      name: 'portalNotice',
      type: 'notice',
      default: '',
    },
    {
      displayName: 'Grant Type',
      name: 'grantType',
      type: 'hidden',
      default: 'pkce',
    },
    {
      displayName: 'Authorization URL',
      name: 'authUrl',
      type: 'hidden',
      default: belowBaseUrl(GATEWAY_PATHS.authorize),
    },
    {
      displayName: 'Access Token URL',
      name: 'accessTokenUrl',
      type: 'hidden',
      default: belowBaseUrl(GATEWAY_PATHS.token),
    },
    {
      displayName: 'Scope',
      name: 'scope',
      type: 'string',
      default: DEFAULT_SCOPES.authorizationCode,
      description:
        'Space-separated scopes the customer is asked to consent to. Keep offline_access so n8n can refresh access without asking the customer again.',
    },
    {
      displayName: 'Auth URI Query Parameters',
      name: 'authQueryParameters',
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

  test: ICredentialTestRequest = carbonSitesTest;
}
