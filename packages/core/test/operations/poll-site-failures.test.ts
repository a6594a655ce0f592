/**
 * A poll over several sites where one cannot be read: the others are delivered, the failed site is
 * reported (once while it fails) and keeps its place, so nothing is lost when it recovers. A failure of
 * the account itself still fails the poll.
 */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pollEmissionThreshold, pollNewEmissions } from '../../src/index.js';
import { clientOn, movableTime } from './support.js';

const BASE = '/ecostruxure/carbon-emission/v1';
const HOUR = 60 * 60 * 1000;
const SITES = ['site-0001', 'site-0002', 'site-0003'];
let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 10 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.control.clearFaults();
  sim.control.setClockSkew(0);
});

const failSite = (siteId: string) =>
  sim.control.addFault({ kind: 'status', status: 500, route: `GET ${BASE}/sites/${siteId}/*` });

/** Every site asked for is in the items, skipped or failed. */
function accountedFor(result: {
  items: ReadonlyArray<{ siteId: string }>;
  skipped: ReadonlyArray<{ siteId: string }>;
  failures: ReadonlyArray<{ siteId: string }>;
}) {
  return [...new Set([...result.items, ...result.skipped, ...result.failures].map((s) => s.siteId))].sort();
}

describe('new emission data polling with a site that cannot be read', () => {
  it('delivers the other sites, reports the failure once, and delivers the failed site once it recovers', async () => {
    const runtime = movableTime(sim);
    const { client } = clientOn(sim, { runtime });
    const poll = { siteIds: SITES, granularity: 'PT1H' };
    const first = await pollNewEmissions(client, poll);
    runtime.advance(2 * HOUR);
    failSite('site-0002');
    const second = await pollNewEmissions(client, { ...poll, state: first.state });
    expect([...new Set(second.items.map((row) => row.siteId))]).toEqual(['site-0001', 'site-0003']);
    expect(second.failures).toEqual([expect.objectContaining({ siteId: 'site-0002', httpCode: 500 })]);
    expect(second.failures[0]!.message).toContain('site-0002');
    expect(second.newlyFailed.map((failure) => failure.siteId)).toEqual(['site-0002']);
    expect(accountedFor(second)).toEqual(SITES);
    // The failed site keeps where it stood.
    expect(second.state['site-0002']!.last).toBe(first.state['site-0002']!.last);

    // Still failing an hour later (its message names another window): not said again.
    runtime.advance(HOUR);
    const third = await pollNewEmissions(client, { ...poll, state: second.state });
    expect(third.failures.map((failure) => failure.siteId)).toEqual(['site-0002']);
    expect(third.newlyFailed).toEqual([]);
    expect(accountedFor(third)).toEqual(SITES);

    sim.control.clearFaults();
    const fourth = await pollNewEmissions(client, { ...poll, state: third.state });
    expect(fourth.failures).toEqual([]);
    expect(fourth.items.filter((row) => row.siteId === 'site-0002')).toHaveLength(3);
    expect(fourth.items.every((row) => row.siteId === 'site-0002' && row.change === 'new')).toBe(true);
    expect(fourth.state['site-0002']!.failedReason).toBeUndefined();
  });

  it('keeps the state of an earlier version of a failed site: its delivered intervals are not sent again', async () => {
    const { client } = clientOn(sim);
    const poll = { siteIds: 'site-0001,site-0002', granularity: 'PT1H' };
    const first = await pollNewEmissions(client, poll);
    const hourEarlier = new Date(Date.parse(first.state['site-0002']!.last!) - HOUR).toISOString();
    const saved = { 'site-0001': first.state['site-0001']!.last!, 'site-0002': hourEarlier };
    failSite('site-0002');
    const failed = await pollNewEmissions(client, { ...poll, state: saved });
    expect(failed.failures.map((failure) => failure.siteId)).toEqual(['site-0002']);
    sim.control.clearFaults();
    const recovered = await pollNewEmissions(client, { ...poll, state: failed.state });
    expect(recovered.items.map((row) => [row.siteId, row.timestamp])).toEqual([
      ['site-0002', first.state['site-0002']!.last],
    ]);
  });

  it('reports a site that does not exist beside the sites that do', async () => {
    const runtime = movableTime(sim);
    const { client } = clientOn(sim, { runtime });
    const poll = { siteIds: 'site-0001,site-9999', granularity: 'PT1H' };
    const first = await pollNewEmissions(client, poll);
    expect(first.failures).toEqual([expect.objectContaining({ siteId: 'site-9999', httpCode: 404 })]);
    runtime.advance(HOUR);
    const second = await pollNewEmissions(client, { ...poll, state: first.state });
    expect(second.items.map((row) => row.siteId)).toEqual(['site-0001']);
    expect(accountedFor(second)).toEqual(['site-0001', 'site-9999']);
    expect(second.newlyFailed).toEqual([]);
  });

  it('still fails as a whole when no site can be read', async () => {
    const { client } = clientOn(sim, { credentials: { kind: 'personalAccessToken', token: 'not-a-token' } });
    await expect(pollNewEmissions(client, { siteIds: SITES, granularity: 'PT1H' })).rejects.toMatchObject({
      code: 'BATCH_FAILED',
    });
    for (const siteId of SITES) failSite(siteId);
    const { client: valid } = clientOn(sim);
    await expect(pollNewEmissions(valid, { siteIds: SITES, granularity: 'PT1H' })).rejects.toThrow(
      /site-0001/,
    );
  });
});

describe('threshold polling with a site that cannot be read', () => {
  it('evaluates the other sites and evaluates the failed one once it recovers', async () => {
    const { client } = clientOn(sim);
    const rule = { siteIds: SITES, metric: 'kgCO2e', above: 0, granularity: 'PT1H' };
    failSite('site-0003');
    const first = await pollEmissionThreshold(client, rule);
    expect(first.items.map((event) => [event.siteId, event.type]).sort()).toEqual([
      ['site-0001', 'crossed'],
      ['site-0002', 'crossed'],
    ]);
    expect(first.failures).toEqual([expect.objectContaining({ siteId: 'site-0003', httpCode: 500 })]);
    expect(first.newlyFailed.map((failure) => failure.siteId)).toEqual(['site-0003']);
    expect(accountedFor(first)).toEqual(SITES);
    expect(first.state['site-0003']?.lastEvaluatedAt).toBeUndefined();

    const second = await pollEmissionThreshold(client, { ...rule, state: first.state });
    expect(second.failures.map((failure) => failure.siteId)).toEqual(['site-0003']);
    expect(second.newlyFailed).toEqual([]);

    sim.control.clearFaults();
    const third = await pollEmissionThreshold(client, { ...rule, state: second.state });
    expect(third.items.map((event) => [event.siteId, event.type])).toEqual([['site-0003', 'crossed']]);
    expect(third.failures).toEqual([]);
    expect(third.state['site-0003']!.failedReason).toBeUndefined();
  });

  it('against the grid rate, reports the failed site beside the others', async () => {
    const { client } = clientOn(sim);
    failSite('site-0008');
    const result = await pollEmissionThreshold(client, {
      siteIds: 'site-0003,site-0008',
      metric: 'percentAboveGlobalRate',
      above: 25,
    });
    expect(result.items.map((event) => event.siteId)).toEqual(['site-0003']);
    expect(result.failures).toEqual([expect.objectContaining({ siteId: 'site-0008', httpCode: 500 })]);
    expect(result.newlyFailed.map((failure) => failure.siteId)).toEqual(['site-0008']);
  });
});
