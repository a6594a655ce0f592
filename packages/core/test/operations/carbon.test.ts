import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BatchError,
  compareToGridRate,
  customRequest,
  getEmissions,
  getGlobalRates,
  getSite,
  listSites,
  streamEmissions,
  ValidationError,
  type EmissionRow,
  type Runtime,
} from '../../src/index.js';
import { nodeRuntime } from '../../src/node/index.js';
import { clientOn, type TestClient } from './support.js';

let sim: SimulatorHandle;
let carbon: TestClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 12 });
  carbon = clientOn(sim);
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.control.clearFaults();
  sim.control.clearRequests();
});

const carbonRequests = () => sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' });

describe('List Sites and Get Site', () => {
  it('lists every site by default, as plain JSON', async () => {
    const result = await listSites(carbon.client);
    expect(result.items).toHaveLength(12);
    expect(result.items[0]).toMatchObject({ id: 'site-0001', postalAddress: expect.any(Object) });
    expect(JSON.parse(JSON.stringify(result.items))).toEqual(result.items);
    expect(result.warnings).toEqual([]);
  });

  it('filters by name, country and type, and limits when not returning all', async () => {
    const all = (await listSites(carbon.client)).items as Array<{
      name: string;
      type: string;
      postalAddress: { countryIsoCode: string };
    }>;
    const country = all[0]!.postalAddress.countryIsoCode;
    const byCountry = await listSites(carbon.client, { countryIsoCode: country.toLowerCase() });
    expect(byCountry.items.length).toBe(
      all.filter((site) => site.postalAddress.countryIsoCode === country).length,
    );
    const type = all[1]!.type;
    expect((await listSites(carbon.client, { type })).items.every((site) => site.type === type)).toBe(true);
    const word = all[2]!.name.split(' ')[0]!.toUpperCase();
    expect((await listSites(carbon.client, { nameContains: word })).items.length).toBeGreaterThan(0);
    expect((await listSites(carbon.client, { returnAll: false, limit: 3 })).items).toHaveLength(3);
    expect((await listSites(carbon.client, { returnAll: 'false' })).items).toHaveLength(12);
  });

  it('gets one site, and says which ID was not found', async () => {
    expect((await getSite(carbon.client, { siteId: 'site-0002' })).items[0]).toMatchObject({
      id: 'site-0002',
    });
    await expect(getSite(carbon.client, { siteId: 'site-9999' })).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('site-9999'),
    });
  });

  it('checks the form before any request', async () => {
    await expect(listSites(carbon.client, { countryIsoCode: 'France' })).rejects.toMatchObject({
      field: 'countryIsoCode',
    });
    await expect(listSites(carbon.client, { returnAll: false, limit: 0 })).rejects.toMatchObject({
      field: 'limit',
    });
    await expect(listSites(carbon.client, { output: 'xml' as never })).rejects.toMatchObject({
      field: 'output',
    });
    await expect(getSite(carbon.client, { siteId: '  ' })).rejects.toMatchObject({ field: 'siteId' });
    expect(carbonRequests()).toHaveLength(0);
  });

  it('raw output returns the API JSON untouched', async () => {
    const raw = await listSites(carbon.client, { output: 'raw' });
    const response = await fetch(`${sim.urls.carbonApi}/sites`, {
      headers: { authorization: 'Bearer demo-personal-access-token' },
    });
    expect(raw.items).toEqual(await response.json());
  });
});

