/**
 * Core against an API shaped in ways it was not written for (the simulator's `variant` dialect): told
 * the dialect, the operations give the contract's numbers and account for every site; not told, they
 * say what they could not read instead of passing on a quietly wrong or shorter result.
 */
import {
  startSimulator,
  VARIANT_CLIENT_DIALECT,
  VARIANT_SERIES_MAP,
  type SimulatorHandle,
  type VariantPaging,
} from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCarbonClient, findSitesAboveGlobalRate } from '../../src/advanced.js';
import {
  compareToGridRate,
  getEmissions,
  getEmissionsReport,
  getGlobalRates,
  pollEmissionThreshold,
  pollNewEmissions,
  type CarbonDialectInput,
  type JsonObject,
} from '../../src/index.js';
import { stubHttp } from '../helpers/stub-http.js';
import { clientOn } from './support.js';

/** The variant told to core, field by field, with the map that names site-0003's series. */
const VARIANT: CarbonDialectInput = {
  ...VARIANT_CLIENT_DIALECT,
  pageSize: 50,
  seriesMap: VARIANT_SERIES_MAP,
};

const PAGING: Record<VariantPaging, CarbonDialectInput> = {
  page: { paging: 'page-number' },
  offset: { paging: 'offset', pageSizeParameter: 'limit' },
  cursor: { paging: 'cursor', pageSizeParameter: 'limit', nextField: 'nextCursor' },
  'next-link': { paging: 'next-link' },
  'link-header': { paging: 'link-header' },
};

const SITES = ['site-0001', 'site-0002', 'site-0003'];
const WEEK = { range: 'custom', from: '2025-01-06T00:00:00Z', to: '2025-01-13T00:00:00Z' } as const;

let contract: SimulatorHandle;
const variants = new Map<VariantPaging, SimulatorHandle>();

beforeAll(async () => {
  const styles = Object.keys(PAGING) as VariantPaging[];
  const started = await Promise.all([
    startSimulator({ port: 0, sites: 3 }),
    ...styles.map((paging) =>
      startSimulator({ port: 0, sites: 3, carbonDialect: 'variant', carbonPaging: paging }),
    ),
  ]);
  contract = started[0]!;
  for (const [index, paging] of styles.entries()) variants.set(paging, started[index + 1]!);
});
afterAll(async () => {
  await Promise.all([contract, ...variants.values()].map((sim) => sim.close()));
});

const variant = (paging: VariantPaging = 'page') => variants.get(paging)!;
const numbers = (items: JsonObject[]) =>
  items.map(({ siteId, timestamp, kgCO2e, kWh, gCO2ePerKWh }) => ({
    siteId,
    timestamp,
    kgCO2e,
    kWh,
    gCO2ePerKWh,
  }));
const messages = (warnings: Array<{ message: string }>) =>
  warnings.map((warning) => warning.message).join('\n');

