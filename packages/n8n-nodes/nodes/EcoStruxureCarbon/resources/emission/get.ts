import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
  EMISSION_METHOD_CHOICES,
  EMISSION_OUTPUTS,
  GRANULARITY_CHOICES,
  RANGE_PRESETS,
  SITE_TIME_ZONE,
  getEmissions,
} from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient, EmissionOutput } from '../../../../shared/ecostruxure-core';
import { siteLocator } from '../site/siteLocator';
import { toOptions } from '../../../../shared/vocabulary';

const showOnly = { resource: ['emission'], operation: ['get'] };

export const description: INodeProperties[] = [
  siteLocator(showOnly),
  {
    displayName: 'Range',
    name: 'range',
    type: 'options',
    options: toOptions(RANGE_PRESETS),
    default: 'last24Hours',
    displayOptions: { show: showOnly },
    description: 'Which period to read; windows and paging are handled for you',
  },
  {
    displayName: 'From',
    name: 'from',
    type: 'dateTime',
    default: '',
    required: true,
    displayOptions: { show: { ...showOnly, range: ['custom'] } },
    description:
      "Start of the period (included); a date-time without an offset is read in the Time Zone option (by default the workflow's)",
  },
  {
    displayName: 'To',
    name: 'to',
    type: 'dateTime',
    default: '',
    required: true,
    displayOptions: { show: { ...showOnly, range: ['custom'] } },
    description: 'End of the period (excluded)',
  },
  {
    displayName: 'Granularity',
    name: 'granularity',
    type: 'options',
    options: toOptions(GRANULARITY_CHOICES),
    default: 'PT1H',
    displayOptions: { show: showOnly },
    description: 'Length of each interval',
  },
  {
    displayName: 'Output',
    name: 'output',
    type: 'options',
    options: toOptions(EMISSION_OUTPUTS),
    default: 'rows',
    displayOptions: { show: showOnly },
    description: 'One item per interval (for spreadsheets), or the API shape',
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
        displayName: 'Method',
        name: 'method',
        type: 'options',
        options: toOptions(EMISSION_METHOD_CHOICES),
        default: 'location-based',
        description: 'How scope 2 emissions are counted (GHG Protocol)',
      },
      {
        displayName: 'Time Zone',
        name: 'timeZone',
        type: 'options',
        options: [
          {
            name: "Workflow's Time Zone",
            value: 'workflow',
            description: "The time zone in the workflow's settings (or the instance's default)",
          },
          {
            name: "Site's Time Zone",
            value: SITE_TIME_ZONE,
            description: "The site's own, from its address; several sites in one item must share it",
          },
          { name: 'UTC', value: 'UTC', description: 'The API’s own days and months' },
        ],
        default: 'workflow',
        description:
          'Whose days and months the range means ("Yesterday" in Tokyo is Tokyo\'s yesterday), and how From and To without an offset are read',
      },
    ],
  },
];

export async function execute(this: IExecuteFunctions, client: EcoStruxureClient, itemIndex: number) {
  const range = this.getNodeParameter('range', itemIndex) as string;
  const { method, timeZone = 'workflow' } = this.getNodeParameter('options', itemIndex, {}) as {
    method?: string;
    timeZone?: string;
  };
  return await getEmissions(client, {
    siteId: this.getNodeParameter('site', itemIndex, '', { extractValue: true }) as string,
    range,
    ...(range === 'custom'
      ? {
          from: this.getNodeParameter('from', itemIndex) as string,
          to: this.getNodeParameter('to', itemIndex) as string,
        }
      : {}),
    granularity: this.getNodeParameter('granularity', itemIndex) as string,
    timeZone: timeZone === 'workflow' ? this.getTimezone() : timeZone,
    output: this.getNodeParameter('output', itemIndex) as EmissionOutput,
    ...(method ? { method } : {}),
    // Several sites (IDs separated by commas): with Continue On Fail, the sites that answered give their
    // rows and each failed site an error item, as the Node-RED node sends them in msg.failures.
    onSiteFailure: this.continueOnFail() ? 'continue' : 'fail',
  });
}
