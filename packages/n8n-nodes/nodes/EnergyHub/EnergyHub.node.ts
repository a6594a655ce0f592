import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { energyHubClient } from '../../shared/client';
import { routeOperation } from '../../shared/router';
import type { Executors } from '../../shared/router';
import { alarmExecutors, alarmFields, alarmOperations } from './resources/alarm';
import { organizationExecutors, organizationFields, organizationOperations } from './resources/organization';
import { queryExecutors, queryFields, queryOperations } from './resources/query';
import { thingExecutors, thingFields, thingOperations } from './resources/thing';

const EXECUTORS: Executors = {
  alarm: alarmExecutors,
  organization: organizationExecutors,
  query: queryExecutors,
  thing: thingExecutors,
};

export class EnergyHub implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Energy Hub',
    name: 'energyHub',
    icon: { light: 'file:../../icons/energy-hub.svg', dark: 'file:../../icons/energy-hub.dark.svg' },
    group: ['input'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Read alarms, the organization and things from Schneider Electric EcoStruxure Energy Hub',
    defaults: { name: 'Energy Hub' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'energyHubOAuth2Api', required: true }],
    properties: [
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: [
          { name: 'Alarm', value: 'alarm' },
          { name: 'Organization', value: 'organization' },
          { name: 'Query', value: 'query' },
          { name: 'Thing', value: 'thing' },
        ],
        default: 'alarm',
      },
      alarmOperations,
      organizationOperations,
      queryOperations,
      thingOperations,
      ...alarmFields,
      ...organizationFields,
      ...queryFields,
      ...thingFields,
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await routeOperation(this, EXECUTORS, async () => await energyHubClient(this));
  }
}
