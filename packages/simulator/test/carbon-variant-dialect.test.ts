/**
 * `carbonDialect: 'variant'`: shapes neither the contract nor the sibling API has, served from the same
 * model, so the numbers can be checked against the contract dialect's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '../src/index.js';
import { VARIANT_PAGING, type VariantPaging } from '../src/carbon/variant.js';
import { parseIsoDateTime } from '../src/shared/iso-time.js';

const AUTH = { headers: { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` } };

interface Point {
  date: string;
  updatedAt: string;
  value: string;
}
interface Series {
  key: string;
  unit?: string;
  values: Point[];
}

const WEEK = 'updatedAt[gte]=2025-01-06T00:00:00Z&updatedAt[lt]=2025-01-13T00:00:00Z';

describe('the variant dialect', () => {
  const variants = new Map<VariantPaging, SimulatorHandle>();
  let contract: SimulatorHandle;
  beforeAll(async () => {
    const started = await Promise.all(
      VARIANT_PAGING.map((paging) =>
        startSimulator({ port: 0, sites: 3, carbonDialect: 'variant', carbonPaging: paging }),
      ),
    );
    for (const [index, paging] of VARIANT_PAGING.entries()) variants.set(paging, started[index]!);
    contract = await startSimulator({ port: 0, sites: 3 });
  });
  afterAll(async () => {
    await Promise.all([...variants.values(), contract].map((sim) => sim.close()));
  });

  const get = async (url: string) => {
    const response = await fetch(url, AUTH);
    return {
      status: response.status,
      link: response.headers.get('link'),
      body: (await response.json()) as unknown,
    };
  };
  const variant = (paging: VariantPaging = 'page') => variants.get(paging)!;

  it('selects by revision time: the window holds earlier intervals and lacks its last ones', async () => {
    const { body } = await get(
      `${variant().urls.carbonApi}/sites/site-0001/carbon-emissions?${WEEK}&granularity=PT1H&pageSize=1000`,
    );
    const [co2] = body as Series[];
    const dates = co2!.values.map((point) => Date.parse(point.date));
    expect(Math.min(...dates)).toBeLessThan(Date.parse('2025-01-06T00:00:00Z'));
    expect(Math.max(...dates)).toBeLessThan(Date.parse('2025-01-12T23:00:00Z'));
    for (const point of co2!.values) {
      // Revision times without an offset, inside the window when read as UTC.
      expect(point.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      const revised = Date.parse(`${point.updatedAt}Z`);
      expect(revised).toBeGreaterThanOrEqual(Date.parse('2025-01-06T00:00:00Z'));
      expect(revised).toBeLessThan(Date.parse('2025-01-13T00:00:00Z'));
    }
  });

  it('sends days at local midnight with an offset, values as text in other units', async () => {
    const [variantBody, contractBody] = await Promise.all([
      get(`${variant().urls.carbonApi}/sites/site-0001/carbon-emissions?${WEEK}&granularity=P1D`),
      get(
        `${contract.urls.carbonApi}/sites/site-0001/carbon-emissions?from=2025-01-01T00:00:00Z&to=2025-01-13T00:00:00Z&granularity=P1D`,
      ),
    ]);
    const series = variantBody.body as Series[];
    expect(series.map((one) => [one.key, one.unit])).toEqual([
      ['co2Emission', 'tCO2e'],
      ['activeEnergy', 'MWh'],
      ['emissionFactor', 'kgCO2e/MWh'],
    ]);
    const contractSeries = (
      contractBody.body as { timeseries: Array<{ values: Array<{ date: string; value: number }> }> }
    ).timeseries;
    for (const point of series[0]!.values) {
      expect(point.date).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00[+-]\d{2}:\d{2}$/);
      expect(typeof point.value).toBe('string');
      const day = point.date.slice(0, 10);
      const kg = contractSeries[0]!.values.find((one) => one.date.startsWith(day))!.value;
      expect(Number(point.value) * 1000).toBeCloseTo(kg, 6);
    }
  });

  it('reports site-0003 under keys no client knows, without units', async () => {
    const { body } = await get(`${variant().urls.carbonApi}/sites/site-0003/carbon-emissions`);
    expect((body as Series[]).map((series) => [series.key, series.unit])).toEqual([
      ['scope2Emissions', undefined],
      ['electricity', undefined],
      ['gridIntensity', undefined],
    ]);
  });

  it.each(VARIANT_PAGING)('pages in the %s style until the last interval', async (paging) => {
    const base = `${variant(paging).urls.carbonApi}/sites/site-0001/carbon-emissions?${WEEK}&granularity=PT1H`;
    const all = await get(
      `${base}&${paging === 'offset' || paging === 'cursor' ? 'limit' : 'pageSize'}=1000`,
    );
    const expected = (Array.isArray(all.body) ? all.body : (all.body as { data: Series[] }).data) as Series[];
    const dates: string[] = [];
    let url: string | undefined = base;
    for (let page = 1; url !== undefined && page < 20; page += 1) {
      const answer = await get(url);
      expect(answer.status).toBe(200);
      const series = (
        Array.isArray(answer.body) ? answer.body : (answer.body as { data: Series[] }).data
      ) as Series[];
      dates.push(...series[0]!.values.map((point) => point.date));
      url = nextPage(paging, base, page, answer, series);
    }
    expect(dates).toEqual(expected[0]!.values.map((point) => point.date));
    expect(dates.length).toBeGreaterThan(100);
  });

  it('serves grid factors under /emission-factors in tCO2e/MWh, as text', async () => {
    const [factors, rates] = await Promise.all([
      get(`${variant().urls.carbonApi}/emission-factors?country=DE&year=2024`),
      get(`${contract.urls.carbonApi}/global-rates?countryIsoCode=DE&year=2024`),
    ]);
    const [factor] = factors.body as Array<{ value: string; unit: string }>;
    const [rate] = rates.body as Array<{ value: number }>;
    expect(factor!.unit).toBe('tCO2e/MWh');
    expect(factor!.value).toMatch(/^\d+(\.\d+)?$/);
    expect(Number(factor!.value) * 1000).toBeCloseTo(rate!.value, 6);
    expect((await get(`${variant().urls.carbonApi}/global-rates?countryIsoCode=DE`)).status).toBe(404);
  });
});

function nextPage(
  paging: VariantPaging,
  base: string,
  page: number,
  answer: { link: string | null; body: unknown },
  series: Series[],
): string | undefined {
  switch (paging) {
    case 'page':
      return series[0]!.values.length < 100 ? undefined : `${base}&page=${page + 1}`;
    case 'offset':
      return series[0]!.values.length < 100 ? undefined : `${base}&offset=${page * 100}`;
    case 'cursor': {
      const cursor = (answer.body as { nextCursor: string | null }).nextCursor;
      return cursor === null ? undefined : `${base}&cursor=${cursor}`;
    }
    case 'next-link':
      return (answer.body as { next: string | null }).next ?? undefined;
    case 'link-header':
      return /<([^>]+)>;\s*rel="next"/.exec(answer.link ?? '')?.[1];
  }
}

it('reads the year 0099 as 99, not 1999', () => {
  expect(new Date(parseIsoDateTime('0099-01-01T00:00:00Z')!).toISOString()).toBe('0099-01-01T00:00:00.000Z');
  expect(new Date(parseIsoDateTime('0099-03-01T00:30:00+01:00')!).toISOString()).toBe(
    '0099-02-28T23:30:00.000Z',
  );
  // 0096 was a leap year, like 1996 and 2096.
  expect(parseIsoDateTime('0096-02-29T00:00:00Z')).toBeDefined();
  expect(parseIsoDateTime('0099-02-29T00:00:00Z')).toBeUndefined();
});
