import type { INodeProperties } from 'n8n-workflow';

import * as getTree from './getTree';

export const organizationOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['organization'] } },
  options: [
    {
      name: 'Get Tree',
      value: 'getTree',
      action: 'Get the organization tree',
      description: 'Get the organization with its regions, sites, buildings and devices',
    },
  ],
  default: 'getTree',
};

export const organizationFields: INodeProperties[] = [...getTree.description];

export const organizationExecutors = { getTree: getTree.execute };
