import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getThing } from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../../../shared/ecostruxure-core';

export const description: INodeProperties[] = [
  {
    displayName: 'Thing ID',
    name: 'thingId',
    type: 'string',
    default: '',
    required: true,
    displayOptions: { show: { resource: ['thing'], operation: ['get'] } },
    description: 'ID of the site, building, device or other thing',
  },
];

export async function execute(this: IExecuteFunctions, client: EcoStruxureClient, itemIndex: number) {
  return await getThing(client, { thingId: this.getNodeParameter('thingId', itemIndex) as string });
}
