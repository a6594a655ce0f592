import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '../src/index.js';

const auth = { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` };

interface Value {
  date: string;
  updatedAt: string;
  value: number;
}
interface Emissions {
  timeseries: { key: string; values: Value[] }[];
  paging: { totalItems: number };
}

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 3 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.control.clearEmissionEdits();
});

async function day(site = 'site-0001'): Promise<Emissions> {
  const query = '?from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z&granularity=PT1H';
  const response = await fetch(`${sim.urls.carbonApi}/sites/${site}/carbon-emissions${query}`, {
    headers: auth,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Emissions;
}
const dates = (body: Emissions, key = 'activeEnergy') =>
  body.timeseries.find((series) => series.key === key)!.values.map((value) => value.date);

describe('emission edits through the control API', () => {
  it('a gap removes exactly the intervals starting in [from, to) of that site, from every series', async () => {
    const before = await day();
    const response = await fetch(`${sim.urls.control}/emission-gaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ siteId: 'site-0001', from: '2025-03-01T05:00:00Z', to: '2025-03-01T08:00:00Z' }),
    });
    expect(response.status).toBe(201);
    const after = await day();
    for (const key of ['co2Emission', 'activeEnergy', 'emissionFactor']) {
      expect(dates(after, key)).toHaveLength(21);
      expect(dates(after, key)).not.toContain('2025-03-01T05:00:00.000Z');
      expect(dates(after, key)).not.toContain('2025-03-01T07:00:00.000Z');
      expect(dates(after, key)).toContain('2025-03-01T08:00:00.000Z');
    }
    // The paging still counts the slots, as an API that lacks data for them would.
    expect(after.paging.totalItems).toBe(before.paging.totalItems);
    expect(dates(await day('site-0002'))).toHaveLength(24);
  });

  it('a revision changes one interval value and moves its updatedAt to now; clearing restores the data', async () => {
    const before = await day();
    const start = '2025-03-01T10:00:00.000Z';
    const revised = sim.control.reviseEmissionInterval({ siteId: 'site-0001', start, scale: 2 });
    const after = await day();
    const energy = (body: Emissions) =>
      body.timeseries.find((series) => series.key === 'activeEnergy')!.values.find((v) => v.date === start)!;
    expect(energy(after).value).toBeCloseTo(energy(before).value * 2, 3);
    expect(energy(after).updatedAt).toBe(revised.updatedAt);
    expect(Date.parse(energy(after).updatedAt)).toBeGreaterThan(Date.parse(energy(before).updatedAt));
    const others = (body: Emissions) =>
      body.timeseries.map((series) => series.values.filter((v) => v.date !== start));
    expect(others(after)).toEqual(others(before));
    expect(sim.control.clearEmissionEdits()).toEqual({ gaps: 0, revisions: 1 });
    expect(await day()).toEqual(before);
  });

  it('rejects an unknown site, a bad instant and a bad scale, naming each field', async () => {
    const response = await fetch(`${sim.urls.control}/emission-revisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ siteId: 'nope', start: 'yesterday', scale: -1 }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { invalidParams: { name: string }[] };
    expect(body.invalidParams.map((param) => param.name).sort()).toEqual(['scale', 'siteId', 'start']);
  });
});
