import type { INodeProperties } from 'n8n-workflow';

import * as compareToGridRate from './compareToGridRate';
import * as get from './get';
import * as getReport from './getReport';

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
    {
      name: 'Get Report',
      value: 'getReport',
      action: 'Get an emissions report',
      description:
        'Scope 2 report per site and month: both methods, grid rate, completeness, year over year, as rows or a CSV file',
    },
  ],
  default: 'get',
};

export const emissionFields: INodeProperties[] = [
  ...get.description,
  ...compareToGridRate.description,
  ...getReport.description,
];

export const emissionExecutors = {
  compareToGridRate: compareToGridRate.execute,
  get: get.execute,
  getReport: getReport.execute,
};
