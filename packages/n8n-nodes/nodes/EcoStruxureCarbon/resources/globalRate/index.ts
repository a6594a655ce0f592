import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';

export const globalRateOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['globalRate'] } },
  options: [
    {
      name: 'Get',
      value: 'get',
      action: 'Get grid rates',
      description: 'Get the grid emission factors (gCO2e/kWh) of countries',
    },
  ],
  default: 'get',
};

export const globalRateFields: INodeProperties[] = [...get.description];

export const globalRateExecutors = { get: get.execute };
