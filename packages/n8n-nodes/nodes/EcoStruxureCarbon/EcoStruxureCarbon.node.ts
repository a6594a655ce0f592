import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { carbonAuthentication, carbonCredentials } from '../../shared/carbon-authentication';
import { carbonClient } from '../../shared/client';
import { routeOperation } from '../../shared/router';
import type { Executors } from '../../shared/router';
import { searchSites } from './listSearch/searchSites';
import { emissionExecutors, emissionFields, emissionOperations } from './resources/emission';
import { globalRateExecutors, globalRateFields, globalRateOperations } from './resources/globalRate';
import { siteExecutors, siteFields, siteOperations } from './resources/site';

const EXECUTORS: Executors = {
  emission: emissionExecutors,
  globalRate: globalRateExecutors,
  site: siteExecutors,
};

export class EcoStruxureCarbon implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'EcoStruxure Carbon',
    name: 'ecoStruxureCarbon',
    icon: { light: 'file:../../icons/ecostruxure.svg', dark: 'file:../../icons/ecostruxure.dark.svg' },
    group: ['input'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Read carbon emissions, sites and grid rates from Schneider Electric EcoStruxure',
    defaults: { name: 'EcoStruxure Carbon' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: carbonCredentials,
    properties: [
      carbonAuthentication,
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: [
          { name: 'Emission', value: 'emission' },
          { name: 'Global Rate', value: 'globalRate' },
          { name: 'Site', value: 'site' },
        ],
        default: 'emission',
      },
      siteOperations,
      emissionOperations,
      globalRateOperations,
      ...siteFields,
      ...emissionFields,
      ...globalRateFields,
    ],
  };

  methods = { listSearch: { searchSites } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await routeOperation(
      this,
      EXECUTORS,
      async () => await carbonClient(this, this.getNodeParameter('authentication', 0) as string),
    );
  }
}
