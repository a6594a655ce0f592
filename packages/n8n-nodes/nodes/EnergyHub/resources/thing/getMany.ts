import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listThings } from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../../../shared/ecostruxure-core';
import { readReturnAll, returnAllFields } from '../../../../shared/return-all-fields';

const showOnly = { resource: ['thing'], operation: ['getAll'] };

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
  const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
  return await listThings(client, { ...filters, ...readReturnAll(this, itemIndex) });
}
