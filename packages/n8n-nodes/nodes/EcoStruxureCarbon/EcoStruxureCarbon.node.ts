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

const OPERATION_FIELDS = [siteOperations, emissionOperations, globalRateOperations];

export class EcoStruxureCarbon implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'EcoStruxure Carbon',
    name: 'ecoStruxureCarbon',
    icon: { light: 'file:../../icons/ecostruxure.svg', dark: 'file:../../icons/ecostruxure.dark.svg' },
    group: ['input'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Read carbon emissions, sites and grid rates from Schneider Electric EcoStruxure',
    // Used as is: n8n appends its tracking parameters to the codex link, after this anchor.
    documentationUrl:
      'https://github.com/ecostruxure-connector/ecostruxure-connector/tree/main/packages/n8n-nodes#ecostruxure-carbon',
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
      ...OPERATION_FIELDS,
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
      OPERATION_FIELDS,
      async () => await carbonClient(this, this.getNodeParameter('authentication', 0) as string),
    );
  }
}
