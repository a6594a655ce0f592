/**
 * Energy Hub in n8n's own engine against the simulator: every operation with an access client whose token
 * n8n fetches itself (client credentials), paging to the end, GraphQL with variables, and a clear error for
 * a client without read rights.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { readFileSync } from 'node:fs';
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from './harness/engine.mjs';
import { CREDENTIAL_IDS, singleNodeWorkflow } from './harness/workflows.mjs';

let sim: SimulatorHandle;
let harness: EngineHarness;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  harness = new EngineHarness();
  useAccessClient(DEMO_CREDENTIALS.accessClient);
});

afterAll(async () => {
  await sim?.close();
});

function useAccessClient(client: { clientId: string; clientSecret: string }) {
  harness.credentials.add(CREDENTIAL_IDS.energyHubOAuth2Api, 'energyHubOAuth2Api', {
    baseUrl: sim.url,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
  });
}

function energyHub(parameters: INodeParameters) {
  return singleNodeWorkflow('Energy Hub', 'energyHub', parameters, 'energyHubOAuth2Api');
}

async function run(parameters: INodeParameters) {
  const { output } = await harness.run(energyHub(parameters), 'Energy Hub');
  return output('Energy Hub');
}

describe('Energy Hub', () => {
  it('gets many alarms: high priority only, every page, with the token n8n fetched from the Energy Hub token URL', async () => {
    sim.control.clearRequests();
    const { items, error } = await run({
      resource: 'alarm',
      operation: 'getAll',
      returnAll: true,
      filters: { priority: 'high' },
    });
    expect(error).toBeUndefined();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.json.priority === 'high')).toBe(true);
    const paths = sim.control.requests({ pathPrefix: '/energy-hub' }).map((entry) => entry.url);
    expect(paths).toContain('/energy-hub/v1/oauth/token');
  });

  it('gets many alarms up to a limit, the newest first unless Oldest First is picked', async () => {
    const { items } = await run({ resource: 'alarm', operation: 'getAll', returnAll: false, limit: 7 });
    expect(items).toHaveLength(7);
    const all = (await run({ resource: 'alarm', operation: 'getAll', returnAll: true })).items;
    const start = (item: { json: Record<string, unknown> }) => Date.parse(String(item.json.startTime));
    const newest = all.map(start).sort((a, b) => b - a);
    expect(items.map(start)).toEqual(newest.slice(0, 7));
    const oldest = await run({
      resource: 'alarm',
      operation: 'getAll',
      returnAll: false,
      limit: 7,
      options: { sort: 'oldestFirst' },
    });
    expect(oldest.items.map(start)).toEqual([...newest].reverse().slice(0, 7));
  });

  it('gets the organization tree', async () => {
    const { items, error } = await run({ resource: 'organization', operation: 'getTree', depth: 2 });
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
    expect(JSON.stringify(items[0]?.json)).toContain('region-1');
  });

  it('gets many things, then one of them by ID', async () => {
    const many = await run({ resource: 'thing', operation: 'getAll', returnAll: false, limit: 5 });
    expect(many.items).toHaveLength(5);
    const thingId = String(many.items[2]?.json.id);
    const one = await run({ resource: 'thing', operation: 'get', thingId });
    expect(one.items.map((item) => item.json.id)).toEqual([thingId]);
  });

  it("runs the README's query examples as they are written", async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Energy Hub query examples'));
    const examples = [...section.slice(0, section.indexOf('\n## ')).matchAll(/`((?:query|\{)[^`]+)`/g)].map(
      (match) => match[1] ?? '',
    );
    expect(examples).toHaveLength(3);
    for (const query of examples) {
      const followConnection = query.includes('alarms(') ? 'alarms' : '';
      const { items, error } = await run({
        resource: 'query',
        operation: 'execute',
        query,
        variables: '{}',
        options: followConnection ? { followConnection } : {},
      });
      expect(error, query).toBeUndefined();
      expect(items.length, query).toBeGreaterThan(0);
    }
  });

  it('executes a GraphQL query with variables and follows its connection to the end', async () => {
    const { items, error } = await run({
      resource: 'query',
      operation: 'execute',
      query:
        'query Alarms($first: Int, $after: String) { alarms(first: $first, after: $after) { edges { cursor node { id priority } } pageInfo { hasNextPage endCursor } } }',
      variables: '{"first": 20}',
      options: { followConnection: 'alarms', limit: 45 },
    });
    expect(error).toBeUndefined();
    expect(items).toHaveLength(45);
    expect(new Set(items.map((item) => item.json.id)).size).toBe(45);
  });

  it('says what is wrong with variables that are not JSON, before any request', async () => {
    sim.control.clearRequests();
    const { error } = await run({
      resource: 'query',
      operation: 'execute',
      query: '{ organization { name } }',
      variables: '{first: 1',
    });
    expect(error?.message).toMatch(/variables/i);
    expect(sim.control.requests({ pathPrefix: '/energy-hub/v1/graphql' })).toHaveLength(0);
  });

  it('reports an access client without read rights as a permission problem', async () => {
    useAccessClient(DEMO_CREDENTIALS.noAccessClient);
    try {
      const { error } = await run({ resource: 'organization', operation: 'getTree', depth: 1 });
      expect(error?.message).toBeDefined();
      expect(error?.httpCode).toBe('403');
      expect(JSON.stringify(error)).not.toContain(DEMO_CREDENTIALS.noAccessClient.clientSecret);
    } finally {
      useAccessClient(DEMO_CREDENTIALS.accessClient);
    }
  });
});
