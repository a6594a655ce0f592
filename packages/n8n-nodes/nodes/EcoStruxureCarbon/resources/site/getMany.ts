import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listSites } from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../../../shared/ecostruxure-core';
import { readReturnAll, returnAllFields } from '../../../../shared/return-all-fields';

const showOnly = { resource: ['site'], operation: ['getAll'] };

export const description: INodeProperties[] = [
  ...returnAllFields(showOnly),
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    displayOptions: { show: showOnly },
    options: [
      {
        displayName: 'Country Code',
        name: 'countryIsoCode',
        type: 'string',
        default: '',
        placeholder: 'FR',
        description: 'Only sites in this country (two-letter ISO 3166-1 code)',
      },
      {
        displayName: 'Name Contains',
        name: 'nameContains',
        type: 'string',
        default: '',
        description: 'Only sites whose name contains this text (case-insensitive)',
      },
      {
        displayName: 'Site Type',
        name: 'type',
        type: 'string',
        default: '',
        placeholder: 'Office',
        description: 'Only sites of this type, as EcoStruxure names it',
      },
    ],
  },
];

export async function execute(this: IExecuteFunctions, client: EcoStruxureClient, itemIndex: number) {
  const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
  return await listSites(client, { ...filters, ...readReturnAll(this, itemIndex) });
}
