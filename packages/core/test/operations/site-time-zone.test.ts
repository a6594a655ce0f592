/** Get Emissions in the site's own time zone, from the address the site list gives. */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEmissions, listSites, streamEmissions, ValidationError } from '../../src/index.js';
import { clientOn, type TestClient } from './support.js';

let sim: SimulatorHandle;
let carbon: TestClient;
let zoneOf: Map<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 12 });
  carbon = clientOn(sim);
  const sites = (await listSites(carbon.client)).items as {
    id: string;
    postalAddress: { timezone: string };
  }[];
  zoneOf = new Map(sites.map((site) => [site.id, site.postalAddress.timezone]));
});
afterAll(async () => {
  await sim.close();
});

describe("Get Emissions in the site's own time zone", () => {
  it("reads yesterday as the site's yesterday, hour by hour", async () => {
    const siteId = 'site-0001';
    const result = await getEmissions(carbon.client, {
      siteId,
      range: 'yesterday',
      granularity: 'PT1H',
      timeZone: 'site',
    });
    const zone = zoneOf.get(siteId)!;
    expect(result.window.timeZone).toBe(zone);
    expect(result.window.description).toContain(zone);
    // Local midnight to local midnight: 23, 24 or 25 hourly rows, starting at the site's midnight.
    expect(result.items.length).toBe(result.window.intervals);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' });
    expect(local.format(new Date(result.window.from!))).toBe('00');
    expect(result.items[0]).toMatchObject({ siteId, timestamp: result.window.from });
  });

  it('refuses sites in different zones in one call, naming them, before any emission request', async () => {
    const [first, other] = [...zoneOf].reduce<[string, string | undefined]>(
      (pair, [id, zone]) => (pair[1] === undefined && zone !== zoneOf.get(pair[0]) ? [pair[0], id] : pair),
      ['site-0001', undefined],
    );
    expect(other).toBeDefined();
    sim.control.clearRequests();
    const call = getEmissions(carbon.client, {
      siteIds: [first, other!],
      range: 'yesterday',
      granularity: 'PT1H',
      timeZone: 'site',
    });
    await expect(call).rejects.toBeInstanceOf(ValidationError);
    await expect(call).rejects.toThrow(`${other} in ${zoneOf.get(other!)}`);
    expect(sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission/v1/sites/' })).toHaveLength(0);
  });

  it('streams page by page in the site zone too', async () => {
    const stream = streamEmissions(carbon.client, {
      siteId: 'site-0002',
      range: 'yesterday',
      granularity: 'PT1H',
      timeZone: 'site',
    });
    const first = await stream.next();
    expect(first.done).toBe(false);
    if (first.done !== true) expect(first.value.window.timeZone).toBe(zoneOf.get('site-0002'));
    await stream.return({ failures: [], skipped: [] });
  });
});
