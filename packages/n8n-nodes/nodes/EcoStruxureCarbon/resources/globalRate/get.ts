import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getGlobalRates } from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../../../shared/ecostruxure-core';

export const description: INodeProperties[] = [
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    displayOptions: { show: { resource: ['globalRate'], operation: ['get'] } },
    options: [
      {
        displayName: 'Country Code',
        name: 'countryIsoCode',
        type: 'string',
        default: '',
        placeholder: 'FR',
        description: 'Only this country (two-letter ISO 3166-1 code)',
      },
      {
        displayName: 'Year',
        name: 'year',
        type: 'number',
        default: 2025,
        description: 'Year of the rates; the current year when left out',
      },
    ],
  },
];

export async function execute(this: IExecuteFunctions, client: EcoStruxureClient, itemIndex: number) {
  const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
  return await getGlobalRates(client, filters);
}
