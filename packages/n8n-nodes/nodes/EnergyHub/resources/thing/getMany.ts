import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listThings } from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../../../shared/ecostruxure-core';

const showOnly = { resource: ['thing'], operation: ['getAll'] };

export const description: INodeProperties[] = [
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    displayOptions: { show: showOnly },
    description: 'Whether to return all results or only up to a given limit',
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 50,
    displayOptions: { show: { ...showOnly, returnAll: [false] } },
    description: 'Max number of results to return',
  },
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    displayOptions: { show: showOnly },
    options: [
      {
        displayName: 'Concept',
        name: 'concept',
        type: 'string',
        default: '',
        placeholder: 'Site',
        description: 'Only things of this kind (Region, Site, Building, Device…)',
      },
      {
        displayName: 'Name Contains',
        name: 'nameContains',
        type: 'string',
        default: '',
        description: 'Only things whose name contains this text',
      },
      {
        displayName: 'Parent ID',
        name: 'parentId',
        type: 'string',
        default: '',
        description: 'Only things directly below this thing',
      },
    ],
  },
];

export async function execute(this: IExecuteFunctions, client: EcoStruxureClient, itemIndex: number) {
  const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
  const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
  return await listThings(client, {
    ...filters,
    returnAll,
    ...(returnAll ? {} : { limit: this.getNodeParameter('limit', itemIndex) as number }),
  });
}
