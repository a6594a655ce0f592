import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  getOrganization,
  getThing,
  listAlarms,
  listThings,
  pollAlarms,
  runQuery,
  type AlarmPollState,
} from '../../src/index.js';
import { energyHubClientOn, type TestClient } from './support.js';

let sim: SimulatorHandle;
let hub: TestClient;

beforeAll(async () => {
  // Hourly alarms: a history to page through and, short of an hour boundary, none starting mid-test.
  sim = await startSimulator({ port: 0, alarmIntervalMs: 60 * 60 * 1000 });
  hub = energyHubClientOn(sim);
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.control.clearRequests();
});

const graphqlRequests = () => sim.control.requests({ pathPrefix: '/energy-hub/v1/graphql' });

describe('alarms', () => {
  it('sends a priority or category it does not know as typed, with a warning, rather than refusing it', async () => {
    const result = await listAlarms(hub.client, { priority: 'urgent', category: 'Power quality' });
    expect(result.items).toEqual([]);
    expect(result.warnings).toEqual([
      {
        path: 'priority',
        message:
          '"priority" "urgent" is not one of the values Energy Hub\'s help pages list (high, medium, low); sent as typed.',
      },
    ]);
  });

  it('keeps an alarm whose priority or category it does not know, naming the value in a warning', async () => {
    const id = sim.control.injectAlarm({
      priority: 'critical',
      category: 'Cybersecurity',
      type: 'Intrusion',
    });
    const result = await listAlarms(hub.client, { category: 'Cybersecurity' });
    expect(result.items).toEqual([
      expect.objectContaining({ id, priority: 'critical', category: 'Cybersecurity' }),
    ]);
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      '"category" "Cybersecurity" is not one of the values Energy Hub\'s help pages list (Asset monitoring, Diagnostics, Energy management, Power quality, General); sent as typed.',
      'Alarm priority "critical" is not one core knows (high, medium, low); kept as sent.',
      'Alarm category "Cybersecurity" is not one core knows (Asset monitoring, Diagnostics, Energy management, Power quality, General); kept as sent.',
    ]);
  });

  it('gets every alarm matching the filters, across pages', async () => {
    const result = await listAlarms(hub.client, { active: 'true', priority: 'High, medium' });
    expect(result.items.length).toBeGreaterThan(0);
    for (const alarm of result.items) {
      expect(alarm.active).toBe(true);
      expect(['high', 'medium']).toContain(alarm.priority);
    }
    const limited = await listAlarms(hub.client, { returnAll: false, limit: 3 });
    expect(limited.items).toHaveLength(3);
  });

  it('refuses bad dates and booleans before any request', async () => {
    await expect(listAlarms(hub.client, { startedAfter: 'yesterday' })).rejects.toMatchObject({
      field: 'startedAfter',
    });
    await expect(listAlarms(hub.client, { active: 'yes' })).rejects.toMatchObject({ field: 'active' });
    expect(graphqlRequests()).toHaveLength(0);
  });

  it('raw output keeps the nodes as sent', async () => {
    const raw = await listAlarms(hub.client, { returnAll: false, limit: 2, output: 'raw' });
    expect(raw.items).toHaveLength(2);
    expect(raw.items[0]).toHaveProperty('startTime');
    expect(raw.warnings).toEqual([]);
  });
});

describe('organization and things', () => {
  it('gets the tree to the depth asked for', async () => {
    const shallow = (await getOrganization(hub.client, { depth: 1 })).items[0] as {
      children: Array<{ children?: unknown }>;
    };
    expect(shallow.children.map((thing) => (thing as { id: string }).id)).toEqual([
      'region-1',
      'region-2',
      'region-3',
    ]);
    expect(shallow.children[0]!.children).toBeUndefined();
    const deep = (await getOrganization(hub.client, { depth: '4' })).items[0] as {
      children: Array<{ children: Array<{ children: Array<{ children: unknown[] }> }> }>;
    };
    expect(deep.children[0]!.children[0]!.children[0]!.children.length).toBeGreaterThan(0);
    await expect(getOrganization(hub.client, { depth: 12 })).rejects.toMatchObject({ field: 'depth' });
  });

  it('gets one thing and many, and says when a thing is not visible', async () => {
    const sites = await listThings(hub.client, { concept: 'Site', returnAll: false, limit: 2 });
    expect(sites.items).toHaveLength(2);
    const first = sites.items[0] as { id: string };
    expect((await getThing(hub.client, { thingId: first.id })).items[0]).toMatchObject({ id: first.id });
    await expect(getThing(hub.client, { thingId: 'nothing-here' })).rejects.toMatchObject({ status: 404 });
    await expect(getThing(hub.client, { thingId: '' })).rejects.toMatchObject({ field: 'thingId' });
  });
});

