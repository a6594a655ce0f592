import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, ValidationError, type EmissionsResponse } from '../src/index.js';
import {
  createCarbonClient,
  emissionsFailureContext,
  type CarbonClient,
  type EmissionsPageEvent,
} from '../src/advanced.js';
import { carbonHttp } from './helpers/simulator-clients.js';

const BASE = '/ecostruxure/carbon-emission/v1';
let sim: SimulatorHandle;
let carbon: CarbonClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  carbon = createCarbonClient(carbonHttp(sim));
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.control.clearFaults();
  sim.control.clearRequests();
});

const apiRequests = () => sim.control.requests({ pathPrefix: BASE });
const queryOf = (url: string) => new URL(url, 'http://x').searchParams;

/** Every (series, date) pair of a response, to compare responses point by point. */
function points(response: EmissionsResponse): string[] {
  return response.timeseries.flatMap((series) =>
    series.values.map((value) => `${series.key}|${value.date.toISOString()}|${value.value}`),
  );
}

function datesOf(response: EmissionsResponse, key = 'co2Emission'): number[] {
  return (
    response.timeseries.find((series) => series.key === key)?.values.map((value) => value.date.getTime()) ??
    []
  );
}

describe('sites', () => {
  it('lists every site and reads one', async () => {
    const sites = await carbon.listSites();
    expect(sites.map((site) => site.id)).toEqual(sim.control.siteIds());
    const first = sites[0];
    expect(first?.postalAddress?.countryIsoCode).toMatch(/^[A-Z]{2}$/);
    const site = await carbon.getSite(first?.id ?? '');
    expect(site).toEqual(first);
  });

  it('keeps a hostile site ID inside its path segment and reports the 404', async () => {
    const error = await carbon.getSite('../x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    const emissionsError = await carbon.getEmissions('../x').catch((caught: unknown) => caught);
    expect(emissionsError).toBeInstanceOf(ApiError);
    expect((emissionsError as ApiError).status).toBe(404);
    expect((emissionsError as Error).message).toContain('"../x"');
    expect(emissionsFailureContext(emissionsError)).toEqual({ siteId: '../x', window: undefined, page: 1 });
    const urls = apiRequests().map((request) => request.url.split('?')[0]);
    expect(urls).toEqual([`${BASE}/sites/%2E%2E%2Fx`, `${BASE}/sites/%2E%2E%2Fx/carbon-emissions`]);
    expect(apiRequests().every((request) => request.status === 404)).toBe(true);
  });
});

describe('emissions', () => {
  it('fetches the latest complete interval without a range', async () => {
    const latest = await carbon.getEmissions('site-0002', { granularity: 'PT1H' });
    expect(latest.siteId).toBe('site-0002');
    expect(latest.granularity).toBe('PT1H');
    expect(latest.timeseries.map((series) => series.key).sort()).toEqual([
      'activeEnergy',
      'co2Emission',
      'emissionFactor',
    ]);
    for (const series of latest.timeseries) expect(series.values).toHaveLength(1);
    const [request] = apiRequests();
    expect(queryOf(request?.url ?? '').has('from')).toBe(false);
    expect(queryOf(request?.url ?? '').has('to')).toBe(false);
  });

  it('follows every page: nothing lost or repeated compared with one large page', async () => {
    const range = { from: '2025-01-01T00:00:00Z', to: '2025-01-08T00:00:00Z', granularity: 'PT1H' };
    const whole = await carbon.getEmissions('site-0003', { ...range, pageSize: 1000 });
    expect(apiRequests()).toHaveLength(1);
    sim.control.clearRequests();

    const events: EmissionsPageEvent[] = [];
    const paged = await carbon.getEmissions('site-0003', {
      ...range,
      pageSize: 50,
      onPage: (event) => events.push(event),
    });
    const requests = apiRequests();
    expect(requests.map((request) => queryOf(request.url).get('page'))).toEqual(['1', '2', '3', '4']);
    expect(events.map((event) => [event.page, event.totalPages])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(datesOf(whole)).toHaveLength(7 * 24);
    expect(points(paged)).toEqual(points(whole));
    const dates = datesOf(paged);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    expect(paged.from?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(paged.paging).toBeUndefined();
  });

  it('splits a 100-day PT1H range into two windows and returns every hour once', async () => {
    const from = '2025-02-01T00:00:00Z';
    const to = '2025-05-12T00:00:00Z';
    const events: EmissionsPageEvent[] = [];
    const emissions = await carbon.getEmissions('site-0004', {
      from,
      to,
      granularity: 'PT1H',
      onPage: (event) => events.push(event),
    });
    const windows = new Set(
      apiRequests().map((request) => `${queryOf(request.url).get('from')}/${queryOf(request.url).get('to')}`),
    );
    expect([...windows]).toEqual([
      '2025-02-01T00:00:00.000Z/2025-05-04T00:00:00.000Z',
      '2025-05-04T00:00:00.000Z/2025-05-12T00:00:00.000Z',
    ]);
    expect(apiRequests().every((request) => request.status === 200)).toBe(true);
    expect(new Set(events.map((event) => event.windowIndex))).toEqual(new Set([0, 1]));
    const dates = datesOf(emissions);
    expect(dates).toHaveLength(100 * 24);
    expect(dates.every((date, index) => index === 0 || date - (dates[index - 1] ?? 0) === 3_600_000)).toBe(
      true,
    );
    expect(dates[0]).toBe(Date.parse(from));
    for (const series of emissions.timeseries) expect(series.values).toHaveLength(100 * 24);
  });

  it.each([
    [{ from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'to'],
    [{ from: '2025-01-01T00:00:00Z' }, 'to'],
    [{ to: '2025-01-01T00:00:00Z' }, 'from'],
    [{ from: 'last week', to: '2025-01-01T00:00:00Z' }, 'from'],
    [{ from: '2025-01-01T00:00:00Z', to: '2025-13-01T00:00:00Z' }, 'to'],
    [{ granularity: 'PT30M' }, 'granularity'],
  ])('rejects %j before sending anything (field %s)', async (options, field) => {
    const error = await carbon.getEmissions('site-0001', options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(apiRequests()).toHaveLength(0);
  });

  it('rejects a blank site ID before sending anything', async () => {
    await expect(carbon.getEmissions(' ')).rejects.toMatchObject({ field: 'siteId' });
    expect(apiRequests()).toHaveLength(0);
  });

  it('retries a page that failed once and still returns everything', async () => {
    const range = {
      from: '2025-03-01T00:00:00Z',
      to: '2025-03-03T00:00:00Z',
      granularity: 'PT1H',
      pageSize: 10,
    };
    const baseline = await carbon.getEmissions('site-0005', range);
    sim.control.clearRequests();
    const result = await carbon.getEmissions('site-0005', {
      ...range,
      onPage: (event) => {
        if (event.page === 2)
          sim.control.addFault({
            kind: 'status',
            status: 503,
            route: `GET ${BASE}/sites/site-0005/*`,
            count: 1,
          });
      },
    });
    expect(points(result)).toEqual(points(baseline));
    expect(apiRequests().filter((request) => request.status === 503)).toHaveLength(1);
  });

  it('rejects naming the site, window and page when a page keeps failing', async () => {
    const error = await carbon
      .getEmissions('site-0006', {
        from: '2025-03-01T00:00:00Z',
        to: '2025-03-03T00:00:00Z',
        granularity: 'PT1H',
        pageSize: 10,
        onPage: (event) => {
          if (event.page === 1)
            sim.control.addFault({ kind: 'status', status: 503, route: `GET ${BASE}/sites/site-0006/*` });
        },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect((error as Error).message).toMatch(
      /site "site-0006", window 1 of 1 \(2025-03-01T00:00:00.000Z to 2025-03-03T00:00:00.000Z\), page 2/,
    );
    expect(emissionsFailureContext(error)).toMatchObject({ siteId: 'site-0006', page: 2 });
    // One page 1, then every attempt at page 2; page 3 was never reached.
    expect(apiRequests().map((request) => queryOf(request.url).get('page'))).toEqual([
      '1',
      '2',
      '2',
      '2',
      '2',
    ]);
  });
});

describe('global rates', () => {
  it('lists all countries, one country, and a past year', async () => {
    const all = await carbon.getGlobalRates();
    expect(all.length).toBeGreaterThan(10);
    const [france] = await carbon.getGlobalRates({ countryIsoCode: 'fr' });
    expect(france?.countryIsoCode).toBe('FR');
    expect(france?.unit).toBe('gCO2e/kWh');
    const [older] = await carbon.getGlobalRates({ countryIsoCode: 'FR', year: 2015 });
    expect(String(older?.period)).toBe('2015');
    expect(older?.value).toBeGreaterThan(france?.value ?? 0);
  });

  it('reports a country the dataset lacks as a 404', async () => {
    await expect(carbon.getGlobalRates({ countryIsoCode: 'XX' })).rejects.toMatchObject({ status: 404 });
  });
});