describe('Compare to Grid Rate', () => {
  it('converts the grid rate from its unit and gives the contract numbers', async () => {
    const params = { siteIds: SITES, thresholdPercent: 10, granularity: 'PT1H' };
    const [expected, actual] = await Promise.all([
      compareToGridRate(clientOn(contract).client, params),
      compareToGridRate(clientOn(variant(), { carbonDialect: VARIANT }).client, params),
    ]);
    expect(actual.items.map((item) => item.siteId).sort()).toEqual(SITES);
    for (const item of actual.items) {
      const twin = expected.items.find((one) => one.siteId === item.siteId)!;
      // 0.38 tCO2e/MWh is 380 gCO2e/kWh: a rate used without its unit would be off a thousandfold.
      expect(item.globalRate).toBeCloseTo(twin.globalRate as number, 6);
      expect(item.percentAboveGlobalRate).toBeCloseTo(twin.percentAboveGlobalRate as number, 3);
    }
  });

  it('accounts for every site: compared, skipped with the reason, or failed', async () => {
    const { seriesMap: _map, ...unmapped } = VARIANT as Record<string, unknown>;
    const asked = [...SITES, 'site-9999'];
    const result = await findSitesAboveGlobalRate(
      clientOn(variant(), { carbonDialect: unmapped as CarbonDialectInput }).client.carbon,
      { siteIds: asked, percentAbove: 10, granularity: 'PT1H' },
    );
    const compared = result.sites.map((site) => site.siteId);
    const skipped = result.skipped.filter((skip) => skip.timestamp === null).map((skip) => skip.siteId);
    const failed = result.failures.map((failure) => failure.siteId);
    expect([...compared, ...skipped, ...failed].sort()).toEqual(asked.sort());
    expect(compared.sort()).toEqual(['site-0001', 'site-0002']);
    expect(failed).toEqual(['site-9999']);
    expect(result.skipped.find((skip) => skip.siteId === 'site-0003')?.reason).toMatch(
      /^no recognised series \(scope2Emissions, electricity, gridIntensity\): map them with carbonDialect\.seriesMap/,
    );
  });

  it('skips the sites whose grid rate is missing or in a unit it cannot convert, saying which', async () => {
    // A unit nobody converts is beyond the simulator: a scripted API answers instead.
    const http = stubHttp('http://api.test/ecostruxure/carbon-emission/v1', (request) => {
      if (request.path === '/sites')
        return ['DE', 'FR', 'NO', null].map((country, index) => ({
          id: `s${index}`,
          postalAddress: { countryIsoCode: country },
        }));
      if (request.path === '/global-rates') {
        const country = request.query?.countryIsoCode;
        if (country === 'DE') return [{ countryIsoCode: 'DE', value: 0.84, unit: 'lbCO2e/kWh' }];
        if (country === 'NO') return [{ countryIsoCode: 'NO', value: 0.03, unit: 'tCO2e/MWh' }];
        return [];
      }
      const point = { date: '2026-05-31T23:45:00Z', value: 1 };
      return [
        { key: 'co2Emission', unit: 'kgCO2e', values: [point] },
        { key: 'activeEnergy', unit: 'kWh', values: [{ ...point, value: 20 }] },
      ];
    });
    const result = await findSitesAboveGlobalRate(createCarbonClient(http), { percentAbove: 10 });
    expect(result.sites.map((site) => [site.siteId, site.globalRate])).toEqual([['s2', 30]]);
    expect(Object.fromEntries(result.skipped.map((skip) => [skip.siteId, skip.reason]))).toEqual({
      s0: 'the grid rate for DE is in "lbCO2e/kWh", a unit core cannot convert to gCO2e/kWh',
      s1: 'no grid rate for its country FR',
      s3: "no country in the site's address, so no grid rate to compare with",
    });
  });
});

describe('Global Rates', () => {
  it('asks at the dialect path with its parameter names, typed and raw, and reads a rate sent as text', async () => {
    const { client, transport } = clientOn(variant(), { carbonDialect: VARIANT });
    const params = { countryIsoCode: 'DE', year: 2024 };
    const typed = await getGlobalRates(client, params);
    expect(typed.items).toEqual([
      { countryIsoCode: 'DE', year: 2024, value: expect.any(Number), unit: 'tCO2e/MWh' },
    ]);
    expect(messages(typed.warnings)).toMatch(/^1 value\(s\) came as text \(first at \[0\]\.value\)/);
    const raw = await getGlobalRates(client, { ...params, output: 'raw' });
    // Untouched: the value as the API sent it.
    expect(raw.items).toEqual([{ ...typed.items[0], value: String(typed.items[0]!.value) }]);
    for (const request of transport.sent.slice(-2)) {
      const url = new URL(String(request.url));
      expect(url.pathname).toMatch(/\/emission-factors$/);
      expect(Object.fromEntries(url.searchParams)).toEqual({ country: 'DE', year: '2024' });
    }
  });
});

describe('Get Report', () => {
  it('compares each site with its grid rate converted from the unit the API gave it in', async () => {
    const params = {
      period: 'month',
      year: 2025,
      month: 1,
      siteIds: 'site-0001,site-0002',
      compareWithPreviousYear: false,
    } as const;
    const [expected, actual] = await Promise.all([
      getEmissionsReport(clientOn(contract).client, params),
      getEmissionsReport(clientOn(variant(), { carbonDialect: VARIANT }).client, params),
    ]);
    expect(actual.items).toHaveLength(2);
    for (const row of actual.items) {
      const twin = expected.items.find((one) => one.siteId === row.siteId)!;
      // 0.38 tCO2e/MWh is 380 gCO2e/kWh: used as sent it would be a thousandth of the grid's rate.
      expect(row.globalRateGCO2ePerKWh).toBeCloseTo(twin.globalRateGCO2ePerKWh!, 6);
    }
  });
});

