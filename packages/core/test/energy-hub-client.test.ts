import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEnergyHubClient, type EnergyHubClient } from '../src/advanced.js';
import { GraphQLResponseError, PermissionError, ValidationError, type Alarm } from '../src/index.js';
import { ALARMS_QUERY } from '../src/energy-hub-api/documents.js';
import { energyHubHttp } from './helpers/simulator-clients.js';

const GRAPHQL = '/energy-hub/v1/graphql';
let sim: SimulatorHandle;
let hub: EnergyHubClient;

beforeAll(async () => {
  // Hourly alarms: hundreds in the history, and (short of an hour boundary mid-run) none starting on
  // their own during a test, so totals stay put; injected alarms test growth.
  sim = await startSimulator({ port: 0, alarmIntervalMs: 60 * 60 * 1000 });
  hub = createEnergyHubClient(energyHubHttp(sim));
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.control.clearFaults();
  sim.control.clearRequests();
});

const graphqlRequests = () => sim.control.requests({ pathPrefix: GRAPHQL });
interface LoggedBody {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}
const bodyOf = (index: number) => graphqlRequests()[index]?.body as LoggedBody;

describe('organization and things', () => {
  it('reads the organization with its regions, sites and buildings', async () => {
    const organization = await hub.getOrganization();
    expect(organization.id).toBeTruthy();
    expect(organization.children?.map((thing) => thing.id)).toEqual(['region-1', 'region-2', 'region-3']);
    const region = organization.children?.[0];
    expect(region?.concept).toBe('urn:se:eedm:concept:Region');
    expect(region?.children?.[0]?.concept).toBe('urn:se:eedm:concept:Site');
    expect(region?.children?.[0]?.children?.[0]?.concept).toBe('urn:se:eedm:concept:Building');
  });

  it('lists things by concept shorthand and by parent, across pages', async () => {
    const sites = await hub.listThings({ concept: 'Site' }, { pageSize: 2 });
    expect(sites.items.length).toBe(sites.totalCount);
    expect(sites.items.length).toBeGreaterThan(2);
    expect(sites.items.every((thing) => thing.concept === 'urn:se:eedm:concept:Site')).toBe(true);
    expect(new Set(sites.items.map((thing) => thing.id)).size).toBe(sites.items.length);
    expect(graphqlRequests()).toHaveLength(Math.ceil(sites.items.length / 2));
    expect(bodyOf(0).variables.filter).toEqual({ concept: 'urn:se:eedm:concept:Site' });

    const inEurope = await hub.listThings({ parentId: 'region-1' });
    expect(inEurope.items.every((thing) => thing.parent?.id === 'region-1')).toBe(true);
  });

  it('reads one thing with its parent and children, and null for an unknown one', async () => {
    const region = await hub.getThing('region-1');
    expect(region?.name).toBeTruthy();
    expect(region?.children?.length).toBeGreaterThan(0);
    const site = await hub.getThing(region?.children?.[0]?.id ?? '');
    expect(site?.parent?.id).toBe('region-1');
    expect(await hub.getThing('no-such-thing')).toBeNull();
  });

  it('reads a meter’s time series', async () => {
    const [meter] = (await hub.listThings({ concept: 'Meter' }, { maxItems: 1 })).items;
    expect(meter).toBeDefined();
    const series = await hub.getTimeseries({
      thingId: meter?.id ?? '',
      measurements: ['ActivePower', 'ActiveEnergy'],
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-01T06:00:00Z',
      interval: 'PT1H',
    });
    expect(series.map((entry) => entry.measurement)).toEqual(['ActivePower', 'ActiveEnergy']);
    expect(series[0]?.points).toHaveLength(6);
    expect(series[0]?.unit).toBe('kW');
    expect(bodyOf(1).variables).toMatchObject({
      thingId: meter?.id,
      from: '2026-01-01T00:00:00.000Z',
      interval: 'PT1H',
    });
  });

  it('reports server-side GraphQL errors with path and code', async () => {
    const error = await hub
      .getTimeseries({
        thingId: 'no-such-thing',
        measurements: ['ActivePower'],
        from: '2026-01-01',
        to: '2026-01-02',
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).errors[0]).toMatchObject({
      path: ['timeseries'],
      code: 'NOT_FOUND',
    });
  });
});

