import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { carbonClient } from '../../shared/client';
import type { EcoStruxureClient } from '../../shared/ecostruxure-core';
import { runPerItem } from '../../shared/run-per-item';
import type { OperationResult } from '../../shared/run-per-item';
import { searchSites } from './listSearch/searchSites';
import { emissionExecutors, emissionFields, emissionOperations } from './resources/emission';
import { globalRateExecutors, globalRateFields, globalRateOperations } from './resources/globalRate';
import { siteExecutors, siteFields, siteOperations } from './resources/site';

type Executor = (
  this: IExecuteFunctions,
  client: EcoStruxureClient,
  itemIndex: number,
) => Promise<OperationResult>;

const EXECUTORS: Record<string, Record<string, Executor>> = {
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
    credentials: [
      {
        name: 'ecoStruxureOAuth2Api',
        required: true,
        displayOptions: { show: { authentication: ['oAuth2'] } },
      },
      {
        name: 'ecoStruxureClientCredentialsOAuth2Api',
        required: true,
        displayOptions: { show: { authentication: ['clientCredentials'] } },
      },
      {
        name: 'ecoStruxurePersonalAccessTokenApi',
        required: true,
        displayOptions: { show: { authentication: ['personalAccessToken'] } },
      },
      {
        name: 'ecoStruxureApiKeyApi',
        required: true,
        displayOptions: { show: { authentication: ['apiKey'] } },
      },
    ],
    properties: [
      {
        displayName: 'Authentication',
        name: 'authentication',
        type: 'options',
        options: [
          { name: 'API Key', value: 'apiKey' },
          { name: 'Client Credentials', value: 'clientCredentials' },
          { name: 'OAuth2 (Customer Consent)', value: 'oAuth2' },
          { name: 'Personal Access Token', value: 'personalAccessToken' },
        ],
        default: 'oAuth2',
      },
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
    const resource = this.getNodeParameter('resource', 0) as string;
    const operation = this.getNodeParameter('operation', 0) as string;
    const executor = EXECUTORS[resource]?.[operation];
    if (!executor) {
      throw new NodeOperationError(
        this.getNode(),
        `The operation "${operation}" of "${resource}" is not supported`,
        { description: 'Pick a resource and an operation from the lists in the node.' },
      );
    }
    const client = await carbonClient(this, this.getNodeParameter('authentication', 0) as string);
    return [await runPerItem(this, async (itemIndex) => await executor.call(this, client, itemIndex))];
  }
}