describe('thresholds', () => {
  it('account for every site: evaluated or skipped', async () => {
    const { seriesMap: _map, ...unmapped } = VARIANT as Record<string, unknown>;
    const { client } = clientOn(variant(), { carbonDialect: unmapped as CarbonDialectInput });
    const params = { siteIds: SITES, metric: 'kgCO2e', above: 1_000_000, granularity: 'PT1H' };
    const result = await pollEmissionThreshold(client, params);
    const evaluated = Object.keys(result.state).filter((siteId) => result.state[siteId]?.lastEvaluatedAt);
    const skipped = result.skipped.filter((skip) => skip.timestamp === null).map((skip) => skip.siteId);
    expect([...evaluated, ...skipped].sort()).toEqual(SITES);
    expect(skipped).toEqual(['site-0003']);
    // Said once, like a crossing: the next poll, skipped for the same reason, does not repeat it.
    expect(result.newlySkipped.map((skip) => skip.siteId)).toEqual(['site-0003']);
    const again = await pollEmissionThreshold(client, { ...params, state: result.state });
    expect(again.skipped.filter((skip) => skip.timestamp === null).map((skip) => skip.siteId)).toEqual([
      'site-0003',
    ]);
    expect(again.newlySkipped).toEqual([]);
  });
});

describe('new emission data', () => {
  it('accounts for every site: rows, skipped with the reason (said once), or failed with its error', async () => {
    const { seriesMap: _map, ...unmapped } = VARIANT as Record<string, unknown>;
    const { client } = clientOn(variant(), { carbonDialect: unmapped as CarbonDialectInput });
    const params = { siteIds: SITES, granularity: 'PT1H' };
    const first = await pollNewEmissions(client, params);
    // The first poll records where each site stands: the sites with rows have a position, the other is skipped.
    const placed = SITES.filter((siteId) => first.state[siteId]?.last !== undefined);
    const skipped = first.skipped.map((skip) => skip.siteId);
    expect([...placed, ...skipped].sort()).toEqual(SITES);
    expect(first.skipped).toEqual([
      {
        siteId: 'site-0003',
        reason: expect.stringMatching(/^no recognised series .*carbonDialect\.seriesMap/),
      },
    ]);
    expect(first.newlySkipped).toEqual(first.skipped);
    // Skipped again for the same reason: still listed, not said again.
    const second = await pollNewEmissions(client, { ...params, state: first.state });
    expect(second.skipped.map((skip) => skip.siteId)).toEqual(['site-0003']);
    expect(second.newlySkipped).toEqual([]);
    // A site that cannot be read is listed with its error, beside the others rather than instead of them.
    const third = await pollNewEmissions(client, {
      ...params,
      siteIds: [...SITES, 'site-9999'],
      state: second.state,
    });
    expect(third.failures).toEqual([expect.objectContaining({ siteId: 'site-9999', httpCode: 404 })]);
    expect(third.failures[0]!.message).toMatch(/site-9999/);
    expect(third.skipped.map((skip) => skip.siteId)).toEqual(['site-0003']);
  });
});

