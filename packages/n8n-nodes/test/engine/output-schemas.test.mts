/**
 * The output schemas n8n's editor shows before a node has run: it asks for
 * `/schemas/<node type>/<version>/<resource>/<operation>.json`, which n8n serves from the `__schema__`
 * folder beside the node's file. Each operation runs here in n8n's own engine against the simulator, in
 * each of its output shapes, and every real item must match the schema the built package ships: no field
 * the schema does not declare, no type it does not allow, and no declared field that no output has. So
 * the schemas and the outputs cannot drift apart.
 */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessWithDemoCredentials } from './harness/demo-credentials.mjs';
import type { EngineHarness } from './harness/engine.mjs';
import { singleNodeWorkflow, type CredentialType } from './harness/workflows.mjs';
import {
  checkAgainstSchema,
  OPERATIONS_WITHOUT_SCHEMA,
  operationsOf,
  readShippedSchema,
} from '../support/output-schemas.mjs';

let sim: SimulatorHandle;
let harness: EngineHarness;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 4 });
  harness = harnessWithDemoCredentials(sim.url);
});
afterAll(async () => {
  await sim?.close();
});

interface NodeUnderTest {
  type: 'ecoStruxureCarbon' | 'energyHub';
  credential: CredentialType;
  base: INodeParameters;
  /** resource/operation -> the parameters of each output shape it has */
  runs: (siteIds: string[]) => Record<string, INodeParameters[]>;
}

const CARBON: NodeUnderTest = {
  type: 'ecoStruxureCarbon',
  credential: 'ecoStruxurePersonalAccessTokenApi',
  base: { authentication: 'personalAccessToken' },
  runs: (siteIds) => {
    const site = { __rl: true, mode: 'id', value: siteIds.join(',') };
    const lastDay = { site, range: 'last24Hours', granularity: 'PT1H' };
    const quarter = { period: 'quarter', year: 2025, quarter: 1, siteIds: siteIds.join(',') };
    return {
      'site/get': [{ site: { __rl: true, mode: 'id', value: siteIds[0] } }],
      'site/getAll': [{ returnAll: true }],
      'emission/get': [
        { ...lastDay, output: 'rows' },
        { ...lastDay, output: 'rows', simplify: true },
        { ...lastDay, output: 'series' },
        { ...lastDay, output: 'raw' },
        // A custom range that ends inside an interval: that row is marked partial.
        {
          site,
          range: 'custom',
          from: '2026-11-01T00:00:00Z',
          to: '2026-11-01T02:30:00Z',
          granularity: 'PT1H',
          output: 'rows',
        },
      ],
      'emission/compareToGridRate': [{ siteIds: siteIds.join(','), thresholdPercent: 0 }],
      'emission/getReport': [
        { ...quarter, reportOutput: 'rows' },
        { ...quarter, reportOutput: 'file' },
      ],
      'globalRate/get': [{ filters: {} }],
    };
  },
};

const ENERGY_HUB: NodeUnderTest = {
  type: 'energyHub',
  credential: 'energyHubOAuth2Api',
  base: {},
  runs: () => ({
    'alarm/getAll': [{ returnAll: false, limit: 200 }],
    'organization/getTree': [{ depth: 3 }, { depth: 4 }],
    'thing/getAll': [{ returnAll: true }],
    'thing/get': [{ thingId: 'site-1' }],
  }),
};

async function outputsOf(
  node: NodeUnderTest,
  resource: string,
  operation: string,
  variants: INodeParameters[],
) {
  const items: IDataObject[] = [];
  for (const parameters of variants) {
    const workflow = singleNodeWorkflow(
      'Node',
      node.type,
      { ...node.base, resource, operation, ...parameters },
      node.credential,
    );
    const run = (await harness.run(workflow, 'Node')).output('Node');
    expect(run.error, `${resource}/${operation} ${JSON.stringify(parameters)}`).toBeUndefined();
    items.push(...run.items.map((item) => item.json));
  }
  return items;
}

describe.each([CARBON, ENERGY_HUB])('the output schemas of $type', (node) => {
  it('exist for every operation the node offers (a GraphQL query has no fixed shape)', () => {
    const runs = node.runs(['site-0001']);
    const withSchema = operationsOf(node.type).filter(
      (key) => !OPERATIONS_WITHOUT_SCHEMA.includes(`${node.type}:${key}`),
    );
    expect(Object.keys(runs).sort()).toEqual(withSchema.sort());
    for (const key of withSchema)
      expect(readShippedSchema(node.type, key), key).toMatchObject({ type: 'object' });
  });

  it('describe exactly what each operation outputs, in every output shape', async () => {
    sim.control.removeEmissionIntervals({
      siteId: 'site-0002',
      from: '2025-02-03T10:00:00Z',
      to: '2025-02-03T12:00:00Z',
    });
    for (const [key, variants] of Object.entries(node.runs(sim.control.siteIds()))) {
      const [resource = '', operation = ''] = key.split('/');
      const items = await outputsOf(node, resource, operation, variants);
      expect(items.length, key).toBeGreaterThan(0);
      expect(checkAgainstSchema(readShippedSchema(node.type, key), items), key).toEqual([]);
    }
    sim.control.clearEmissionEdits();
  });
});
