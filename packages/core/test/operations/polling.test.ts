import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollEmissionThreshold, pollNewEmissions, type NewEmissionsState } from '../../src/index.js';
import { clientOn, movableTime } from './support.js';

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 10 });
});
afterAll(async () => {
  await sim.close();
});

describe('threshold polling', () => {
  it('fires once per crossing of an absolute kgCO2e limit, not again on the next poll', async () => {
    const { client } = clientOn(sim);
    const first = await pollEmissionThreshold(client, {
      siteIds: 'site-0001,site-0003',
      metric: 'kgCO2e',
      above: 0,
      granularity: 'PT1H',
    });
    expect(first.items.map((event) => [event.siteId, event.type]).sort()).toEqual([
      ['site-0001', 'crossed'],
      ['site-0003', 'crossed'],
    ]);
    expect(first.items[0]!.dedupKey).toMatch(/^site-000[13]\|kgCO2e>0\|/);
    const second = await pollEmissionThreshold(client, {
      siteIds: ['site-0001', 'site-0003'],
      metric: 'kgCO2e',
      above: '0',
      granularity: 'PT1H',
      state: first.state,
    });
    expect(second.items).toEqual([]);
  });

  it('relative to the grid rate, reports the sites that run dirtier than their grid', async () => {
    const { client } = clientOn(sim);
    const result = await pollEmissionThreshold(client, { metric: 'percentAboveGlobalRate', above: 25 });
    expect(result.items.map((event) => event.siteId)).toEqual(
      expect.arrayContaining(['site-0003', 'site-0008']),
    );
  });

  it('catches up on the intervals missed while paused', async () => {
    const runtime = movableTime(sim);
    const { client } = clientOn(sim, { runtime });
    try {
      const first = await pollEmissionThreshold(client, {
        siteIds: 'site-0002',
        metric: 'kgCO2e',
        above: 1e9,
        granularity: 'PT1H',
      });
      const seen = first.state['site-0002']!.lastEvaluatedAt!;
      runtime.advance(3 * 60 * 60 * 1000);
      // A limit every interval crosses: the three hours missed are evaluated, so the crossing is at the first.
      const later = await pollEmissionThreshold(client, {
        siteIds: 'site-0002',
        metric: 'kgCO2e',
        above: 0,
        granularity: 'PT1H',
        state: first.state,
      });
      expect(later.items).toHaveLength(1);
      expect(Date.parse(later.items[0]!.timestamp)).toBe(Date.parse(seen) + 60 * 60 * 1000);
      expect(Date.parse(later.state['site-0002']!.lastEvaluatedAt!)).toBe(
        Date.parse(seen) + 3 * 60 * 60 * 1000,
      );
    } finally {
      sim.control.setClockSkew(0);
    }
  });

  it('checks the rule before any request', async () => {
    const { client } = clientOn(sim);
    await expect(
      pollEmissionThreshold(client, { siteIds: 'site-0001', metric: 'co2', above: 1 }),
    ).rejects.toMatchObject({ field: 'metric' });
    await expect(
      pollEmissionThreshold(client, { siteIds: 'site-0001', metric: 'kgCO2e', above: 'x' }),
    ).rejects.toMatchObject({ field: 'above' });
    await expect(pollEmissionThreshold(client, { metric: 'kgCO2e', above: 1 })).rejects.toMatchObject({
      field: 'siteIds',
    });
  });
});

