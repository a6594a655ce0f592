import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';
import * as getMany from './getMany';

export const thingOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['thing'] } },
  options: [
    { name: 'Get', value: 'get', action: 'Get a thing', description: 'Get one thing by ID' },
    {
      name: 'Get Many',
      value: 'getAll',
      action: 'Get many things',
      description: 'List sites, buildings, devices and other things',
    },
  ],
  default: 'getAll',
};

export const thingFields: INodeProperties[] = [...getMany.description, ...get.description];

export const thingExecutors = { get: get.execute, getAll: getMany.execute };
