import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
  EMISSION_METHOD_CHOICES,
  GRANULARITY_CHOICES,
  compareToGridRate,
} from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../../../shared/ecostruxure-core';
import { toOptions } from '../../../../shared/vocabulary';

const showOnly = { resource: ['emission'], operation: ['compareToGridRate'] };

export const description: INodeProperties[] = [
  {
    displayName: 'Site IDs',
    name: 'siteIds',
    type: 'string',
    default: '',
    placeholder: 'site-0001, site-0002',
    displayOptions: { show: showOnly },
    description: 'Comma-separated site IDs; leave empty to compare every site',
  },
  {
    displayName: 'Threshold (% Above Grid Rate)',
    name: 'thresholdPercent',
    type: 'number',
    default: 0,
    displayOptions: { show: showOnly },
    description:
      "A site is above when its carbon intensity exceeds its country's grid rate by more than this percentage",
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    displayOptions: { show: showOnly },
    options: [
      {
        displayName: 'Granularity',
        name: 'granularity',
        type: 'options',
        options: toOptions(GRANULARITY_CHOICES),
        default: 'PT1H',
        description: 'Length of the interval compared',
      },
      {
        displayName: 'Method',
        name: 'method',
        type: 'options',
        options: toOptions(EMISSION_METHOD_CHOICES),
        default: 'location-based',
        description: 'How scope 2 emissions are counted (GHG Protocol)',
      },
      {
        displayName: 'Hysteresis (Percentage Points)',
        name: 'hysteresis',
        type: 'number',
        default: 0,
        description: 'A site counts as back below only once it drops this far under the threshold',
      },
      {
        displayName: 'Grid Rate Year',
        name: 'year',
        type: 'number',
        default: 0,
        description: 'Year of the grid rates to compare with; 0 for the current year',
      },
    ],
  },
];

export async function execute(this: IExecuteFunctions, client: EcoStruxureClient, itemIndex: number) {
  const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
  const siteIds = this.getNodeParameter('siteIds', itemIndex) as string;
  return await compareToGridRate(client, {
    ...options,
    ...(options.year ? {} : { year: undefined }),
    ...(siteIds.trim() === '' ? {} : { siteIds }),
    thresholdPercent: this.getNodeParameter('thresholdPercent', itemIndex) as number,
  });
}
