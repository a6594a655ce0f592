import type { INodeProperties } from 'n8n-workflow';

import * as execute from './execute';

export const queryOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['query'] } },
  options: [
    {
      name: 'Execute',
      value: 'execute',
      action: 'Execute a query',
      description: 'Run your own GraphQL query against the Energy Hub API',
    },
  ],
  default: 'execute',
};

export const queryFields: INodeProperties[] = [...execute.description];

export const queryExecutors = { execute: execute.execute };
