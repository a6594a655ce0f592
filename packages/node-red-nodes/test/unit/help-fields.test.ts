/**
 * The field lists in each node's help, held against what the node really sends (run in the test helper
 * against the simulator): a field the help names must be in the output, so the help cannot drift.
 */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentedFields, missingFields } from '../support/help-fields.js';
import { helper, nextMessage, nodeModule, onTab, useTempUserDir } from '../support/helper.js';

const TYPES = [
  'ecostruxure-account',
  'ecostruxure-sites',
  'ecostruxure-emissions',
  'ecostruxure-global-rates',
  'ecostruxure-grid-comparison',
  'ecostruxure-threshold',
  'energy-hub-access-client',
  'energy-hub-alarms',
];
const modules = TYPES.map(nodeModule);

interface Case {
  type: string;
  node: Record<string, unknown>;
  msg: Record<string, unknown>;
}

const CASES: Case[] = [
  { type: 'ecostruxure-sites', node: { account: 'acc', operation: 'list' }, msg: {} },
  {
    type: 'ecostruxure-emissions',
    node: { account: 'acc', siteId: 'payload', siteIdType: 'msg', range: 'last24Hours', granularity: 'PT1H' },
    // One site that answers and one that does not, so `failures` is there to check too.
    msg: { payload: ['site-0001', 'site-9999'] },
  },
  { type: 'ecostruxure-global-rates', node: { account: 'acc', countryIsoCode: 'FR' }, msg: {} },
  {
    type: 'ecostruxure-grid-comparison',
    node: { account: 'acc', thresholdPercent: '0', granularity: 'PT1H', output: 'all' },
    msg: {},
  },
  {
    type: 'ecostruxure-threshold',
    node: { metric: 'kgCO2e', above: '50', hysteresis: '10', property: 'payload' },
    msg: { payload: [{ siteId: 'site-0001', timestamp: '2026-03-01T10:00:00Z', kgCO2e: 80, kWh: 100 }] },
  },
  { type: 'energy-hub-alarms', node: { accessClient: 'hub', mode: 'fetch' }, msg: {} },
];

describe('help field lists against real output', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => {
    useTempUserDir();
  });
  afterEach(async () => {
    await helper.unload();
  });

  it('every node with outputs marks the fields its help lists', () => {
    for (const { type } of CASES) expect(documentedFields(type).length, type).toBeGreaterThan(0);
  });

  it.each(CASES)('$type sends every field its help names', async ({ type, node, msg }) => {
    await helper.load(
      modules,
      onTab([
        { id: 'acc', type: 'ecostruxure-account', authType: 'personalAccessToken', baseUrl: sim.url },
        { id: 'hub', type: 'energy-hub-access-client', graphqlUrl: sim.urls.energyHubGraphql },
        { id: 'n', type, ...node, wires: [['out']] },
        { id: 'out', type: 'helper' },
      ]),
      {
        acc: { token: 'demo-personal-access-token' },
        hub: { clientId: 'demo-access-client', clientSecret: 'demo-access-client-secret' },
      },
    );
    const out = nextMessage(helper.getNode('out'), 15_000);
    helper.getNode('n').receive(msg);
    expect(missingFields(await out, documentedFields(type))).toEqual([]);
  });
});