describe('Get Emissions', () => {
  it('gives the contract rows once told the dialect, across pages of a revision-time API', async () => {
    const params = { siteIds: SITES, granularity: 'PT1H', ...WEEK };
    const [expected, actual] = await Promise.all([
      getEmissions(clientOn(contract).client, params),
      getEmissions(clientOn(variant(), { carbonDialect: VARIANT }).client, params),
    ]);
    expect(actual.items).toHaveLength(3 * 168);
    const rounded = (items: JsonObject[]) =>
      numbers(items).map((row) => ({ ...row, kgCO2e: Number((row.kgCO2e as number).toFixed(6)) }));
    expect(rounded(actual.items)).toEqual(rounded(expected.items));
    expect(messages(actual.warnings)).toMatch(/came as text .* read as numbers/);
    expect(messages(actual.warnings)).not.toMatch(/no value|outside the requested window|cannot tell/);
    expect(actual.skipped).toEqual([]);
  });

  it('not told the range selects revision times: counts the points outside the window and names the missing intervals', async () => {
    const { rangeSelects: _selects, ...intervalStart } = VARIANT as Record<string, unknown>;
    const result = await getEmissions(
      clientOn(variant(), { carbonDialect: intervalStart as CarbonDialectInput }).client,
      {
        siteId: 'site-0001',
        granularity: 'PT1H',
        ...WEEK,
      },
    );
    const text = messages(result.warnings);
    expect(text).toMatch(
      /answered \d+ interval\(s\) per series starting outside the requested window .* left out/,
    );
    expect(text).toMatch(/interval\(s\) of the window .* have no value: 2025-01-12T2\d:/);
    for (const item of result.items)
      expect(Date.parse(item.timestamp as string)).toBeGreaterThanOrEqual(Date.parse(WEEK.from));
  });

  it('keeps and flags the points outside the window when asked to', async () => {
    const { rangeSelects: _selects, ...intervalStart } = VARIANT as Record<string, unknown>;
    const dialect = { ...intervalStart, pointsOutsideWindow: 'keep' } as CarbonDialectInput;
    const result = await getEmissions(clientOn(variant(), { carbonDialect: dialect }).client, {
      siteId: 'site-0001',
      granularity: 'PT1H',
      output: 'series',
      ...WEEK,
    });
    const [series] = result.items[0]!.timeseries as Array<{
      values: Array<{ date: string; outsideWindow?: true }>;
    }>;
    const flagged = series!.values.filter((point) => point.outsideWindow === true);
    expect(flagged.length).toBeGreaterThan(0);
    for (const point of flagged) expect(Date.parse(point.date)).toBeLessThan(Date.parse(WEEK.from));
    expect(messages(result.warnings)).toMatch(/kept, each flagged outsideWindow/);
  });

  it.each(Object.keys(PAGING) as VariantPaging[])('reads every page in the %s style', async (paging) => {
    const dialect = { ...(VARIANT as object), ...(PAGING[paging] as object) } as CarbonDialectInput;
    const result = await getEmissions(clientOn(variant(paging), { carbonDialect: dialect }).client, {
      siteId: 'site-0002',
      granularity: 'PT1H',
      ...WEEK,
    });
    expect(result.items).toHaveLength(168);
    expect(messages(result.warnings)).not.toMatch(/cannot tell|no value/);
  });

  it('reads on past a full page of a bare array even under the contract dialect (a page size was sent)', async () => {
    const { paging: _paging, ...envelope } = VARIANT as Record<string, unknown>;
    const result = await getEmissions(
      clientOn(variant(), { carbonDialect: envelope as CarbonDialectInput }).client,
      {
        siteId: 'site-0001',
        granularity: 'PT1H',
        ...WEEK,
      },
    );
    expect(result.items).toHaveLength(168);
  });

  it('says so when it cannot tell whether more pages follow', async () => {
    const dialect = { ...(VARIANT as object), pageSizeParameter: null } as CarbonDialectInput;
    const result = await getEmissions(clientOn(variant(), { carbonDialect: dialect }).client, {
      siteId: 'site-0001',
      granularity: 'PT1H',
      ...WEEK,
    });
    expect(messages(result.warnings)).toMatch(
      /cannot tell whether more data follow page 1 of this window: core sent no page size .*set carbonDialect\.paging/,
    );
  });

  it('refuses date-times without an offset unless told to read them as UTC, naming the field and the option', async () => {
    const { zonelessDateTimes: _zones, ...strict } = VARIANT as Record<string, unknown>;
    const failure = await getEmissions(
      clientOn(variant(), { carbonDialect: strict as CarbonDialectInput }).client,
      {
        siteId: 'site-0001',
        granularity: 'PT1H',
        ...WEEK,
      },
    ).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /date-time without a UTC offset at \[0\]\.values\[0\]\.updatedAt .*carbonDialect\.zonelessDateTimes to "utc"/,
    );
  });

  it('accounts for every site through Get Emissions, a failed one included', async () => {
    const asked = [...SITES, 'site-9999'];
    const result = await getEmissions(clientOn(variant(), { carbonDialect: VARIANT }).client, {
      siteIds: asked,
      granularity: 'P1D',
      onSiteFailure: 'continue',
      ...WEEK,
    });
    const inItems = new Set(result.items.map((item) => item.siteId as string));
    const accounted = [
      ...inItems,
      ...result.skipped.map((skip) => skip.siteId),
      ...result.failures.map((f) => f.siteId),
    ];
    expect(accounted.sort()).toEqual(asked.sort());
    expect(result.failures.map((failure) => failure.siteId)).toEqual(['site-9999']);
  });

  it('sends the range in the format the dialect says, and leaves the granularity out when told', async () => {
    const dialect = {
      ...(VARIANT as object),
      rangeFormat: 'date',
      granularityParameter: null,
    } as CarbonDialectInput;
    const { client, transport } = clientOn(variant(), { carbonDialect: dialect });
    await getEmissions(client, {
      siteId: 'site-0001',
      granularity: 'PT15M',
      range: 'custom',
      from: '2025-01-06',
      to: '2025-01-07',
    });
    const url = new URL(String(transport.sent.at(-1)!.url));
    expect(url.searchParams.get('updatedAt[gte]')).toBe('2025-01-06');
    expect(url.searchParams.has('granularity')).toBe(false);
  });
});