describe('new emission data polling', () => {
  it('records where each site stands first, then reports each new interval once', async () => {
    const runtime = movableTime(sim);
    const { client } = clientOn(sim, { runtime });
    try {
      const first = await pollNewEmissions(client, { siteIds: 'site-0001,site-0002', granularity: 'PT1H' });
      expect(first.items).toEqual([]);
      expect(Object.keys(first.state).sort()).toEqual(['site-0001', 'site-0002']);
      runtime.advance(2 * 60 * 60 * 1000);
      const second = await pollNewEmissions(client, {
        siteIds: 'site-0001,site-0002',
        granularity: 'PT1H',
        state: first.state,
      });
      expect(second.items).toHaveLength(4);
      for (const row of second.items)
        expect(Date.parse(row.timestamp)).toBeGreaterThan(Date.parse(first.state[row.siteId]!.last!));
      expect(second.items.every((row) => row.change === 'new')).toBe(true);
      const third = await pollNewEmissions(client, {
        siteIds: 'site-0001,site-0002',
        granularity: 'PT1H',
        state: second.state,
      });
      expect(third.items).toEqual([]);
    } finally {
      sim.control.setClockSkew(0);
    }
  });
});

describe('syncs that never duplicate', () => {
  const sites = 'site-0003,site-0004';
  const poll = (client: Parameters<typeof pollNewEmissions>[0], state?: NewEmissionsState) =>
    pollNewEmissions(client, { siteIds: sites, granularity: 'PT1H', ...(state ? { state } : {}) });

  it('delivers each interval once with a stable key, and a revised one again as an update', async () => {
    const runtime = movableTime(sim);
    const { client } = clientOn(sim, { runtime });
    try {
      const first = await poll(client);
      expect(first.items).toEqual([]);
      runtime.advance(3 * 60 * 60 * 1000);
      const second = await poll(client, first.state);
      expect(second.items).toHaveLength(6);
      expect(second.items.every((row) => row.change === 'new')).toBe(true);
      const row = second.items[0]!;
      expect(row.key).toBe(`${row.siteId}|${row.timestamp}|PT1H|location-based`);
      expect(row.updatedAt).toEqual(expect.any(String));
      // Nothing new, nothing revised: nothing delivered, however often it polls.
      expect((await poll(client, second.state)).items).toEqual([]);
      expect((await poll(client, second.state)).items).toEqual([]);

      const revised = sim.control.reviseEmissionInterval({
        siteId: row.siteId,
        start: row.timestamp,
        scale: 1.5,
      });
      const third = await poll(client, second.state);
      expect(third.items).toHaveLength(1);
      expect(third.items[0]).toMatchObject({ key: row.key, change: 'updated', updatedAt: revised.updatedAt });
      expect(third.items[0]!.kWh).toBeCloseTo(row.kWh! * 1.5, 2);
      // Delivered once: the next poll finds nothing again.
      expect((await poll(client, third.state)).items).toEqual([]);
    } finally {
      sim.control.clearEmissionEdits();
      sim.control.setClockSkew(0);
    }
  });

  it('delivers an interval that arrives late (a gap filled) once, as new', async () => {
    const runtime = movableTime(sim);
    const { client } = clientOn(sim, { runtime });
    try {
      const hour = Math.floor(runtime.now() / 3_600_000) * 3_600_000 - 5 * 3_600_000;
      const start = new Date(hour).toISOString();
      sim.control.removeEmissionIntervals({
        siteId: 'site-0003',
        from: start,
        to: new Date(hour + 3_600_000).toISOString(),
      });
      const first = await poll(client);
      expect(first.state['site-0003']!.seen[start]).toBeUndefined();
      sim.control.clearEmissionEdits();
      const second = await poll(client, first.state);
      expect(second.items.map((row) => [row.siteId, row.timestamp, row.change])).toEqual([
        ['site-0003', start, 'new'],
      ]);
      expect((await poll(client, second.state)).items).toEqual([]);
    } finally {
      sim.control.clearEmissionEdits();
      sim.control.setClockSkew(0);
    }
  });

  it('reads the state of earlier versions (the latest interval per site) without delivering again', async () => {
    const { client } = clientOn(sim);
    const first = await poll(client);
    const legacy = Object.fromEntries(
      Object.entries(first.state).map(([siteId, site]) => [siteId, site.last!]),
    );
    const second = await poll(client, legacy);
    expect(second.items).toEqual([]);
    expect(second.state['site-0003']!.last).toBe(legacy['site-0003']);
  });
});
