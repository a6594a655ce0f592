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

const OPERATION_FIELDS = [alarmOperations, organizationOperations, queryOperations, thingOperations];

export class EnergyHub implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Energy Hub',
    name: 'energyHub',
    icon: { light: 'file:../../icons/energy-hub.svg', dark: 'file:../../icons/energy-hub.dark.svg' },
    group: ['input'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Read alarms, the organization and things from Schneider Electric EcoStruxure Energy Hub',
    // Used as is: n8n appends its tracking parameters to the codex link, after this anchor.
    documentationUrl:
      'https://github.com/ecostruxure-connector/ecostruxure-connector/tree/main/packages/n8n-nodes#energy-hub',
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
      ...OPERATION_FIELDS,
      ...alarmFields,
      ...organizationFields,
      ...queryFields,
      ...thingFields,
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await routeOperation(this, EXECUTORS, OPERATION_FIELDS, async () => await energyHubClient(this));
  }
}
