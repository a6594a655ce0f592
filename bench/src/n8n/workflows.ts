/**
 * The workflows the n8n benchmarks run: each starts at a manual trigger named "Start", and a Code node
 * turns the site IDs into one item per site. Then either our Carbon node, or what users build today: the
 * HTTP Request node with a Bearer header and its own pagination, and a Code node turning pages into rows.
 */
import type { WorkflowJson, WorkflowNode } from '@ecostruxure-connector/n8n-host';
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';
import { PAT_CREDENTIAL_TYPE } from './host.js';

/** The node whose output items are the rows, in every workflow below. */
export const ROWS_NODE = 'Rows';

function start(siteIds: readonly string[]): WorkflowNode[] {
  return [
    {
      name: 'Start',
      type: 'n8n-nodes-base.manualTrigger',
      typeVersion: 1,
      position: [0, 0],
      parameters: {},
    },
    {
      name: 'Sites',
      type: 'n8n-nodes-base.code',
      typeVersion: 2,
      position: [220, 0],
      parameters: { jsCode: `return ${JSON.stringify(siteIds)}.map((id) => ({ json: { id } }));` },
    },
  ];
}

function chain(names: string[]): WorkflowJson['connections'] {
  const connections: WorkflowJson['connections'] = {};
  names.slice(0, -1).forEach((name, index) => {
    connections[name] = { main: [[{ node: names[index + 1] as string, type: 'main', index: 0 }]] };
  });
  return connections;
}

/** Our Carbon node, Get Emissions of `$json.id`, as rows. */
export function ourWorkflow(options: {
  name: string;
  siteIds: readonly string[];
  credential: { id: string; name: string };
  range: { range: 'latest' } | { range: 'custom'; from: string; to: string };
  /** Default rows. */
  output?: 'rows' | 'series';
}): WorkflowJson {
  return {
    name: options.name,
    nodes: [
      ...start(options.siteIds),
      {
        name: ROWS_NODE,
        type: 'CUSTOM.ecoStruxureCarbon',
        typeVersion: 1,
        position: [440, 0],
        parameters: {
          authentication: 'personalAccessToken',
          resource: 'emission',
          operation: 'get',
          site: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
          ...options.range,
          granularity: 'PT15M',
          output: options.output ?? 'rows',
        },
        credentials: { [PAT_CREDENTIAL_TYPE]: options.credential },
      },
    ],
    connections: chain(['Start', 'Sites', ROWS_NODE]),
    settings: { executionOrder: 'v1' },
  } as WorkflowJson;
}

/** Pages to rows, the fields our rows carry except the site's name and country (no site lookup here). */
const PAGES_TO_ROWS = `
const rows = [];
for (const item of $input.all()) {
  const body = item.json;
  const byKey = {};
  for (const series of body.timeseries) byKey[series.key] = series.values;
  const co2 = byKey.co2Emission || [];
  co2.forEach((point, index) => rows.push({ json: {
    siteId: body.siteId,
    timestamp: point.date,
    granularity: body.granularity,
    kgCO2e: point.value,
    kWh: byKey.activeEnergy ? byKey.activeEnergy[index].value : null,
    gCO2ePerKWh: byKey.emissionFactor ? byKey.emissionFactor[index].value : null,
    estimated: point.isEstimated,
    method: body.method,
  } }));
}
return rows;
`;

/** What users build today: HTTP Request with its own pagination (page until the last), then a Code node. */
export function handBuiltWorkflow(options: {
  name: string;
  siteIds: readonly string[];
  carbonApi: string;
  from: string;
  to: string;
}): WorkflowJson {
  return {
    name: options.name,
    nodes: [
      ...start(options.siteIds),
      {
        name: 'Carbon API',
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        position: [440, 0],
        parameters: {
          url: `=${options.carbonApi}/sites/{{ encodeURIComponent($json.id) }}/carbon-emissions`,
          sendQuery: true,
          queryParameters: {
            parameters: [
              { name: 'from', value: options.from },
              { name: 'to', value: options.to },
              { name: 'granularity', value: 'PT15M' },
              { name: 'pageSize', value: '1000' },
            ],
          },
          sendHeaders: true,
          headerParameters: {
            parameters: [
              { name: 'Authorization', value: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` },
            ],
          },
          options: {
            pagination: {
              pagination: {
                paginationMode: 'updateAParameterInEachRequest',
                parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
                paginationCompleteWhen: 'other',
                completeExpression: '={{ $response.body.paging.page >= $response.body.paging.totalPages }}',
              },
            },
          },
        },
      },
      {
        name: ROWS_NODE,
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        position: [660, 0],
        parameters: { jsCode: PAGES_TO_ROWS },
      },
    ],
    connections: chain(['Start', 'Sites', 'Carbon API', ROWS_NODE]),
    settings: { executionOrder: 'v1' },
  } as WorkflowJson;
}

/**
 * The same calls as our node's Get Emissions of the latest interval, built from n8n's HTTP Request node:
 * one GET per site, signed with a Bearer header typed into the node, or (given `credential`) with the
 * personal access token credential as a predefined credential type, which n8n reads and applies on every
 * request as it does for our node. HTTP Request has no answer to 429 of its own (Retry On Fail runs the
 * whole node again), so a user spaces the requests with its Batching option at the allowed rate:
 * `perSecond / 10` items every 100 ms. A request answered otherwise than 200 becomes an error item.
 */
export function httpRequestLatestWorkflow(options: {
  name: string;
  siteIds: readonly string[];
  carbonApi: string;
  perSecond: number;
  credential?: { id: string; name: string } | undefined;
}): WorkflowJson {
  const signing = options.credential
    ? { authentication: 'predefinedCredentialType', nodeCredentialType: PAT_CREDENTIAL_TYPE }
    : {
        sendHeaders: true,
        headerParameters: {
          parameters: [
            { name: 'Authorization', value: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` },
          ],
        },
      };
  return {
    name: options.name,
    nodes: [
      ...start(options.siteIds),
      {
        name: ROWS_NODE,
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        position: [440, 0],
        onError: 'continueRegularOutput',
        parameters: {
          url: `=${options.carbonApi}/sites/{{ encodeURIComponent($json.id) }}/carbon-emissions`,
          ...signing,
          sendQuery: true,
          queryParameters: { parameters: [{ name: 'granularity', value: 'PT15M' }] },
          options: {
            batching: {
              batch: { batchSize: Math.max(1, Math.floor(options.perSecond / 10)), batchInterval: 100 },
            },
          },
        },
        ...(options.credential ? { credentials: { [PAT_CREDENTIAL_TYPE]: options.credential } } : {}),
      },
    ],
    connections: chain(['Start', 'Sites', ROWS_NODE]),
    settings: { executionOrder: 'v1' },
  } as WorkflowJson;
}
