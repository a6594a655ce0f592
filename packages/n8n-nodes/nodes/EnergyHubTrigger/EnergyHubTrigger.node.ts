import { NodeConnectionTypes } from 'n8n-workflow';
import type {
  IDataObject,
  INodeExecutionData,
  INodeType,
  INodeTypeDescription,
  IPollFunctions,
} from 'n8n-workflow';

import { energyHubClient } from '../../shared/client';
import {
  ALARM_PRIORITY_CHOICES,
  distinctWarnings,
  listAlarms,
  pollAlarms,
} from '../../shared/ecostruxure-core';
import type { AlarmPollState, EcoStruxureClient } from '../../shared/ecostruxure-core';
import { pollTrigger } from '../../shared/poll';
import { toOptions } from '../../shared/vocabulary';
import { warningItems } from '../../shared/warnings';

/** Which of core's alarm events each choice of the trigger asks for. */
const EVENTS: Record<string, Array<'new' | 'acknowledged' | 'cleared'>> = {
  newAlarm: ['new'],
  alarmStateChanged: ['acknowledged', 'cleared'],
};

export class EnergyHubTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Energy Hub Trigger',
    name: 'energyHubTrigger',
    icon: { light: 'file:../../icons/energy-hub.svg', dark: 'file:../../icons/energy-hub.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["event"]}}',
    // n8n's nodes panel merges this trigger with the Energy Hub node into one entry that shows this
    // description: it names what both do.
    description:
      'Read alarms, the organization and things from Schneider Electric EcoStruxure Energy Hub, and start workflows when an alarm is raised, acknowledged or cleared',
    // Used as is: n8n appends its tracking parameters to the codex link, after this anchor.
    documentationUrl:
      'https://github.com/ecostruxure-connector/ecostruxure-connector/tree/main/packages/n8n-nodes#energy-hub-trigger',
    defaults: { name: 'Energy Hub Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'energyHubOAuth2Api', required: true }],
    properties: [
      {
        displayName: 'Trigger On',
        name: 'event',
        type: 'options',
        noDataExpression: true,
        options: [
          {
            name: 'Alarm State Changed',
            value: 'alarmStateChanged',
            description: 'An alarm was acknowledged or cleared',
          },
          { name: 'New Alarm', value: 'newAlarm', description: 'An alarm started' },
        ],
        default: 'newAlarm',
      },
      {
        displayName: 'Filters',
        name: 'filters',
        type: 'collection',
        placeholder: 'Add Filter',
        default: {},
        options: [
          {
            displayName: 'Priority',
            name: 'priority',
            type: 'options',
            options: toOptions(ALARM_PRIORITY_CHOICES),
            default: '',
            description: 'Only alarms of this priority',
          },
          {
            displayName: 'Thing ID',
            name: 'thingId',
            type: 'string',
            default: '',
            description: 'Only alarms of this thing and the things below it',
          },
        ],
      },
    ],
  };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    const events = EVENTS[this.getNodeParameter('event') as string] ?? [];
    const filters = this.getNodeParameter('filters', {}) as IDataObject;
    return pollTrigger<EcoStruxureClient, AlarmPollState>(this, {
      connect: () => energyHubClient(this),
      // "Fetch test event": the newest matching alarm, shaped as the trigger emits it.
      sample: async (client) => {
        const { items, warnings } = await listAlarms(client, { ...filters, returnAll: false, limit: 1 });
        const sample = items.map((alarm) => ({ event: events[0], sample: true, alarm }));
        return [...sample, ...warningItems(distinctWarnings(warnings))];
      },
      poll: (client, state) => pollAlarms(client, { ...filters, events, state }),
    });
  }
}
