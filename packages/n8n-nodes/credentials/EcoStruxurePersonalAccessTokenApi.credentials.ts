import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  INodeProperties,
  Icon,
} from 'n8n-workflow';

import { baseUrlField, carbonDialectField, carbonSitesTest } from '../shared/credential-fields';

/** A personal access token, for customers reading their own data; sent as a Bearer token. */
export class EcoStruxurePersonalAccessTokenApi implements ICredentialType {
  name = 'ecoStruxurePersonalAccessTokenApi';

  displayName = 'EcoStruxure Personal Access Token API';

  icon: Icon = { light: 'file:../icons/ecostruxure.svg', dark: 'file:../icons/ecostruxure.dark.svg' };

  documentationUrl =
    'https://github.com/ecostruxure-connector/ecostruxure-connector/tree/main/packages/n8n-nodes#credentials';

  properties: INodeProperties[] = [
    baseUrlField,
    carbonDialectField,
    {
      displayName: 'Personal Access Token',
      name: 'token',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
      description:
        'Log in to the Exchange DevPortal, open the API you purchased and use "Generate Personal Access Token"',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: {
        Authorization: '=Bearer {{$credentials.token}}',
      },
    },
  };

  test: ICredentialTestRequest = carbonSitesTest;
}