describe('Get Emissions', () => {
  it('"last 7 days" at daily granularity gives 7 complete days per site, and says which', async () => {
    const result = await getEmissions(carbon.client, {
      siteIds: 'site-0001, site-0002',
      range: 'last7Days',
      granularity: 'P1D',
    });
    const rows = result.items as unknown as EmissionRow[];
    expect(rows).toHaveLength(14);
    expect(result.window).toMatchObject({ preset: 'last7Days', granularity: 'P1D', intervals: 7 });
    const days = rows.filter((row) => row.siteId === 'site-0001').map((row) => row.timestamp);
    expect(days[0]).toBe(result.window.from);
    expect(days.at(-1)).toBe(new Date(Date.parse(result.window.to!) - 86_400_000).toISOString());
    for (const row of rows) {
      expect(row.siteName).toEqual(expect.any(String));
      expect(Math.abs(row.kgCO2e! - (row.kWh! * row.gCO2ePerKWh!) / 1000)).toBeLessThan(0.001);
    }
  });

  it('"last 30 days" at daily granularity gives 30 rows per site (not 29)', async () => {
    const result = await getEmissions(carbon.client, {
      siteId: 'site-0003',
      range: 'last30Days',
      granularity: 'P1D',
    });
    expect(result.items).toHaveLength(30);
  });

  it('"last 24 hours" hourly gives 24 rows; the latest interval gives one', async () => {
    expect(
      (await getEmissions(carbon.client, { siteId: 'site-0001', range: 'last24Hours', granularity: 'PT1H' }))
        .items,
    ).toHaveLength(24);
    const latest = await getEmissions(carbon.client, { siteId: 'site-0001', granularity: 'PT1H' });
    expect(latest.items).toHaveLength(1);
    expect(latest.window).toMatchObject({ preset: 'latest', from: undefined });
  });

  it('series output is one item per site in the API shape, dates as ISO text', async () => {
    const result = await getEmissions(carbon.client, {
      siteId: 'site-0001',
      range: 'custom',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-02T00:00:00Z',
      granularity: 'PT1H',
      output: 'series',
    });
    expect(result.items).toHaveLength(1);
    const series = result.items[0] as {
      siteId: string;
      timeseries: Array<{ key: string; values: Array<{ date: string }> }>;
    };
    expect(series.siteId).toBe('site-0001');
    expect(series.timeseries.map((entry) => entry.key).sort()).toEqual([
      'activeEnergy',
      'co2Emission',
      'emissionFactor',
    ]);
    expect(series.timeseries[0]!.values).toHaveLength(24);
    expect(series.timeseries[0]!.values[0]!.date).toBe('2026-01-01T00:00:00.000Z');
  });

  it('follows every page and window: 40 days of 15-minute data without loss or repeat', async () => {
    const result = await getEmissions(carbon.client, {
      siteId: 'site-0004',
      range: 'custom',
      from: '2025-10-01T00:00:00Z',
      to: '2025-11-10T00:00:00Z',
      granularity: 'PT15M',
    });
    expect(result.items).toHaveLength(40 * 96);
    expect(new Set(result.items.map((row) => row.timestamp)).size).toBe(40 * 96);
    // 2 windows (31-day limit), each more than one page of 1000 points.
    expect(carbonRequests().filter((entry) => entry.url.includes('carbon-emissions')).length).toBeGreaterThan(
      2,
    );
  });

  it('raw output passes every page on untouched', async () => {
    const result = await getEmissions(carbon.client, {
      siteId: 'site-0001',
      range: 'last24Hours',
      granularity: 'PT1H',
      output: 'raw',
    });
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({
      siteId: 'site-0001',
      page: 1,
      body: { siteId: 'site-0001', paging: expect.any(Object) },
    });
    expect(result.warnings).toEqual([]);
  });

  it('fails naming every site that failed, keeping what arrived', async () => {
    const error = await getEmissions(carbon.client, {
      siteIds: ['site-0001', 'site-9999'],
      range: 'last24Hours',
      granularity: 'PT1H',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BatchError);
    expect((error as BatchError).message).toContain('site site-9999');
    expect((error as BatchError).failures).toHaveLength(1);
  });

  it('on request, keeps the sites that succeeded and lists the failed ones, failing only when all failed', async () => {
    const result = await getEmissions(carbon.client, {
      siteIds: ['site-0001', 'site-9999'],
      range: 'last24Hours',
      granularity: 'PT1H',
      onSiteFailure: 'continue',
    });
    expect(result.items).toHaveLength(24);
    expect(result.items.every((row) => row.siteId === 'site-0001')).toBe(true);
    expect(result.failures).toEqual([
      {
        siteId: 'site-9999',
        message: expect.stringContaining('404'),
        description: expect.any(String),
        code: 'API_ERROR',
        httpCode: 404,
      },
    ]);

    const allFailed = await getEmissions(carbon.client, {
      siteIds: ['site-9998', 'site-9999'],
      range: 'last24Hours',
      granularity: 'PT1H',
      onSiteFailure: 'continue',
    }).catch((caught: unknown) => caught);
    expect(allFailed).toBeInstanceOf(BatchError);
    expect((allFailed as BatchError).failures).toHaveLength(2);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ range: 'last7Days' }, 'siteId'],
    [{ siteId: 'site-0001', range: 'lastWeek' }, 'range'],
    [{ siteId: 'site-0001', range: 'custom', from: '2026-01-01' }, 'to'],
    [{ siteId: 'site-0001', granularity: 'hourly' }, 'granularity'],
    [{ siteId: 'site-0001', method: 'average' }, 'method'],
    [{ siteId: 'site-0001', output: 'csv' }, 'output'],
    [{ siteId: 'site-0001', onSiteFailure: 'skip' }, 'onSiteFailure'],
    [{ siteId: 'site-0001', range: 'today', granularity: 'P1D' }, 'range'],
  ])('refuses %j before any request, naming %s', async (params, field) => {
    await expect(getEmissions(carbon.client, params as never)).rejects.toMatchObject({
      field,
      code: 'VALIDATION_FAILED',
    });
    expect(() => streamEmissions(carbon.client, params as never)).toThrow(ValidationError);
    expect(carbonRequests()).toHaveLength(0);
  });
});

