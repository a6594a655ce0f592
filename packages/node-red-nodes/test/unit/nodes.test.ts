/**
 * The EcoStruxure nodes in node-red-node-test-helper, against the simulator (a personal access token
 * account, so no consent is needed): bad input, a missing account, and close while a request is in flight.
 */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { helper, nextMessage, nodeModule, onTab, settle, useTempUserDir } from '../support/helper.js';

const modules = [
  nodeModule('ecostruxure-account'),
  nodeModule('ecostruxure-sites'),
  nodeModule('ecostruxure-emissions'),
  nodeModule('ecostruxure-global-rates'),
  nodeModule('ecostruxure-grid-comparison'),
  nodeModule('ecostruxure-request'),
  nodeModule('energy-hub-access-client'),
  nodeModule('energy-hub-alarms'),
  nodeModule('energy-hub-query'),
];

describe('EcoStruxure nodes in the test helper', () => {
  let sim: SimulatorHandle;
  const account = () => ({
    id: 'acc',
    type: 'ecostruxure-account',
    authType: 'personalAccessToken',
    baseUrl: sim.url,
  });
  const credentials = { acc: { token: 'demo-personal-access-token' } };
  /** Get Emissions of site-0001 over a custom range, as `extra` sets it. */
  const customEmissions = (extra: Record<string, unknown>) => ({
    id: 'em',
    type: 'ecostruxure-emissions',
    account: 'acc',
    siteId: 'site-0001',
    siteIdType: 'str',
    range: 'custom',
    ...extra,
  });
  const catcher = [
    { id: 'catch', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper' },
  ];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => {
    useTempUserDir();
    sim.control.clearFaults();
    sim.control.clearRequests();
  });
  afterEach(async () => {
    await helper.unload();
  });

  it('List Sites with a personal access token', async () => {
    await helper.load(
      modules,
      onTab([
        account(),
        { id: 'sites', type: 'ecostruxure-sites', account: 'acc', operation: 'list', wires: [['out']] },
        { id: 'out', type: 'helper' },
      ]),
      credentials,
    );
    const out = nextMessage(helper.getNode('out'));
    helper.getNode('sites').receive({ payload: 'go', topic: 'kept' });
    const msg = await out;
    expect(msg.payload).toHaveLength(25);
    expect(msg.topic).toBe('kept');
  });

  it('without an account: a red status at once and a clear error for each message', async () => {
    await helper.load(
      modules,
      onTab([
        { id: 'sites', type: 'ecostruxure-sites', account: '', operation: 'list', wires: [[]] },
        ...catcher,
      ]),
    );
    const sites = helper.getNode('sites');
    expect(sites.status.getCalls()[0]?.args[0]).toMatchObject({ fill: 'red' });
    const caught = nextMessage(helper.getNode('caught'));
    sites.receive({ payload: 'go' });
    expect(((await caught).error as { message: string }).message).toContain(
      'No EcoStruxure account is selected',
    );
  });

  it('a wrong site ID in msg.payload is refused before any request, and the next message works', async () => {
    await helper.load(
      modules,
      onTab([
        account(),
        {
          id: 'site',
          type: 'ecostruxure-sites',
          account: 'acc',
          operation: 'get',
          siteId: 'payload',
          siteIdType: 'msg',
          wires: [['out']],
        },
        { id: 'out', type: 'helper' },
        ...catcher,
      ]),
      credentials,
    );
    const caught = nextMessage(helper.getNode('caught'));
    helper.getNode('site').receive({ payload: { id: 42 } });
    const error = (await caught).error as {
      message: string;
      source: { id: string };
      code: string;
      stack: string;
    };
    expect(error.source.id).toBe('site');
    expect(error.message).toMatch(/site ?id/i);
    expect(error.code).toBe('VALIDATION_FAILED');
    // A user's mistake comes without a stack trace.
    expect(error.stack).not.toMatch(/\n\s+at /);
    expect(sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' })).toHaveLength(0);

    const out = nextMessage(helper.getNode('out'));
    helper.getNode('site').receive({ payload: 'site-0004' });
    expect((await out).payload).toMatchObject({ id: 'site-0004' });
  });

  it('Get Emissions refuses a custom range whose from is after its to, naming the field', async () => {
    await helper.load(
      modules,
      onTab([
        account(),
        customEmissions({
          from: 'from',
          fromType: 'msg',
          to: 'to',
          toType: 'msg',
          granularity: 'PT1H',
          wires: [[]],
        }),
        ...catcher,
      ]),
      credentials,
    );
    const caught = nextMessage(helper.getNode('caught'));
    helper.getNode('em').receive({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(((await caught).error as { message: string }).message).toMatch(/from/i);
    expect(sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' })).toHaveLength(0);
  });

  it('close while a request is in flight: stops at once, and nothing is sent or reported after', async () => {
    // The answer would come 800 ms later: a node that kept going would send it after its close.
    sim.control.addFault({
      kind: 'delay',
      delayMs: 800,
      route: 'GET /ecostruxure/carbon-emission/v1/sites*',
    });
    await helper.load(
      modules,
      onTab([
        account(),
        { id: 'sites', type: 'ecostruxure-sites', account: 'acc', operation: 'list', wires: [['out']] },
        { id: 'out', type: 'helper' },
        ...catcher,
      ]),
      credentials,
    );
    const sites = helper.getNode('sites');
    // Watched on the node itself: after the stop its wires lead nowhere, but a send would still be a bug.
    const sends: unknown[] = [];
    const errors: unknown[] = [];
    sites.on('call:send', (call) => sends.push(call.args));
    sites.on('call:error', (call) => errors.push(call.args));
    sites.receive({ payload: 'go' });
    const deadline = Date.now() + 5_000;
    while (
      sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' }).length === 0 &&
      Date.now() < deadline
    ) {
      await settle(20);
    }
    const started = Date.now();
    await helper.unload();
    expect(Date.now() - started).toBeLessThan(2_000);
    await settle(1_200);
    expect(sends).toHaveLength(0);
    expect(errors).toHaveLength(0);
    // Reloaded for afterEach's unload.
    await helper.load(modules, onTab([]));
  });

  it('Get Emissions marks the rows of intervals a custom window cuts short as partial', async () => {
    await helper.load(
      modules,
      onTab([
        account(),
        customEmissions({
          from: '2026-03-01T00:00:00Z',
          fromType: 'str',
          to: '2026-03-03T06:00:00Z',
          toType: 'str',
          granularity: 'P1D',
          output: 'message',
          wires: [['out']],
        }),
        { id: 'out', type: 'helper' },
      ]),
      credentials,
    );
    const out = nextMessage(helper.getNode('out'), 15_000);
    helper.getNode('em').receive({});
    const rows = (await out).payload as { timestamp: string; partial?: boolean }[];
    expect(rows.map((row) => [row.timestamp, row.partial ?? false])).toEqual([
      ['2026-03-01T00:00:00.000Z', false],
      ['2026-03-02T00:00:00.000Z', false],
      ['2026-03-03T00:00:00.000Z', true],
    ]);
  });

  it('Energy Hub Alarms fetches the active alarms unless told otherwise, and all of them when asked', async () => {
    const fetchNode = (id: string, extra: Record<string, unknown>) => ({
      id,
      type: 'energy-hub-alarms',
      accessClient: 'hub',
      mode: 'fetch',
      wires: [[`${id}-out`]],
      ...extra,
    });
    await helper.load(
      modules,
      onTab([
        { id: 'hub', type: 'energy-hub-access-client', graphqlUrl: sim.urls.energyHubGraphql },
        fetchNode('plain', {}),
        fetchNode('all', { active: '' }),
        { id: 'plain-out', type: 'helper' },
        { id: 'all-out', type: 'helper' },
      ]),
      { hub: { clientId: 'demo-access-client', clientSecret: 'demo-access-client-secret' } },
    );
    const plain = nextMessage(helper.getNode('plain-out'), 15_000);
    helper.getNode('plain').receive({});
    const active = (await plain).payload as { active: boolean }[];
    const every = nextMessage(helper.getNode('all-out'), 15_000);
    helper.getNode('all').receive({});
    const all = (await every).payload as { active: boolean }[];
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((alarm) => alarm.active)).toBe(true);
    expect(all.length).toBeGreaterThan(active.length);
  });

  it('a watching alarms node clears its timers on close: no poll after it stopped', async () => {
    await helper.load(
      modules,
      onTab([
        { id: 'hub', type: 'energy-hub-access-client', graphqlUrl: sim.urls.energyHubGraphql },
        {
          id: 'watch',
          type: 'energy-hub-alarms',
          accessClient: 'hub',
          mode: 'poll',
          interval: 10,
          wires: [[]],
        },
      ]),
      { hub: { clientId: 'demo-access-client', clientSecret: 'demo-access-client-secret' } },
    );
    await helper.unload();
    sim.control.clearRequests();
    await settle(500);
    expect(sim.control.requests({ pathPrefix: '/energy-hub' })).toHaveLength(0);
    await helper.load(modules, onTab([]));
  });

  /** Loads one node wired to a Catch node, sends `msg`, and returns the error the Catch node got. */
  async function refusal(node: Record<string, unknown>, msg: Record<string, unknown>): Promise<string> {
    await helper.load(
      modules,
      onTab([
        account(),
        { id: 'hub', type: 'energy-hub-access-client', graphqlUrl: sim.urls.energyHubGraphql },
        { ...node, id: 'n', wires: [[]] },
        ...catcher,
      ]),
      { ...credentials, hub: { clientId: 'demo-access-client', clientSecret: 'demo-access-client-secret' } },
    );
    const caught = nextMessage(helper.getNode('caught'));
    helper.getNode('n').receive(msg);
    const error = (await caught).error as { message: string; source: { id: string } };
    expect(error.source.id).toBe('n');
    // Refused before anything was sent to the API.
    expect(sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' })).toHaveLength(0);
    expect(sim.control.requests({ pathPrefix: '/energy-hub/v1/graphql' })).toHaveLength(0);
    return error.message;
  }

  it('Global Rates and EcoStruxure Request take msg overrides only when the node lets them', async () => {
    await helper.load(
      modules,
      onTab([
        account(),
        ...(['locked', 'open'] as const).flatMap((name) => [
          {
            id: `rates-${name}`,
            type: 'ecostruxure-global-rates',
            account: 'acc',
            countryIsoCode: 'FR',
            // A node saved before the box existed has no allowOverride: it lets the message override.
            ...(name === 'locked' ? { allowOverride: false } : {}),
            wires: [['out']],
          },
          {
            id: `request-${name}`,
            type: 'ecostruxure-request',
            account: 'acc',
            api: 'carbon',
            method: 'GET',
            path: '/sites/site-0002',
            allowOverride: name === 'open',
            wires: [['out']],
          },
        ]),
        { id: 'out', type: 'helper' },
      ]),
      credentials,
    );
    const send = async (id: string, msg: Record<string, unknown>) => {
      const out = nextMessage(helper.getNode('out'));
      helper.getNode(id).receive(msg);
      return (await out).payload;
    };
    const countries = (payload: unknown) => [
      ...new Set((payload as { countryIsoCode: string }[]).map((r) => r.countryIsoCode)),
    ];
    expect(countries(await send('rates-locked', { countryIsoCode: 'DE' }))).toEqual(['FR']);
    expect(countries(await send('rates-open', { countryIsoCode: 'DE' }))).toEqual(['DE']);
    expect(await send('request-locked', { path: '/sites/site-0003' })).toMatchObject({ id: 'site-0002' });
    expect(await send('request-open', { path: '/sites/site-0003' })).toMatchObject({ id: 'site-0003' });
  });

  it('Global Rates refuses a country in msg that is not an ISO code', async () => {
    const message = await refusal(
      { type: 'ecostruxure-global-rates', account: 'acc' },
      { countryIsoCode: 'France' },
    );
    expect(message).toMatch(/country/i);
  });

  it('Compare to Grid Rate refuses a threshold that is not a number', async () => {
    const message = await refusal(
      { type: 'ecostruxure-grid-comparison', account: 'acc', thresholdPercent: 'lots' },
      { payload: 'go' },
    );
    expect(message).toMatch(/threshold/i);
  });

  it('EcoStruxure Request refuses a body in msg that is not a JSON object', async () => {
    const message = await refusal(
      {
        type: 'ecostruxure-request',
        account: 'acc',
        method: 'POST',
        path: '/x',
        body: 'payload',
        bodyType: 'msg',
      },
      { payload: 'not json' },
    );
    expect(message).toMatch(/body/i);
  });

  it('Energy Hub Query refuses variables in msg that are not an object', async () => {
    const message = await refusal(
      {
        type: 'energy-hub-query',
        accessClient: 'hub',
        query: '{ organization { id } }',
        variables: 'variables',
        variablesType: 'msg',
      },
      { variables: [1, 2] },
    );
    expect(message).toMatch(/variables/i);
  });
});
