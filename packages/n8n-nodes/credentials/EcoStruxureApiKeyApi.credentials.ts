import type {
  ICredentialDataDecryptedObject,
  ICredentialTestRequest,
  ICredentialType,
  IHttpRequestOptions,
  INodeProperties,
  Icon,
} from 'n8n-workflow';

import { baseUrlField, carbonDialectField, carbonSitesTest } from '../shared/credential-fields';

/** A long-lived API key (GET requests only), sent as the `apikey` query parameter or an `x-api-key` header. */
export class EcoStruxureApiKeyApi implements ICredentialType {
  name = 'ecoStruxureApiKeyApi';

  displayName = 'EcoStruxure API Key API';

  icon: Icon = { light: 'file:../icons/ecostruxure.svg', dark: 'file:../icons/ecostruxure.dark.svg' };

  documentationUrl =
    'https://github.com/ecostruxure-connector/ecostruxure-connector/tree/main/packages/n8n-nodes#credentials';

  properties: INodeProperties[] = [
    baseUrlField,
    carbonDialectField,
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
      description:
        'Shown in the Exchange DevPortal under My Apps, for APIs that offer API-key access. It allows read (GET) requests only.',
    },
    {
      displayName: 'Send As',
      name: 'placement',
      type: 'options',
      options: [
        {
          name: 'Query Parameter (Apikey)',
          value: 'query',
          description: 'Append ?apikey=… to each request, as the gateway documents',
        },
        {
          name: 'Header (X-Api-Key)',
          value: 'header',
          description: 'Send the key in an x-api-key header, which keeps it out of URLs and logs',
        },
      ],
      // The gateway's documentation shows the key as the `apikey` query parameter: what works first time.
      default: 'query',
    },
  ];

  async authenticate(
    credentials: ICredentialDataDecryptedObject,
    requestOptions: IHttpRequestOptions,
  ): Promise<IHttpRequestOptions> {
    const apiKey = String(credentials.apiKey);
    if (credentials.placement !== 'header') {
      return { ...requestOptions, qs: { ...requestOptions.qs, apikey: apiKey } };
    }
    return { ...requestOptions, headers: { ...requestOptions.headers, 'x-api-key': apiKey } };
  }

  test: ICredentialTestRequest = carbonSitesTest;
}
