import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID } from '../support/flows.js';
import type { NodeRedVersion } from '../support/node-red.js';
import { catchAll, debug, inject, startScenario, type Scenario } from '../support/scenario.js';

const parse = (message: { msg: string }) => JSON.parse(message.msg) as Record<string, unknown>;

describe.each<NodeRedVersion>(['5', '4'])(
  'Rates, grid comparison, requests and Energy Hub Query on Node-RED %s.x',
  (version) => {
    let s: Scenario;
    const accessClient = () => ({
      id: 'c0ffee0000000001',
      type: 'energy-hub-access-client',
      graphqlUrl: s.sim.urls.energyHubGraphql,
      credentials: { clientId: 'demo-access-client', clientSecret: 'demo-access-client-secret' },
    });
    beforeAll(async () => {
      s = await startScenario(version);
      await s.deploy([]);
      await s.authorize();
    });
    afterAll(async () => {
      await s?.close();
    });
    beforeEach(() => {
      s.feed.messages.length = 0;
    });

    it('Global Rates for a country', async () => {
      await s.deploy([
        inject('in', 'rates'),
        {
          id: 'rates',
          type: 'ecostruxure-global-rates',
          account: ACCOUNT_ID,
          countryIsoCode: 'FR',
          wires: [['out']],
        },
        debug('out'),
      ]);
      await s.inject('in');
      const rates = parse((await s.feed.waitFor(1, 'out'))[0]!).payload as {
        countryIsoCode: string;
        value: number;
      }[];
      expect(rates.length).toBeGreaterThan(0);
      expect(rates.every((rate) => rate.countryIsoCode === 'FR' && rate.value > 0)).toBe(true);
      // One rate: "1 rate", not "1 rates".
      expect(rates).toHaveLength(1);
      await s.feed.waitForStatus('rates', /^1 rate$/);
    });

    it('Compare to Grid Rate lists every site with its percentage above its grid', async () => {
      await s.deploy([
        inject('in', 'grid'),
        {
          id: 'grid',
          type: 'ecostruxure-grid-comparison',
          account: ACCOUNT_ID,
          thresholdPercent: '0',
          granularity: 'PT1H',
          output: 'all',
          wires: [['out']],
        },
        debug('out'),
      ]);
      await s.inject('in');
      const sent = parse((await s.feed.waitFor(1, 'out', 60_000))[0]!);
      const sites = sent.payload as { percentAboveGlobalRate: number; above: boolean }[];
      expect(sites).toHaveLength(25);
      // Core's crossing events (from no earlier state: one per site above) and skipped intervals go along.
      const events = sent.events as { type: string; siteId: string }[];
      expect(events.filter((event) => event.type === 'crossed')).toHaveLength(
        sites.filter((site) => site.above).length,
      );
      expect(Array.isArray(sent.skipped)).toBe(true);
      const percentages = sites.map((site) => site.percentAboveGlobalRate);
      expect(percentages).toEqual([...percentages].sort((a, b) => b - a));
    });

    it('EcoStruxure Request calls a path with the account, and a path outside the base URL is refused', async () => {
      await s.deploy([
        inject('in', 'req'),
        {
          id: 'req',
          type: 'ecostruxure-request',
          account: ACCOUNT_ID,
          api: 'carbon',
          method: 'GET',
          path: '/sites/site-0002',
          wires: [['out']],
        },
        inject('bad', 'bad-req'),
        {
          id: 'bad-req',
          type: 'ecostruxure-request',
          account: ACCOUNT_ID,
          api: 'gateway',
          method: 'GET',
          path: 'https://elsewhere.example/steal',
          wires: [['out']],
        },
        debug('out'),
        catchAll('catch', 'caught'),
        debug('caught'),
      ]);
      await s.inject('in');
      const answer = parse((await s.feed.waitFor(1, 'out'))[0]!);
      expect(answer.statusCode).toBe(200);
      expect(answer.payload).toMatchObject({ id: 'site-0002' });

      s.sim.control.clearRequests();
      await s.inject('bad');
      const error = parse((await s.feed.waitFor(1, 'caught'))[0]!).error as { message: string };
      expect(error.message).toMatch(/path/i);
    });

    it('Energy Hub Query runs a document and follows a connection to its end', async () => {
      await s.deploy([
        accessClient(),
        inject('in', 'q1'),
        {
          id: 'q1',
          type: 'energy-hub-query',
          accessClient: 'c0ffee0000000001',
          query: '{ organization { id name } }',
          wires: [['out']],
        },
        inject('all', 'q2'),
        {
          id: 'q2',
          type: 'energy-hub-query',
          accessClient: 'c0ffee0000000001',
          query:
            'query Alarms($first: Int, $after: String) { alarms(first: $first, after: $after) { edges { cursor node { id priority } } pageInfo { hasNextPage endCursor } } }',
          followConnection: 'alarms',
          wires: [['out-all']],
        },
        debug('out'),
        debug('out-all'),
      ]);
      await s.inject('in');
      const organization = parse((await s.feed.waitFor(1, 'out'))[0]!).payload as {
        organization: { id: string };
      };
      expect(organization.organization.id).toBeTruthy();
      await s.inject('all');
      const alarms = parse((await s.feed.waitFor(1, 'out-all'))[0]!).payload as { id: string }[];
      expect(alarms.length).toBeGreaterThan(0);
      expect(new Set(alarms.map((alarm) => alarm.id)).size).toBe(alarms.length);
    });
  },
);