describe('the site list behind rows', () => {
  const siteListRequests = () =>
    sim.control
      .requests({ pathPrefix: '/ecostruxure/carbon-emission' })
      .filter((request) => request.method === 'GET' && /\/sites(\?|$)/.test(request.url));
  let time = Date.now();
  const movableClock: Runtime = { ...nodeRuntime, now: () => time };

  it('is listed once for calls one site at a time, at once or one after the other', async () => {
    const { client } = clientOn(sim, { runtime: movableClock });
    const ids = ['site-0001', 'site-0002', 'site-0003', 'site-0004'];
    const atOnce = await Promise.all(ids.map((siteId) => getEmissions(client, { siteId })));
    const after = await getEmissions(client, { siteId: 'site-0005' });
    expect(siteListRequests()).toHaveLength(1);
    // Every row still carries its site's name.
    for (const [index, result] of [...atOnce, after].entries()) {
      const row = result.items[0] as unknown as EmissionRow;
      expect(row.siteId).toBe(index < 4 ? ids[index] : 'site-0005');
      expect(row.siteName).toEqual(expect.any(String));
    }
  });

  it('is listed again after a minute, and at once when a site is missing from it', async () => {
    const { client } = clientOn(sim, { runtime: movableClock });
    await getEmissions(client, { siteId: 'site-0001' });
    time += 59_000;
    await getEmissions(client, { siteId: 'site-0002' });
    expect(siteListRequests()).toHaveLength(1);
    time += 2_000;
    await getEmissions(client, { siteId: 'site-0002' });
    expect(siteListRequests()).toHaveLength(2);
    // An ID the kept list lacks may be a site added since: the list is fetched before the call fails.
    await expect(getEmissions(client, { siteId: 'site-9999' })).rejects.toThrow(/site-9999/);
    expect(siteListRequests()).toHaveLength(3);
  });

  it('is asked for beside the emission requests, not before them', async () => {
    const { client } = clientOn(sim, { runtime: movableClock });
    time += 120_000; // nothing kept from the tests above
    // Every answer comes a second late: asked one after the other, the two requests would be a second apart.
    sim.control.addFault({ kind: 'delay', delayMs: 1_000, route: 'GET /ecostruxure/carbon-emission/*' });
    const rows = (await getEmissions(client, { siteId: 'site-0001' })).items as unknown as EmissionRow[];
    expect(rows[0]?.siteName).toEqual(expect.any(String));
    const [listed] = siteListRequests();
    const emission = carbonRequests().find((request) => request.url.includes('/carbon-emissions'));
    expect(Math.abs(Date.parse(emission!.at) - Date.parse(listed!.at))).toBeLessThan(500);
  });

  it('never keeps a failed listing', async () => {
    const { client } = clientOn(sim, { runtime: movableClock });
    sim.control.addFault({
      kind: 'status',
      status: 503,
      route: 'GET /ecostruxure/carbon-emission/v1/sites',
    });
    await expect(getEmissions(client, { siteId: 'site-0001' })).rejects.toThrow(/503/);
    const failedAttempts = siteListRequests().length;
    sim.control.clearFaults();
    const rows = (await getEmissions(client, { siteId: 'site-0001' })).items as unknown as EmissionRow[];
    expect(rows[0]?.siteName).toEqual(expect.any(String));
    expect(siteListRequests()).toHaveLength(failedAttempts + 1);
  });
});

