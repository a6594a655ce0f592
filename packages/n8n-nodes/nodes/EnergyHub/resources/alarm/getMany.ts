import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
  ALARM_CATEGORY_CHOICES,
  ALARM_PRIORITY_CHOICES,
  listAlarms,
} from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../../../shared/ecostruxure-core';
import { readReturnAll, returnAllFields } from '../../../../shared/return-all-fields';
import { toOptions } from '../../../../shared/vocabulary';

const showOnly = { resource: ['alarm'], operation: ['getAll'] };

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
        displayName: 'Acknowledged',
        name: 'acknowledged',
        type: 'boolean',
        default: false,
        description: 'Whether to return only acknowledged alarms (on) or only unacknowledged ones (off)',
      },
      {
        displayName: 'Active',
        name: 'active',
        type: 'boolean',
        default: true,
        description: 'Whether to return only active alarms (on) or only cleared ones (off)',
      },
      {
        displayName: 'Category',
        name: 'category',
        type: 'options',
        options: toOptions(ALARM_CATEGORY_CHOICES),
        default: '',
        description: 'Only alarms of this category',
      },
      {
        displayName: 'Priority',
        name: 'priority',
        type: 'options',
        options: toOptions(ALARM_PRIORITY_CHOICES),
        default: '',
        description: 'Only alarms of this priority',
      },
      {
        displayName: 'Started After',
        name: 'startedAfter',
        type: 'dateTime',
        default: '',
        description:
          "Only alarms that started after this time; without an offset, it is read in the workflow's time zone",
      },
      {
        displayName: 'Thing ID',
        name: 'thingId',
        type: 'string',
        default: '',
        description: 'Only alarms of this thing (site, building, device…) and the things below it',
      },
    ],
  },
];

export async function execute(this: IExecuteFunctions, client: EcoStruxureClient, itemIndex: number) {
  const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
  // n8n's date picker stores a date-time without a zone: the person meant the workflow's.
  return await listAlarms(client, {
    ...filters,
    timeZone: this.getTimezone(),
    ...readReturnAll(this, itemIndex),
  });
}
