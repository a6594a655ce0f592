import type { INodeProperties } from 'n8n-workflow';

/** Pick a site from a searchable list, by its ID, or by pasting its API URL. */
export function siteLocator(show: Record<string, string[]>): INodeProperties {
  return {
    displayName: 'Site',
    name: 'site',
    type: 'resourceLocator',
    default: { mode: 'list', value: '' },
    required: true,
    displayOptions: { show },
    description: 'The site to read',
    modes: [
      {
        displayName: 'From List',
        name: 'list',
        type: 'list',
        placeholder: 'Select a site...',
        typeOptions: { searchListMethod: 'searchSites', searchable: true },
      },
      {
        displayName: 'By ID',
        name: 'id',
        type: 'string',
        placeholder: 'e.g. site-0001',
      },
      {
        displayName: 'By URL',
        name: 'url',
        type: 'string',
        placeholder: 'e.g. https://api.exchange.se.com/ecostruxure/carbon-emission/v1/sites/site-0001',
        extractValue: { type: 'regex', regex: '/sites/([^/?#]+)' },
        validation: [
          {
            type: 'regex',
            properties: {
              regex: '^https?://.+/sites/[^/?#]+.*$',
              errorMessage: 'Paste a site URL that ends in /sites/<site ID>',
            },
          },
        ],
      },
    ],
  };
}