describe('streamEmissions', () => {
  it('yields page by page and adds up to the buffered rows', async () => {
    const params = {
      siteIds: ['site-0001', 'site-0002', 'site-0003'],
      range: 'custom' as const,
      from: '2025-12-01T00:00:00Z',
      to: '2025-12-15T00:00:00Z',
      granularity: 'PT15M',
    };
    const progress: number[] = [];
    const batches = [];
    for await (const batch of streamEmissions(carbon.client, params, {
      onProgress: (event) => progress.push(event.completed),
    })) {
      batches.push(batch);
    }
    // 14 days of 15-minute data is 1344 points per site: two pages of at most 1000.
    expect(batches).toHaveLength(6);
    expect(
      batches
        .filter((batch) => batch.lastOfSite)
        .map((batch) => batch.siteId)
        .sort(),
    ).toEqual(params.siteIds);
    const streamed = batches.flatMap((batch) => batch.items);
    const buffered = (await getEmissions(carbon.client, params)).items;
    const key = (row: Record<string, unknown>) => `${String(row.siteId)}|${String(row.timestamp)}`;
    expect(streamed.map(key).sort()).toEqual(buffered.map(key).sort());
    expect(progress).toEqual([1, 2, 3]);
  });

  it("marks only the last page of the last window as the site's last, across windows", async () => {
    // 40 days of 15-minute data: windows of 31 and 9 days (at most 31 each), 3 + 1 pages of at most 1000.
    const batches = [];
    for await (const batch of streamEmissions(carbon.client, {
      siteId: 'site-0004',
      range: 'custom',
      from: '2025-10-01T00:00:00Z',
      to: '2025-11-10T00:00:00Z',
      granularity: 'PT15M',
    })) {
      batches.push(batch);
    }
    expect(batches.map((batch) => [batch.page, batch.lastOfSite])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(batches.flatMap((batch) => batch.items)).toHaveLength(40 * 96);
  });

  it('stops fetching when the consumer stops early', async () => {
    const stream = streamEmissions(carbon.client, {
      siteIds: [
        'site-0001',
        'site-0002',
        'site-0003',
        'site-0004',
        'site-0005',
        'site-0006',
        'site-0007',
        'site-0008',
      ],
      range: 'custom',
      from: '2025-06-01T00:00:00Z',
      to: '2025-08-01T00:00:00Z',
      granularity: 'PT15M',
    });
    for await (const batch of stream) {
      expect(batch.items.length).toBeGreaterThan(0);
      break;
    }
    // Requests already on the wire may still reach the log (a busy machine takes its time); after that,
    // nothing new starts.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const sent = carbonRequests().length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(carbonRequests().length).toBe(sent);
    // 8 sites x 2 months of 15-minute data would be over 50 requests.
    expect(sent).toBeLessThan(30);
  });

  it('reports a failed page as an error, never a silent gap', async () => {
    sim.control.addFault({
      kind: 'status',
      status: 500,
      route: 'GET /ecostruxure/carbon-emission/v1/sites/site-0002/*',
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const batch of streamEmissions(carbon.client, {
          siteIds: 'site-0001,site-0002',
          range: 'last24Hours',
          granularity: 'PT1H',
        })) {
          seen.push(batch.siteId);
        }
      })(),
    ).rejects.toMatchObject({ message: expect.stringContaining('site-0002') });
    expect(seen).not.toContain('site-0002');
  });
});