describe('Energy Hub Query', () => {
  it('runs a document with variables given as JSON text', async () => {
    const result = await runQuery(hub.client, {
      query: 'query One($id: ID!) { thing(id: $id) { id name } }',
      variables: '{"id": "region-1"}',
    });
    expect(result.items).toEqual([{ thing: { id: 'region-1', name: expect.any(String) } }]);
  });

  it('follows one connection to the end', async () => {
    const total = (await listAlarms(hub.client)).items.length;
    const result = await runQuery(hub.client, {
      query:
        'query A($first: Int, $after: String) { alarms(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }',
      followConnection: 'alarms',
    });
    expect(result.items).toHaveLength(total);
    expect(new Set(result.items.map((item) => item.id)).size).toBe(total);
  });

  it('says what is wrong with a document or its variables before sending', async () => {
    await expect(runQuery(hub.client, { query: '{ organization { id ' })).rejects.toMatchObject({
      field: 'query',
      message: expect.stringContaining('line 1'),
    });
    await expect(
      runQuery(hub.client, { query: '{ organization { id } }', variables: '{oops' }),
    ).rejects.toMatchObject({ field: 'variables' });
    await expect(
      runQuery(hub.client, { query: '{ organization { id } }', followConnection: 'a..b' }),
    ).rejects.toMatchObject({ field: 'followConnection' });
    expect(graphqlRequests()).toHaveLength(0);
  });
});

describe('alarm polling', () => {
  it('reports nothing on the first poll, then each new alarm once', async () => {
    const first = await pollAlarms(hub.client, { priority: 'high' });
    expect(first.items).toEqual([]);
    const injected = sim.control.injectAlarm({ priority: 'high' });
    sim.control.injectAlarm({ priority: 'low' });
    const second = await pollAlarms(hub.client, { priority: 'high', state: first.state });
    expect(second.items).toEqual([
      expect.objectContaining({
        event: 'new',
        dedupKey: `${injected}|new`,
        alarm: expect.objectContaining({ id: injected }),
      }),
    ]);
    const third = await pollAlarms(hub.client, { priority: 'high', state: second.state as AlarmPollState });
    expect(third.items).toEqual([]);
    // The state is plain JSON: what n8n static data and Node-RED context keep.
    expect(JSON.parse(JSON.stringify(third.state))).toEqual(third.state);
  });

  it('carries the alarm poll warnings: a priority core does not know, kept as sent', async () => {
    const first = await pollAlarms(hub.client, { category: 'Cybersecurity' });
    const injected = sim.control.injectAlarm({ priority: 'critical', category: 'Cybersecurity' });
    const second = await pollAlarms(hub.client, { category: 'Cybersecurity', state: first.state });
    expect(second.items).toEqual([expect.objectContaining({ event: 'new', dedupKey: `${injected}|new` })]);
    expect(second.warnings).toContainEqual({
      path: 'alarms[].priority',
      message: 'Alarm priority "critical" is not one core knows (high, medium, low); kept as sent.',
    });
    expect(second.warnings.map((warning) => warning.path)).toContain('category');
  });

  it('refuses an unknown event kind', async () => {
    await expect(pollAlarms(hub.client, { events: 'deleted' })).rejects.toMatchObject({ field: 'events' });
  });
});

describe('organization levels in the documents’ words', () => {
  it('finds things by level names with spaces, as the documents write them', async () => {
    const lines = await listThings(hub.client, { concept: 'Production Line', returnAll: false, limit: 1 });
    expect(lines.items).toEqual([expect.objectContaining({ concept: 'urn:se:eedm:concept:ProductionLine' })]);
  });
});
