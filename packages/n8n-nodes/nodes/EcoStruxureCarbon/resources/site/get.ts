import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getSite } from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../../../shared/ecostruxure-core';
import { siteLocator } from './siteLocator';

export const description: INodeProperties[] = [siteLocator({ resource: ['site'], operation: ['get'] })];

export async function execute(this: IExecuteFunctions, client: EcoStruxureClient, itemIndex: number) {
  const siteId = this.getNodeParameter('site', itemIndex, '', { extractValue: true }) as string;
  return await getSite(client, { siteId });
}
