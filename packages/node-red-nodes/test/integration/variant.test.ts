/**
 * The nodes against an API shaped in ways core was not written for (the simulator's `variant` dialect),
 * told through the account's Carbon API dialect: every site asked for is in the payload, msg.skipped
 * (with why) or msg.failures.
 */
import { DEMO_CREDENTIALS, VARIANT_CLIENT_DIALECT } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FlowNode } from '../support/node-red.js';
import { catchAll, debug, inject, startScenario, type Scenario } from '../support/scenario.js';

const parse = (message: { msg: string }) => JSON.parse(message.msg) as Record<string, unknown>;

/** The grid rate the variant API serves for a country this year, in its unit (tCO2e/MWh). */
async function servedRate(carbonApi: string, country: string): Promise<number> {
  const response = await fetch(`${carbonApi}/emission-factors?country=${country}`, {
    headers: { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` },
  });
  const [rate] = (await response.json()) as Array<{ value: string; unit: string }>;
  expect(rate?.unit).toBe('tCO2e/MWh');
  return Number(rate?.value);
}
const VARIANT_ACCOUNT = 'b1b2c3d4e5f60799';
const DIALECT = VARIANT_CLIENT_DIALECT;

describe('Carbon nodes on the variant dialect, Node-RED 5.x', () => {
  let s: Scenario;
  const account = (): FlowNode => ({
    id: VARIANT_ACCOUNT,
    type: 'ecostruxure-account',
    name: 'Variant',
    authType: 'personalAccessToken',
    baseUrl: s.sim.url,
    carbonDialect: JSON.stringify(DIALECT),
    credentials: { token: DEMO_CREDENTIALS.personalAccessToken.value },
  });
  beforeAll(async () => {
    s = await startScenario('5', { sites: 3, carbonDialect: 'variant' });
  });
  afterAll(async () => {
    await s?.close();
  });
  beforeEach(() => {
    s.feed.messages.length = 0;
  });

  it('Compare to Grid Rate converts the rate from its unit and lists the site it cannot read in msg.skipped', async () => {
    await s.deploy([
      account(),
      inject('in', 'grid'),
      {
        id: 'grid',
        type: 'ecostruxure-grid-comparison',
        account: VARIANT_ACCOUNT,
        siteIds: 'site-0001,site-0002,site-0003',
        thresholdPercent: '0',
        output: 'all',
        wires: [['out']],
      },
      debug('out'),
      catchAll('errors', 'out'),
    ]);
    await s.inject('in');
    const sent = parse((await s.feed.waitFor(1, 'out', 60_000))[0]!);
    const sites = sent.payload as Array<{
      siteId: string;
      countryIsoCode: string;
      globalRate: number;
      intensity: number;
      percentAboveGlobalRate: number;
    }>;
    const skipped = (
      sent.skipped as Array<{ siteId: string; timestamp: string | null; reason: string }>
    ).filter((skip) => skip.timestamp === null);
    expect([...sites.map((site) => site.siteId), ...skipped.map((skip) => skip.siteId)].sort()).toEqual([
      'site-0001',
      'site-0002',
      'site-0003',
    ]);
    expect(skipped[0]?.reason).toMatch(/^no recognised series .*carbonDialect\.seriesMap/);
    // The API sends 0.38 tCO2e/MWh (as text): compared as 380 gCO2e/kWh, never as 0.38.
    for (const site of sites) {
      expect(site.globalRate).toBeCloseTo(
        1000 * (await servedRate(s.sim.urls.carbonApi, site.countryIsoCode)),
        6,
      );
      expect(site.percentAboveGlobalRate).toBeCloseTo((site.intensity / site.globalRate - 1) * 100, 6);
    }
  });

  it("Global Rates asks at the dialect's path with its names and reads a rate sent as text, saying so", async () => {
    await s.deploy([
      account(),
      inject('in', 'rates'),
      {
        id: 'rates',
        type: 'ecostruxure-global-rates',
        account: VARIANT_ACCOUNT,
        countryIsoCode: 'DE',
        year: '2024',
        wires: [['out']],
      },
      debug('out'),
      catchAll('errors', 'out'),
    ]);
    await s.inject('in');
    const sent = parse((await s.feed.waitFor(1, 'out', 60_000))[0]!);
    expect(sent.payload).toEqual([
      { countryIsoCode: 'DE', year: 2024, value: expect.any(Number), unit: 'tCO2e/MWh' },
    ]);
    expect(JSON.stringify(sent.warnings)).toMatch(/came as text .*read as numbers/);
  });

  it('Get Emissions accounts for every site: rows, msg.failures for the one that cannot be read', async () => {
    await s.deploy([
      account(),
      inject('in', 'emissions'),
      {
        id: 'emissions',
        type: 'ecostruxure-emissions',
        account: VARIANT_ACCOUNT,
        siteId: 'site-0001,site-0002,site-9999',
        siteIdType: 'str',
        range: 'custom',
        from: '2025-01-06T00:00:00Z',
        fromType: 'str',
        to: '2025-01-13T00:00:00Z',
        toType: 'str',
        granularity: 'PT1H',
        output: 'message',
        wires: [['out']],
      },
      debug('out'),
      catchAll('errors', 'out'),
    ]);
    await s.inject('in');
    const sent = parse((await s.feed.waitFor(1, 'out', 60_000))[0]!);
    const rows = sent.payload as Array<{ siteId: string; kgCO2e: number }>;
    expect(rows).toHaveLength(2 * 168);
    const failures = (sent.failures as Array<{ siteId: string }>).map((failure) => failure.siteId);
    expect([...new Set(rows.map((row) => row.siteId)), ...failures].sort()).toEqual([
      'site-0001',
      'site-0002',
      'site-9999',
    ]);
  });

  it('Watch Emissions accounts for every site: a warning and a skipped count for the site it cannot read, an error naming the unknown one', async () => {
    const watch = (id: string, siteIds: string): FlowNode => ({
      id,
      type: 'ecostruxure-watch-emissions',
      account: VARIANT_ACCOUNT,
      siteIds,
      granularity: 'PT1H',
      interval: '3600',
      wires: [['out']],
    });
    s.feed.statuses.length = 0;
    await s.deploy([account(), watch('watch', 'site-0001,site-0002,site-0003'), debug('out')]);
    // The first check records where the two readable sites stand and says why the third gives no rows.
    await s.feed.waitForStatus('watch', /^0 new, 0 updated, 1 skipped$/, 60_000);
    const [warning] = await s.feed.waitFor(1, 'watch');
    expect(warning!.msg).toMatch(/^Site site-0003 gives no rows to watch: no recognised series .*seriesMap/);

    await s.deploy([
      account(),
      watch('watch-unknown', 'site-0001,site-9999'),
      debug('out'),
      catchAll('errors', 'out'),
    ]);
    const [caught] = await s.feed.waitFor(1, 'out', 60_000);
    expect(JSON.stringify(parse(caught!).error)).toMatch(/site-9999/);
  });

  it('Watch Emissions warns once that the API sends numbers as text, naming the field, not at every check', async () => {
    s.feed.statuses.length = 0;
    await s.deploy([
      account(),
      inject('in', 'watch'),
      {
        id: 'watch',
        type: 'ecostruxure-watch-emissions',
        account: VARIANT_ACCOUNT,
        siteIds: 'site-0001,site-0002',
        granularity: 'PT1H',
        interval: '3600',
        wires: [['out']],
      },
      debug('out'),
    ]);
    await s.feed.waitForStatus('watch', /^0 new, 0 updated$/, 60_000);
    const textWarnings = () =>
      s.feed.messages.filter((message) => message.id === 'watch' && /came as text/.test(message.msg));
    await s.feed.waitFor(1, 'watch');
    expect(textWarnings().map((message) => message.msg)).toEqual([
      expect.stringMatching(
        /^\d+ value\(s\) came as text \(first at \[0\]\.values\[0\]\.value\) and were read as numbers\. \(at \[0\]\.values\[0\]\.value\)$/,
      ),
    ]);
    // A second check gives the same warning: it is not said again.
    s.feed.statuses.length = 0;
    await s.inject('in');
    await s.feed.waitForStatus('watch', /^\d+ new, \d+ updated$/, 60_000);
    expect(textWarnings()).toHaveLength(1);
  });

  it('Energy Hub Alarms, watching, warns once of a priority core does not know', async () => {
    const accessClient = {
      id: 'c0ffee0000000001',
      type: 'energy-hub-access-client',
      graphqlUrl: s.sim.urls.energyHubGraphql,
      credentials: { clientId: 'demo-access-client', clientSecret: 'demo-access-client-secret' },
    };
    s.feed.statuses.length = 0;
    await s.deploy([
      accessClient,
      inject('in', 'alarms'),
      {
        id: 'alarms',
        type: 'energy-hub-alarms',
        accessClient: accessClient.id,
        mode: 'poll',
        interval: '3600',
        active: '',
        wires: [['out']],
      },
      debug('out'),
    ]);
    await s.feed.waitForStatus('alarms', /^watching/, 60_000);
    const id = s.sim.control.injectAlarm({ priority: 'critical' });
    for (const _check of [1, 2]) {
      s.feed.statuses.length = 0;
      await s.inject('in');
      await s.feed.waitForStatus('alarms', /^watching/, 60_000);
    }
    const sent = await s.feed.waitFor(1, 'out');
    expect(parse(sent[0]!).payload).toMatchObject({ event: 'new', alarm: { id, priority: 'critical' } });
    const warned = s.feed.messages.filter((message) => message.id === 'alarms');
    expect(warned.map((message) => message.msg)).toEqual([
      'Alarm priority "critical" is not one core knows (high, medium, low); kept as sent. (at alarms[].priority)',
    ]);
  });
});
