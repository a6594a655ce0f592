import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '../src/index.js';

const auth = { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` };

interface Value {
  date: string;
  updatedAt: string;
  value: number;
  isEstimated: boolean;
}
interface Emissions {
  siteId: string;
  granularity: string;
  method: string;
  scope: string;
  unit: string;
  from: string;
  to: string;
  timeseries: { key: string; unit: string; values: Value[] }[];
  paging: { page: number; pageSize: number; totalPages: number; totalItems: number };
}

const series = (body: Emissions, key: string): Value[] =>
  body.timeseries.find((s) => s.key === key)?.values ?? [];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('Carbon API emissions', () => {
  let sim: SimulatorHandle;
  let twin: SimulatorHandle;
  let other: SimulatorHandle;
  beforeAll(async () => {
    [sim, twin, other] = await Promise.all([
      startSimulator({ port: 0 }),
      startSimulator({ port: 0 }),
      startSimulator({ port: 0, seed: 1234 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([sim.close(), twin.close(), other.close()]);
  });

  const get = async (
    query: string,
    site = 'site-0001',
    on = sim,
  ): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${on.urls.carbonApi}/sites/${site}/carbon-emissions${query}`, {
      headers: auth,
    });
    return { status: response.status, body: await response.json() };
  };
  const emissions = async (query: string, site = 'site-0001', on = sim): Promise<Emissions> => {
    const { status, body } = await get(query, site, on);
    expect(status, JSON.stringify(body)).toBe(200);
    return body as Emissions;
  };
  const invalid = async (query: string): Promise<unknown> => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body).toMatchObject({
      status: 400,
      title: 'Bad Request',
      type: 'https://errors.ecostruxure.local/400',
    });
    return (body as { invalidParams: unknown }).invalidParams;
  };

  it('returns the latest complete interval of each granularity when no range is given', async () => {
    const sizes: Record<string, number> = { PT15M: 15 * 60_000, PT1H: HOUR, P1D: DAY };
    for (const granularity of ['PT15M', 'PT1H', 'P1D', 'P1M']) {
      const before = Date.now();
      const body = await emissions(granularity === 'PT15M' ? '' : `?granularity=${granularity}`);
      expect(body).toMatchObject({
        siteId: 'site-0001',
        granularity,
        method: 'location-based',
        scope: 'scope2',
        unit: 'kgCO2e',
        paging: { page: 1, pageSize: 500, totalPages: 1, totalItems: 1 },
      });
      expect(body.timeseries.map((s) => [s.key, s.unit])).toEqual([
        ['co2Emission', 'kgCO2e'],
        ['activeEnergy', 'kWh'],
        ['emissionFactor', 'gCO2e/kWh'],
      ]);
      const [point] = series(body, 'co2Emission');
      expect(point?.date).toBe(body.from);
      const end = Date.parse(body.to);
      expect(end).toBeLessThanOrEqual(Date.now());
      const size = sizes[granularity];
      if (size) {
        expect(end - Date.parse(body.from)).toBe(size);
        // The latest complete one: the interval after it has not ended yet.
        expect(end + size).toBeGreaterThan(before);
      } else {
        const now = new Date();
        expect(body.to).toBe(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString());
      }
    }
  });

  it('follows the server clock for real-time data', async () => {
    sim.control.setClockSkew(-10 * DAY);
    try {
      const body = await emissions('?granularity=PT1H');
      expect(Date.now() - Date.parse(body.to)).toBeGreaterThan(9 * DAY);
    } finally {
      sim.control.setClockSkew(0);
    }
  });

  it('serves historical ranges at every granularity, aligned in UTC, with the emission identity', async () => {
    const cases = [
      { granularity: 'PT15M', from: '2024-03-01T00:00:00Z', to: '2024-03-02T00:00:00Z', count: 96 },
      { granularity: 'PT1H', from: '2024-03-01T00:30:00+01:00', to: '2024-03-08T00:00:00Z', count: 168 },
      { granularity: 'P1D', from: '2024-01-01T00:00:00Z', to: '2024-12-31T00:00:00Z', count: 365 },
      { granularity: 'P1M', from: '2021-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z', count: 36 },
    ];
    for (const { granularity, from, to, count } of cases) {
      const body = await emissions(
        `?granularity=${granularity}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&pageSize=1000`,
      );
      expect(body.paging).toEqual({ page: 1, pageSize: 1000, totalPages: 1, totalItems: count });
      const co2 = series(body, 'co2Emission');
      const energy = series(body, 'activeEnergy');
      const factor = series(body, 'emissionFactor');
      expect(co2).toHaveLength(count);
      expect(energy.map((v) => v.date)).toEqual(co2.map((v) => v.date));
      expect(factor.map((v) => v.date)).toEqual(co2.map((v) => v.date));
      expect(Date.parse(co2[0]?.date ?? '')).toBeGreaterThanOrEqual(Date.parse(from));
      co2.forEach((point, i) => {
        const e = energy[i]?.value ?? NaN;
        const f = factor[i]?.value ?? NaN;
        expect(Math.abs(point.value - (e * f) / 1000)).toBeLessThanOrEqual(0.0005 + 1e-9);
        expect(e).toBeGreaterThan(0);
        expect(Date.parse(point.updatedAt)).toBeGreaterThan(Date.parse(point.date));
      });
    }
  });

  it('makes an hour exactly its four quarters', async () => {
    const range = 'from=2024-06-03T00:00:00Z&to=2024-06-04T00:00:00Z&pageSize=1000';
    const quarters = series(await emissions(`?granularity=PT15M&${range}`), 'activeEnergy');
    const hours = series(await emissions(`?granularity=PT1H&${range}`), 'activeEnergy');
    hours.forEach((hour, i) => {
      const sum = quarters.slice(i * 4, i * 4 + 4).reduce((total, q) => total + q.value, 0);
      expect(Math.abs(hour.value - sum)).toBeLessThan(0.003);
    });
  });

  it('walks every page without losing or duplicating a point', async () => {
    const range = 'granularity=PT15M&from=2024-01-01T00:00:00Z&to=2024-01-31T00:00:00Z&pageSize=317';
    const first = await emissions(`?${range}`);
    expect(first.paging).toMatchObject({ totalItems: 30 * 96, totalPages: Math.ceil((30 * 96) / 317) });
    const dates: string[] = [];
    for (let page = 1; page <= first.paging.totalPages; page += 1) {
      const body = await emissions(`?${range}&page=${page}`);
      expect(body.paging.page).toBe(page);
      expect(body.paging.totalItems).toBe(first.paging.totalItems);
      const co2 = series(body, 'co2Emission');
      expect(co2.length).toBe(page < first.paging.totalPages ? 317 : (30 * 96) % 317);
      dates.push(...co2.map((v) => v.date));
    }
    expect(new Set(dates).size).toBe(30 * 96);
    expect(dates).toEqual([...dates].sort());
    expect(dates[0]).toBe('2024-01-01T00:00:00.000Z');
    expect(dates.at(-1)).toBe('2024-01-30T23:45:00.000Z');
  });

  it('serves no interval that has not ended yet', async () => {
    const from = new Date(Date.now() - 3 * HOUR).toISOString();
    const to = new Date(Date.now() + 5 * DAY).toISOString();
    const body = await emissions(`?granularity=PT1H&from=${from}&to=${to}`);
    expect([2, 3]).toContain(body.paging.totalItems);
    for (const point of series(body, 'co2Emission')) {
      expect(Date.parse(point.date) + HOUR).toBeLessThanOrEqual(Date.now());
    }
    const future = await emissions(
      `?granularity=PT1H&from=${to}&to=${new Date(Date.now() + 6 * DAY).toISOString()}`,
    );
    expect(future.paging).toMatchObject({ totalItems: 0, totalPages: 0 });
    expect(series(future, 'co2Emission')).toEqual([]);
  });

  it('is deterministic per seed and differs across seeds', async () => {
    const query = '?granularity=PT1H&from=2024-05-01T00:00:00Z&to=2024-05-03T00:00:00Z';
    const [a, b, c] = await Promise.all([
      emissions(query),
      emissions(query, 'site-0001', twin),
      emissions(query, 'site-0001', other),
    ]);
    expect(a).toEqual(b);
    expect(a.timeseries).not.toEqual(c.timeseries);
  });

  it('flags about 3% of points as estimated and differs by method', async () => {
    const range = 'granularity=PT1H&from=2024-01-01T00:00:00Z&to=2024-03-01T00:00:00Z&pageSize=1000';
    const location = series(await emissions(`?${range}`, 'site-0002'), 'emissionFactor');
    const share = location.filter((v) => v.isEstimated).length / location.length;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.06);
    const market = await emissions(`?${range}&method=market-based`, 'site-0002');
    expect(market.method).toBe('market-based');
    expect(series(market, 'emissionFactor')[0]?.value).not.toBe(location[0]?.value);
  });

  it('has sites whose factor runs well above their country global rate', async () => {
    const sites = (await (await fetch(`${sim.urls.carbonApi}/sites`, { headers: auth })).json()) as {
      id: string;
      postalAddress: { countryIsoCode: string };
    }[];
    const ratios: Record<string, number> = {};
    for (const id of ['site-0003', 'site-0008', 'site-0001']) {
      const country = sites.find((s) => s.id === id)?.postalAddress.countryIsoCode ?? '';
      const rates = (await (
        await fetch(`${sim.urls.carbonApi}/global-rates?countryIsoCode=${country}&year=2024`, {
          headers: auth,
        })
      ).json()) as { value: number }[];
      const month = await emissions('?granularity=P1M&from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z', id);
      const factors = series(month, 'emissionFactor').map((v) => v.value);
      ratios[id] = factors.reduce((a, b) => a + b, 0) / factors.length / (rates[0]?.value ?? 1);
    }
    expect(ratios['site-0003']).toBeGreaterThan(1.4);
    expect(ratios['site-0008']).toBeGreaterThan(1.3);
    expect(ratios['site-0001']).toBeGreaterThan(0.8);
    expect(ratios['site-0001']).toBeLessThan(1.2);
  });

  it('refuses ranges longer than the granularity allows, naming to', async () => {
    const cases = [
      ['PT15M', '2024-01-01T00:00:00Z', '2024-02-01T00:00:01Z', '31 days'],
      ['PT1H', '2024-01-01T00:00:00Z', '2024-04-03T00:00:00Z', '92 days'],
      ['P1D', '2023-01-01T00:00:00Z', '2024-01-03T00:00:00Z', '366 days'],
      ['P1M', '2019-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '5 years'],
    ];
    for (const [granularity, from, to, limit] of cases) {
      expect(await invalid(`?granularity=${granularity}&from=${from}&to=${to}`)).toEqual([
        {
          name: 'to',
          reason: `the range may span at most ${limit} for granularity ${granularity}; split it into windows`,
        },
      ]);
    }
    // Exactly at the limit is allowed.
    expect((await get('?granularity=PT15M&from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z')).status).toBe(
      200,
    );
    expect((await get('?granularity=P1M&from=2019-01-01T00:00:00Z&to=2024-01-01T00:00:00Z')).status).toBe(
      200,
    );
  });

  it('answers every bad parameter with its own invalidParams entry', async () => {
    const iso = 'must be an ISO 8601 date-time with a UTC offset, e.g. 2025-01-31T00:00:00Z';
    expect(await invalid('?from=2024-01-01T00:00:00&to=2024-01-02')).toEqual([
      { name: 'from', reason: iso },
      { name: 'to', reason: iso },
    ]);
    expect(await invalid('?from=2024-02-30T00:00:00Z&to=yesterday')).toEqual([
      { name: 'from', reason: iso },
      { name: 'to', reason: iso },
    ]);
    expect(await invalid('?from=2024-01-01T00:00:00Z')).toEqual([
      { name: 'to', reason: 'is required when from is given' },
    ]);
    expect(await invalid('?to=2024-01-01T00:00:00Z')).toEqual([
      { name: 'from', reason: 'is required when to is given' },
    ]);
    expect(await invalid('?from=2024-01-02T00:00:00Z&to=2024-01-02T00:00:00Z')).toEqual([
      { name: 'to', reason: 'must be later than from' },
    ]);
    expect(await invalid('?from=2024-01-02T00:00:00%2B02:00&to=2024-01-01T21:00:00Z')).toEqual([
      { name: 'to', reason: 'must be later than from' },
    ]);
    expect(await invalid('?granularity=PT5M&method=market')).toEqual([
      { name: 'granularity', reason: 'must be one of PT15M, PT1H, P1D, P1M' },
      { name: 'method', reason: 'must be one of location-based, market-based' },
    ]);
    for (const bad of ['0', '-1', '1.5', 'two', '']) {
      expect(await invalid(`?page=${bad}&pageSize=${bad}`)).toEqual([
        { name: 'page', reason: 'must be a positive integer' },
        { name: 'pageSize', reason: 'must be a positive integer' },
      ]);
    }
    expect(await invalid('?pageSize=1001')).toEqual([
      { name: 'pageSize', reason: 'must be between 1 and 1000' },
    ]);
    expect(await invalid('?page=1&page=2')).toEqual([{ name: 'page', reason: 'must be given at most once' }]);
    expect(await invalid('?page=2')).toEqual([
      { name: 'page', reason: 'must be between 1 and 1 (totalPages)' },
    ]);
    expect(
      await invalid('?granularity=P1D&from=2024-01-01T00:00:00Z&to=2024-01-11T00:00:00Z&pageSize=5&page=3'),
    ).toEqual([{ name: 'page', reason: 'must be between 1 and 2 (totalPages)' }]);
    // Everything wrong at once: all of it reported in one answer.
    const all = (await invalid('?from=nope&granularity=X&method=Y&page=0&pageSize=5000')) as {
      name: string;
    }[];
    expect(all.map((p) => p.name)).toEqual(['from', 'to', 'granularity', 'method', 'page', 'pageSize']);
  });

  it('checks the site before the parameters and ignores the apikey parameter', async () => {
    const missing = await get('?granularity=bad', 'site-9999');
    expect(missing.status).toBe(404);
    const response = await fetch(
      `${sim.urls.carbonApi}/sites/site-0001/carbon-emissions?apikey=${DEMO_CREDENTIALS.apiKey.value}&granularity=PT1H`,
      { headers: { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` } },
    );
    expect(response.status).toBe(200);
  });
});
