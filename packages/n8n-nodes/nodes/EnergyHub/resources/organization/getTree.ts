import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getOrganization } from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../../../shared/ecostruxure-core';

export const description: INodeProperties[] = [
  {
    displayName: 'Depth',
    name: 'depth',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 3,
    displayOptions: { show: { resource: ['organization'], operation: ['getTree'] } },
    description: 'How many levels of things below the organization to include',
  },
];

export async function execute(this: IExecuteFunctions, client: EcoStruxureClient, itemIndex: number) {
  return await getOrganization(client, { depth: this.getNodeParameter('depth', itemIndex) as number });
}
