import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { carbonAuthentication, carbonCredentials } from '../../shared/carbon-authentication';
import { carbonClient } from '../../shared/client';
import {
  GRANULARITY_CHOICES,
  THRESHOLD_METRIC_CHOICES,
  pollEmissionThreshold,
  pollNewEmissions,
} from '../../shared/ecostruxure-core';
import type { EcoStruxureClient, NewEmissionsState, ThresholdState } from '../../shared/ecostruxure-core';
import { pollTrigger } from '../../shared/poll';
import { toOptions } from '../../shared/vocabulary';
import { sampleItems, skippedItems } from './sample';
import type { TriggerSettings } from './sample';

const onThreshold = { event: ['thresholdCrossed'] };

export class EcoStruxureCarbonTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'EcoStruxure Carbon Trigger',
    name: 'ecoStruxureCarbonTrigger',
    icon: { light: 'file:../../icons/ecostruxure.svg', dark: 'file:../../icons/ecostruxure.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["event"]}}',
    // n8n's nodes panel merges this trigger with the EcoStruxure Carbon node into one entry that shows this
    // description: it names what both do.
    description:
      "Read carbon emissions, sites and grid rates from Schneider Electric EcoStruxure, and start workflows when a site's emissions cross a threshold or new emission data arrives",
    // Used as is: n8n appends its tracking parameters to the codex link, after this anchor.
    documentationUrl:
      'https://github.com/ecostruxure-connector/ecostruxure-connector/tree/main/packages/n8n-nodes#ecostruxure-carbon-trigger',
    defaults: { name: 'EcoStruxure Carbon Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: carbonCredentials,
    properties: [
      carbonAuthentication,
      {
        displayName: 'Trigger On',
        name: 'event',
        type: 'options',
        noDataExpression: true,
        options: [
          {
            name: 'Emissions Cross a Threshold',
            value: 'thresholdCrossed',
            description: 'Once when a site goes above the threshold, and once when it is back below',
          },
          {
            name: 'New Emission Data',
            value: 'newEmissionData',
            description: 'Each new interval of emission data of the chosen sites',
          },
        ],
        default: 'thresholdCrossed',
      },
      {
        displayName: 'Site IDs',
        name: 'siteIds',
        type: 'string',
        default: '',
        placeholder: 'site-0001, site-0002',
        description: 'Comma-separated site IDs; leave empty to watch every site (threshold only)',
      },
      {
        displayName: 'Metric',
        name: 'metric',
        type: 'options',
        displayOptions: { show: onThreshold },
        options: toOptions(THRESHOLD_METRIC_CHOICES),
        default: 'percentAboveGlobalRate',
      },
      {
        displayName: 'Above',
        name: 'above',
        type: 'number',
        default: 0,
        displayOptions: { show: onThreshold },
        description: 'The threshold: the trigger fires when the metric goes above this value',
      },
      {
        displayName: 'Hysteresis',
        name: 'hysteresis',
        type: 'number',
        default: 0,
        typeOptions: { minValue: 0 },
        displayOptions: { show: onThreshold },
        description:
          'How far below the threshold the metric must drop before the site counts as back below, so a value hovering at the threshold fires once',
      },
      {
        displayName: 'Granularity',
        name: 'granularity',
        type: 'options',
        options: toOptions(GRANULARITY_CHOICES),
        default: 'PT1H',
        description: 'Length of the intervals watched',
      },
    ],
  };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    const settings: TriggerSettings = {
      event: this.getNodeParameter('event') as string,
      siteIds: this.getNodeParameter('siteIds') as string,
      metric: this.getNodeParameter('metric', 'percentAboveGlobalRate') as string,
      above: this.getNodeParameter('above', 0) as number,
      granularity: this.getNodeParameter('granularity') as string,
    };
    return pollTrigger<EcoStruxureClient, NewEmissionsState | ThresholdState>(this, {
      connect: () => carbonClient(this, this.getNodeParameter('authentication') as string),
      sample: (client) => sampleItems(client, settings),
      poll: async (client, state) => {
        if (settings.event === 'newEmissionData') {
          const result = await pollNewEmissions(client, {
            siteIds: settings.siteIds,
            granularity: settings.granularity,
            state: state as NewEmissionsState | undefined,
          });
          const items = [...result.items, ...skippedItems(result.newlySkipped)];
          return { state: result.state, items, warnings: result.warnings };
        }
        const result = await pollEmissionThreshold(client, {
          ...(settings.siteIds.trim() === '' ? {} : { siteIds: settings.siteIds }),
          metric: settings.metric,
          above: settings.above,
          hysteresis: this.getNodeParameter('hysteresis', 0) as number,
          granularity: settings.granularity,
          state: state as ThresholdState | undefined,
        });
        const items = [...result.items, ...skippedItems(result.newlySkipped)];
        return { state: result.state, items, warnings: result.warnings };
      },
    });
  }
}
