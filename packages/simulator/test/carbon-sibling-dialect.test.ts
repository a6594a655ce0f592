/**
 * `carbonDialect: 'sibling'`: the Carbon API answered the way the public sibling API on the same gateway
 * does. The data are the contract dialect's, so both servers (same seed) are compared value for value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '../src/index.js';

const AUTH = { headers: { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` } };

interface Point {
  date: string;
  updatedAt: string;
  value: number;
}
interface Series {
  key: string;
  unit?: string;
  values: Point[];
}

describe('the sibling dialect', () => {
  let sibling: SimulatorHandle;
  let contract: SimulatorHandle;
  beforeAll(async () => {
    [sibling, contract] = await Promise.all([
      startSimulator({ port: 0, sites: 40, carbonDialect: 'sibling' }),
      startSimulator({ port: 0, sites: 40 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([sibling.close(), contract.close()]);
  });

  const get = async (sim: SimulatorHandle, path: string) => {
    const response = await fetch(`${sim.urls.carbonApi}${path}`, AUTH);
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const emissions = (sim: SimulatorHandle, query: string) =>
    get(sim, `/sites/site-0001/carbon-emissions?${query}`);

  it('lists sites with an integer sourceSystemId and null for a value a site does not have', async () => {
    type SiteBody = {
      id: string;
      sourceSystemId: unknown;
      postalAddress: { city: string; stateProvince: string | null };
    };
    const siblingSites = (await get(sibling, '/sites')).body as SiteBody[];
    const contractSites = (await get(contract, '/sites')).body as SiteBody[];
    expect(siblingSites.map((site) => site.id)).toEqual(contractSites.map((site) => site.id));
    for (const [index, site] of siblingSites.entries()) {
      expect(Number.isSafeInteger(site.sourceSystemId), site.id).toBe(true);
      expect(String(site.sourceSystemId)).toMatch(/^\d{6}$/);
      const original = contractSites[index]?.postalAddress;
      expect(site.postalAddress.stateProvince).toBe(
        original?.stateProvince === original?.city ? null : original?.stateProvince,
      );
    }
    expect(siblingSites.some((site) => site.postalAddress.stateProvince === null)).toBe(true);
    const one = (await get(sibling, '/sites/site-0002')).body as SiteBody;
    expect(one).toEqual(siblingSites[1]);
  });

  it('answers a whole window as a bare array of series, with the contract’s values', async () => {
    const range = 'granularity=PT15M&updatedAt[gte]=2025-01-01T00:00:00Z&updatedAt[lt]=2025-02-01T00:00:00Z';
    const { status, body } = await emissions(sibling, range.replace(/\[/g, '%5B').replace(/\]/g, '%5D'));
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    const series = body as Series[];
    expect(series.map((item) => item.key)).toEqual(['co2Emission', 'activeEnergy', 'emissionFactor']);
    // 31 days of quarter hours in one answer: no paging envelope, far more than one contract page.
    expect(series[0]?.values).toHaveLength(31 * 96);
    expect(Object.keys(series[0]?.values[0] ?? {}).sort()).toEqual(['date', 'updatedAt', 'value']);

    const first = await emissions(
      contract,
      'granularity=PT15M&from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z&pageSize=1000',
    );
    const page = first.body as { timeseries: (Series & { values: (Point & { isEstimated: boolean })[] })[] };
    expect(page.timeseries[1]?.unit).toBe(series[1]?.unit);
    expect(series[1]?.values.slice(0, 1000)).toEqual(
      page.timeseries[1]?.values.map(({ date, updatedAt, value }) => ({ date, updatedAt, value })),
    );
  });

  it('gives daily and monthly points date-only dates, and accepts date-only range bounds', async () => {
    const daily = await emissions(
      sibling,
      'granularity=P1D&updatedAt%5Bgte%5D=2024-07-10&updatedAt%5Blt%5D=2024-07-13',
    );
    expect(daily.status).toBe(200);
    expect((daily.body as Series[])[0]?.values.map((point) => point.date)).toEqual([
      '2024-07-10',
      '2024-07-11',
      '2024-07-12',
    ]);
    expect((daily.body as Series[])[0]?.values[0]?.updatedAt).toMatch(/^2024-07-11T\d\d:\d\d:\d\d\.\d{3}Z$/);
    const monthly = await emissions(
      sibling,
      'granularity=P1M&updatedAt%5Bgte%5D=2024-01-01&updatedAt%5Blt%5D=2024-04-01',
    );
    expect((monthly.body as Series[])[0]?.values.map((point) => point.date)).toEqual([
      '2024-01-01',
      '2024-02-01',
      '2024-03-01',
    ]);
    const hourly = await emissions(
      sibling,
      'granularity=PT1H&updatedAt%5Bgte%5D=2024-07-10&updatedAt%5Blt%5D=2024-07-10T02:00:00Z',
    );
    expect((hourly.body as Series[])[0]?.values.map((point) => point.date)).toEqual([
      '2024-07-10T00:00:00.000Z',
      '2024-07-10T01:00:00.000Z',
    ]);
  });

  it('still enforces the window limits, naming the sibling parameters', async () => {
    const tooLong = await emissions(
      sibling,
      'granularity=PT15M&updatedAt%5Bgte%5D=2025-01-01&updatedAt%5Blt%5D=2025-02-02',
    );
    expect(tooLong.status).toBe(400);
    expect((tooLong.body as { invalidParams: unknown[] }).invalidParams).toEqual([
      { name: 'updatedAt[lt]', reason: expect.stringMatching(/at most 31 days for granularity PT15M/) },
    ]);
    const oneSided = await emissions(sibling, 'updatedAt%5Bgte%5D=2025-01-01');
    expect((oneSided.body as { invalidParams: unknown[] }).invalidParams).toEqual([
      { name: 'updatedAt[lt]', reason: 'is required when updatedAt[gte] is given' },
    ]);
    const backwards = await emissions(sibling, 'updatedAt%5Bgte%5D=2025-01-02&updatedAt%5Blt%5D=2025-01-01');
    expect((backwards.body as { invalidParams: unknown[] }).invalidParams).toEqual([
      { name: 'updatedAt[lt]', reason: 'must be later than updatedAt[gte]' },
    ]);
    const malformed = await emissions(sibling, 'updatedAt%5Bgte%5D=yesterday&updatedAt%5Blt%5D=2025-01-01');
    expect((malformed.body as { invalidParams: { name: string }[] }).invalidParams[0]?.name).toBe(
      'updatedAt[gte]',
    );
  });

  it('treats the contract’s from/to as unknown parameters (the latest interval), and the contract refuses date-only', async () => {
    const latest = await emissions(
      sibling,
      'granularity=PT1H&from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z',
    );
    expect(latest.status).toBe(200);
    expect((latest.body as Series[])[0]?.values).toHaveLength(1);
    const dateOnly = await emissions(contract, 'granularity=P1D&from=2024-07-10&to=2024-07-13');
    expect(dateOnly.status).toBe(400);
  });
});
