import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';
import * as getMany from './getMany';

export const siteOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['site'] } },
  options: [
    { name: 'Get', value: 'get', action: 'Get a site', description: 'Get one site by ID' },
    {
      name: 'Get Many',
      value: 'getAll',
      action: 'Get many sites',
      description: 'List the sites the credential may see',
    },
  ],
  default: 'getAll',
};

export const siteFields: INodeProperties[] = [...getMany.description, ...get.description];

export const siteExecutors = { get: get.execute, getAll: getMany.execute };
