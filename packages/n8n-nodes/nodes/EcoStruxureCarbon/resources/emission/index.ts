import type { INodeProperties } from 'n8n-workflow';

import * as compareToGridRate from './compareToGridRate';
import * as get from './get';

export const emissionOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['emission'] } },
  options: [
    {
      name: 'Compare to Grid Rate',
      value: 'compareToGridRate',
      action: 'Compare emissions to the grid rate',
      description: "Find sites whose carbon intensity runs above their country's grid rate",
    },
    {
      name: 'Get',
      value: 'get',
      action: 'Get emissions',
      description: "Get a site's carbon emissions over a period",
    },
  ],
  default: 'get',
};

export const emissionFields: INodeProperties[] = [...get.description, ...compareToGridRate.description];

export const emissionExecutors = { compareToGridRate: compareToGridRate.execute, get: get.execute };