describe('alarms', () => {
  it('collects every alarm over many pages: as many as totalCount, each once, in order', async () => {
    const result = await hub.listAlarms({ priority: ['high'] }, { pageSize: 100 });
    expect(result.truncated).toBe(false);
    expect(result.items.length).toBe(result.totalCount);
    expect(result.items.length).toBeGreaterThan(100);
    expect(new Set(result.items.map((alarm) => alarm.id)).size).toBe(result.items.length);
    expect(result.items.every((alarm) => alarm.priority === 'high')).toBe(true);
    const starts = result.items.map((alarm) => Date.parse(alarm.startTime));
    expect(starts.every((start, index) => index === 0 || start >= (starts[index - 1] ?? 0))).toBe(true);
    expect(graphqlRequests()).toHaveLength(Math.ceil(result.items.length / 100));
  });

  it('sends values as variables, never inside the query text', async () => {
    const sneaky = 'x") { id } } #';
    await hub.listAlarms(
      { thingId: sneaky, category: ['Power quality'], startedAfter: '2026-01-01' },
      { pageSize: 5 },
    );
    const body = bodyOf(0);
    expect(body.query).toBe(ALARMS_QUERY);
    expect(body.operationName).toBe('Alarms');
    expect(body.variables).toEqual({
      filter: { thingId: sneaky, category: ['Power quality'], startedAfter: '2026-01-01T00:00:00.000Z' },
      first: 5,
      after: null,
    });
  });

  it('iterates lazily, stops at maxItems and picks up alarms that start meanwhile', async () => {
    const iterator = hub.iterateAlarms({ active: true }, { pageSize: 50 });
    const first = await iterator.next();
    expect(first.done).toBe(false);
    await iterator.return(undefined);
    expect(graphqlRequests()).toHaveLength(1);

    const before = await hub.listAlarms({}, { pageSize: 100 });
    const injected = sim.control.injectAlarm({ priority: 'high', detail: 'injected by the test' });
    sim.control.clearRequests();
    const seen: Alarm[] = [];
    for await (const alarm of hub.paginate<Alarm>(ALARMS_QUERY, {}, ['alarms'], { pageSize: 100 }))
      seen.push(alarm);
    // At least the injected one more (an hourly alarm may also have started meanwhile), each once.
    expect(seen.length).toBeGreaterThanOrEqual((before.totalCount ?? 0) + 1);
    expect(new Set(seen.map((alarm) => alarm.id)).size).toBe(seen.length);
    expect(seen.slice(-2).map((alarm) => alarm.id)).toContain(injected);

    const limited = await hub.listAlarms({}, { pageSize: 30, maxItems: 45 });
    expect(limited.items).toHaveLength(45);
    expect(limited.truncated).toBe(true);
  });

  it('rejects a syntax error locally without any request, token included', async () => {
    const isolated = createEnergyHubClient(energyHubHttp(sim));
    sim.control.clearRequests();
    const error = await isolated
      .query('query { alarms(first: 2) { totalCount }')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('query');
    expect((error as Error).message).toMatch(/line 1, column \d+/);
    expect(sim.control.requests({ pathPrefix: '/energy-hub' })).toHaveLength(0);
  });

  it('reports the server refusing an out-of-range page size', async () => {
    const error = await hub
      .query('query ($n: Int) { alarms(first: $n) { totalCount } }', { n: 500 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).errors[0]?.code).toBe('BAD_USER_INPUT');
    expect(bodyOf(0).variables).toEqual({ n: 500 });
  });
});

describe('access clients', () => {
  it('keeps working after the server expires every token (one new token, one replay)', async () => {
    await hub.getOrganization();
    sim.control.expireAllTokens();
    sim.control.clearRequests();
    const organization = await hub.getOrganization();
    expect(organization.children?.length).toBe(3);
    expect(sim.control.requests({ pathPrefix: '/energy-hub/v1/oauth/token' })).toHaveLength(1);
    expect(graphqlRequests().map((request) => request.status)).toEqual([401, 200]);
  });

  it('checks filters before sending', async () => {
    expect(() => hub.iterateAlarms({ startedAfter: 'last Tuesday' })).toThrow(ValidationError);
    await expect(hub.getThing(' ')).rejects.toMatchObject({ field: 'thingId' });
    expect(graphqlRequests()).toHaveLength(0);
  });

  it('maps FORBIDDEN for a client without read rights to PermissionError', async () => {
    const denied = createEnergyHubClient(energyHubHttp(sim, 'noAccessClient'));
    await expect(denied.getOrganization()).rejects.toBeInstanceOf(PermissionError);
    await expect(denied.listAlarms()).rejects.toThrow(/role or access permissions/);
  });

  it('shows a restricted client only its region', async () => {
    const restricted = createEnergyHubClient(energyHubHttp(sim, 'restrictedAccessClient'));
    const regions = await restricted.listThings({ concept: 'Region' });
    expect(regions.items.map((thing) => thing.id)).toEqual(['region-1']);
    expect(await restricted.getThing('region-2')).toBeNull();
    const visibleAlarms = await restricted.listAlarms({}, { pageSize: 100 });
    const allAlarms = await hub.listAlarms({}, { pageSize: 100 });
    expect(visibleAlarms.items.length).toBe(visibleAlarms.totalCount);
    expect(visibleAlarms.items.length).toBeGreaterThan(0);
    expect(visibleAlarms.items.length).toBeLessThan(allAlarms.items.length);
  });
});

describe('documents the server refuses', () => {
  it('tells the user to narrow a query the simulator refuses as too complex', async () => {
    const nested = `{ thing(id: "site-1") { ${'parent { children { '.repeat(15)}id${' } }'.repeat(15)} } }`;
    const error = await hub.query(nested).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).errors[0]?.code).toBe('QUERY_TOO_COMPLEX');
    expect((error as Error).message).toMatch(/too large or too complex to run: .*levels deep/);
    expect((error as Error).message).toContain('Narrow the query');
  });

  it('says the same when the server cannot even parse a query past its token limit', async () => {
    const long = `{ organization { ${'id '.repeat(6000)}} }`;
    const error = await hub.query(long).catch((caught: unknown) => caught);
    expect((error as GraphQLResponseError).errors[0]?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect((error as Error).message).toContain('Narrow the query');
  });
});
