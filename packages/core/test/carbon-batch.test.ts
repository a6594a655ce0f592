import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, ValidationError } from '../src/index.js';
import {
  createCarbonClient,
  findSitesAboveGlobalRate,
  latestEmissionSamples,
  type CarbonClient,
  type ProgressEvent,
} from '../src/advanced.js';
import { carbonHttp, observedTransport } from './helpers/simulator-clients.js';

const BASE = '/ecostruxure/carbon-emission/v1';
let sim: SimulatorHandle;
let carbon: CarbonClient;
const transport = observedTransport();

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  carbon = createCarbonClient(carbonHttp(sim, { maxConcurrency: 3, transport }));
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.control.clearFaults();
  sim.control.clearRequests();
});

const emissionRequests = () =>
  sim.control.requests({ pathPrefix: BASE }).filter((request) => request.url.includes('/carbon-emissions'));

describe('getEmissionsForSites', () => {
  it('returns one result per site in input order and reports failures explicitly', async () => {
    const ids = sim.control.siteIds().slice(0, 8);
    sim.control.addFault({ kind: 'status', status: 503, route: `GET ${BASE}/sites/${ids[2]}/*` });
    const requested = [...ids, 'site-9999'];
    const progress: ProgressEvent[] = [];
    const results = await carbon.getEmissionsForSites(
      requested,
      { from: '2025-06-01T00:00:00Z', to: '2025-06-02T00:00:00Z', granularity: 'PT1H' },
      { onProgress: (event) => progress.push(event) },
    );
    expect(results.map((result) => result.siteId)).toEqual(requested);
    const failed = results.filter((result) => !result.ok);
    expect(failed.map((result) => result.siteId)).toEqual([ids[2], 'site-9999']);
    const [unavailable, unknown] = failed.map((result) => (result.ok ? undefined : result.error));
    expect(unavailable).toBeInstanceOf(ApiError);
    expect((unavailable as ApiError).status).toBe(503);
    expect((unavailable as Error).message).toContain(`"${ids[2]}"`);
    expect((unknown as ApiError).status).toBe(404);
    for (const result of results) {
      if (result.ok) expect(result.emissions.timeseries[0]?.values).toHaveLength(24);
    }
    expect(progress).toHaveLength(requested.length);
    expect(progress.at(-1)).toEqual({ completed: requested.length, total: requested.length, failed: 2 });
  });

  it('never has more requests in flight than the concurrency limit', async () => {
    sim.control.addFault({ kind: 'delay', delayMs: 30, route: `GET ${BASE}/sites/*` });
    transport.reset();
    const ids = sim.control.siteIds().slice(0, 9);
    const results = await carbon.getEmissionsForSites(ids, { granularity: 'P1D' });
    expect(results.every((result) => result.ok)).toBe(true);
    expect(emissionRequests()).toHaveLength(9);
    expect(transport.peak).toBe(3);
  });

  it('rejects an invalid range once, before any request', async () => {
    await expect(
      carbon.getEmissionsForSites(['site-0001', 'site-0002'], { from: '2025-01-01T00:00:00Z' }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(emissionRequests()).toHaveLength(0);
  });

  it('reports a blank site ID as that site’s failure', async () => {
    const results = await carbon.getEmissionsForSites(['site-0001', ''], {});
    expect(results[0]?.ok).toBe(true);
    expect(results[1]).toMatchObject({ siteId: '', ok: false });
    expect(results[1]?.ok === false && results[1].error).toBeInstanceOf(ValidationError);
    expect(emissionRequests()).toHaveLength(1);
  });
});

describe('threshold helpers', () => {
  it('turns the latest interval of each site into samples', async () => {
    const ids = sim.control.siteIds().slice(0, 4);
    const { samples, failures } = await latestEmissionSamples(carbon, [...ids, 'site-9999'], {
      granularity: 'PT1H',
    });
    expect(samples.map((sample) => sample.siteId)).toEqual(ids);
    for (const sample of samples) {
      expect(sample.kgCO2e).toBeGreaterThan(0);
      expect(sample.kWh).toBeGreaterThan(0);
      expect(sample.emissionFactor).toBeCloseTo(((sample.kgCO2e ?? 0) * 1000) / (sample.kWh ?? 1), 0);
    }
    expect(failures.map((failure) => failure.siteId)).toEqual(['site-9999']);
  });

  it('finds the sites whose intensity is above their country’s global rate', async () => {
    const result = await findSitesAboveGlobalRate(carbon, { percentAbove: 0, granularity: 'PT1H' });
    const siteCount = sim.control.siteIds().length;
    expect(result.failures).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.sites).toHaveLength(siteCount);
    for (const site of result.sites) {
      expect(site.percentAboveGlobalRate).toBeCloseTo((site.intensity / site.globalRate - 1) * 100, 6);
      expect(site.above).toBe(site.percentAboveGlobalRate > 0);
    }
    expect(result.above.map((site) => site.siteId)).toEqual(
      result.sites.filter((site) => site.above).map((site) => site.siteId),
    );
    expect(
      result.events
        .filter((event) => event.type === 'crossed')
        .map((event) => event.siteId)
        .sort(),
    ).toEqual(result.above.map((site) => site.siteId).sort());
    // One global-rate request per country, not per site.
    const rateRequests = sim.control.requests({ pathPrefix: `${BASE}/global-rates` });
    const countries = new Set((await carbon.listSites()).map((site) => site.postalAddress?.countryIsoCode));
    expect(rateRequests).toHaveLength(countries.size);

    // A second run in the same interval repeats no event but still shows where each site stands.
    const again = await findSitesAboveGlobalRate(carbon, {
      percentAbove: 0,
      granularity: 'PT1H',
      state: result.state,
    });
    expect(again.events).toEqual([]);
    expect(again.sites.map((site) => site.siteId)).toEqual(result.sites.map((site) => site.siteId));
  });

  it('limits the comparison to the given sites and reports unknown ones', async () => {
    const [first] = sim.control.siteIds();
    const result = await findSitesAboveGlobalRate(carbon, {
      percentAbove: 10,
      siteIds: [first ?? '', 'nope'],
    });
    expect(result.sites.map((site) => site.siteId)).toEqual([first]);
    expect(result.failures.map((failure) => failure.siteId)).toEqual(['nope']);
    await expect(findSitesAboveGlobalRate(carbon, { percentAbove: Number.NaN })).rejects.toMatchObject({
      field: 'percentAbove',
    });
  });
});
