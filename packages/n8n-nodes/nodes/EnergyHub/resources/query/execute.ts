import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { runQuery } from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../../../shared/ecostruxure-core';

const showOnly = { resource: ['query'], operation: ['execute'] };

export const description: INodeProperties[] = [
  {
    displayName: 'Query',
    name: 'query',
    type: 'string',
    typeOptions: { rows: 8 },
    default: '',
    required: true,
    placeholder:
      'query ActiveAlarms($first: Int) {\n  alarms(filter: { active: true }, first: $first) {\n    edges { cursor node { priority type startTime thing { name } } }\n    pageInfo { hasNextPage endCursor }\n  }\n}',
    displayOptions: { show: showOnly },
    description:
      'The GraphQL document to run (queries only). Top-level fields: organization, things, thing, alarms, timeseries. More examples: the package README, Energy Hub query examples.',
    hint: 'Examples: <code>{ organization { name children { id name } } }</code>, <code>{ thing(id: "site-1") { name properties { name value unit } } }</code>',
  },
  {
    displayName: 'Variables',
    name: 'variables',
    type: 'json',
    default: '{}',
    displayOptions: { show: showOnly },
    description: 'Variables of the query, as a JSON object',
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    displayOptions: { show: showOnly },
    options: [
      {
        displayName: 'Follow Connection',
        name: 'followConnection',
        type: 'string',
        default: '',
        placeholder: 'alarms',
        description:
          'Path of one connection in the result (e.g. alarms or organization.things) to follow page by page to the end; each node becomes an item',
      },
      {
        displayName: 'Limit',
        name: 'limit',
        type: 'number',
        typeOptions: { minValue: 1 },
        default: 50,
        description: 'Max number of results to return',
      },
      {
        displayName: 'Operation Name',
        name: 'operationName',
        type: 'string',
        default: '',
        description: 'Which operation of the document to run, when it holds several',
      },
    ],
  },
];

export async function execute(this: IExecuteFunctions, client: EcoStruxureClient, itemIndex: number) {
  const options = this.getNodeParameter('options', itemIndex, {}) as {
    followConnection?: string;
    limit?: number;
    operationName?: string;
  };
  return await runQuery(client, {
    query: this.getNodeParameter('query', itemIndex) as string,
    variables: this.getNodeParameter('variables', itemIndex, '{}') as string | Record<string, unknown>,
    ...(options.operationName ? { operationName: options.operationName } : {}),
    ...(options.followConnection ? { followConnection: options.followConnection, limit: options.limit } : {}),
  });
}