describe('streamEmissions going on past a failed site', () => {
  const twoWeeks = {
    siteIds: ['site-0001', 'site-0002', 'site-0003'],
    range: 'custom' as const,
    from: '2025-12-01T00:00:00Z',
    to: '2025-12-15T00:00:00Z',
    granularity: 'PT15M',
    onSiteFailure: 'continue' as const,
  };
  /** Reads a stream to its end, keeping the batches and what it ended with. */
  async function drain(stream: ReturnType<typeof streamEmissions>) {
    const batches = [];
    for (;;) {
      const step = await stream.next();
      if (step.done === true) return { batches, end: step.value };
      batches.push(step.value);
    }
  }

  it("passes on every page that arrived, the failed site's first page too, and names the site at the end", async () => {
    // Page 1 of site-0002 answers; its page 2 is a truncated body (not retried): the site fails mid-way.
    sim.control.addFault({
      kind: 'malformed-json',
      after: 1,
      route: 'GET /ecostruxure/carbon-emission/v1/sites/site-0002/carbon-emissions',
    });
    const progress: Array<{ completed: number; failed: number }> = [];
    const { batches, end } = await drain(
      streamEmissions(carbon.client, twoWeeks, {
        onProgress: ({ completed, failed }) => progress.push({ completed, failed }),
      }),
    );
    const pagesOf = (siteId: string) => batches.filter((batch) => batch.siteId === siteId);
    for (const siteId of ['site-0001', 'site-0003']) {
      expect(pagesOf(siteId).map((batch) => batch.lastOfSite)).toEqual([false, true]);
      expect(pagesOf(siteId).flatMap((batch) => batch.items)).toHaveLength(1344);
    }
    // The page that arrived is passed on, but never marked as the site's last.
    expect(pagesOf('site-0002').map((batch) => [batch.page, batch.lastOfSite])).toEqual([[1, false]]);
    expect(pagesOf('site-0002')[0]!.items).toHaveLength(1000);
    expect(end.failures).toEqual([
      expect.objectContaining({
        siteId: 'site-0002',
        code: 'INVALID_RESPONSE',
        message: expect.stringContaining('page 2'),
        description: expect.any(String),
      }),
    ]);
    expect(progress.at(-1)).toEqual({ completed: 3, failed: 1 });
  });

  it('still fails when every site failed: there is nothing to go on with', async () => {
    sim.control.addFault({
      kind: 'malformed-json',
      route: 'GET /ecostruxure/carbon-emission/v1/sites/*/carbon-emissions',
    });
    await expect(drain(streamEmissions(carbon.client, twoWeeks))).rejects.toBeInstanceOf(BatchError);
  });

  it('raw output from getEmissions lists the failed site instead of dropping it', async () => {
    sim.control.addFault({
      kind: 'malformed-json',
      route: 'GET /ecostruxure/carbon-emission/v1/sites/site-0002/carbon-emissions',
    });
    const result = await getEmissions(carbon.client, { ...twoWeeks, output: 'raw' });
    expect(result.failures.map((failure) => failure.siteId)).toEqual(['site-0002']);
    expect(new Set(result.items.map((item) => item.siteId))).toEqual(new Set(['site-0001', 'site-0003']));
  });
});

describe('global rates and the grid comparison', () => {
  it('gets the rates of one country, checked', async () => {
    const result = await getGlobalRates(carbon.client, { countryIsoCode: 'fr' });
    expect(result.items).toEqual([expect.objectContaining({ countryIsoCode: 'FR', unit: 'gCO2e/kWh' })]);
    await expect(getGlobalRates(carbon.client, { year: '1900' })).rejects.toMatchObject({ field: 'year' });
  });

  it('compares sites to their grid and reports each crossing once across runs', async () => {
    const first = await compareToGridRate(carbon.client, { thresholdPercent: 25 });
    expect(first.items.length).toBe(12);
    const above = first.items.filter((item) => item.above).map((item) => item.siteId);
    expect(above).toEqual(expect.arrayContaining(['site-0003', 'site-0008']));
    expect(
      first.events
        .filter((event) => event.type === 'crossed')
        .map((event) => event.siteId)
        .sort(),
    ).toEqual([...above].sort());
    const second = await compareToGridRate(carbon.client, { thresholdPercent: '25', state: first.state });
    expect(second.events).toEqual([]);
    expect(second.items.filter((item) => item.above).map((item) => item.siteId)).toEqual(above);
  });

  it('refuses a threshold that is not a number, before any request', async () => {
    await expect(compareToGridRate(carbon.client, { thresholdPercent: 'high' })).rejects.toMatchObject({
      field: 'thresholdPercent',
    });
    expect(carbonRequests()).toHaveLength(0);
  });
});

describe('custom API call', () => {
  it('calls any path under the gateway with the same credential', async () => {
    const result = await customRequest(carbon.client, {
      path: '/ecostruxure/carbon-emission/v1/sites/site-0001',
    });
    expect(result.items[0]).toMatchObject({ status: 200, body: { id: 'site-0001' } });
    const viaApi = await customRequest(carbon.client, {
      api: 'carbon',
      method: 'get',
      path: 'global-rates',
      query: '{"countryIsoCode":"DE"}',
    });
    expect(viaApi.items[0]).toMatchObject({
      status: 200,
      body: [expect.objectContaining({ countryIsoCode: 'DE' })],
    });
  });

  it('maps errors like every other operation, and never sends the credential elsewhere', async () => {
    await expect(
      customRequest(carbon.client, { path: '/ecostruxure/carbon-emission/v1/nowhere' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      customRequest(carbon.client, { path: 'https://elsewhere.example/steal' }),
    ).rejects.toMatchObject({ field: 'path' });
    await expect(customRequest(carbon.client, { path: '//elsewhere.example/steal' })).rejects.toMatchObject({
      field: 'path',
    });
    await expect(
      customRequest(carbon.client, { path: '/x', method: 'GET', body: '{"a":1}' }),
    ).rejects.toMatchObject({ field: 'body' });
  });
});
