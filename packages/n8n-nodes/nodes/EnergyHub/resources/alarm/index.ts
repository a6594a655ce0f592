import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany';

export const alarmOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['alarm'] } },
  options: [
    {
      name: 'Get Many',
      value: 'getAll',
      action: 'Get many alarms',
      description: 'List alarms, newest first',
    },
  ],
  default: 'getAll',
};

export const alarmFields: INodeProperties[] = [...getMany.description];

export const alarmExecutors = { getAll: getMany.execute };
