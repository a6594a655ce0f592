/**
 * Core against the simulator in both query dialects (`carbonDialect: 'contract' | 'sibling'` on both
 * sides): the same seed serves the same data, so whatever the dialect, core must read the same sites and
 * the same emissions, across several windows, and with the daily dates the sibling sends without a time.
 */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCarbonClient,
  createHttpClient,
  createPersonalAccessTokenAuth,
  type CarbonClient,
} from '../src/advanced.js';
import { createAxiosTransport, nodeRuntime } from '../src/node/index.js';

const transport = createAxiosTransport({ keepAlive: false });
const sims: Partial<Record<'contract' | 'sibling', SimulatorHandle>> = {};

beforeAll(async () => {
  [sims.contract, sims.sibling] = await Promise.all([
    startSimulator({ port: 0, sites: 3, carbonDialect: 'contract' }),
    startSimulator({ port: 0, sites: 3, carbonDialect: 'sibling' }),
  ]);
});
afterAll(async () => {
  transport.close();
  await Promise.all(Object.values(sims).map((sim) => sim.close()));
});

function carbon(dialect: 'contract' | 'sibling'): { client: CarbonClient; sim: SimulatorHandle } {
  const sim = sims[dialect] as SimulatorHandle;
  const http = createHttpClient({
    baseUrl: sim.urls.carbonApi,
    auth: createPersonalAccessTokenAuth({ token: 'demo-personal-access-token' }),
    transport,
    runtime: nodeRuntime,
  });
  return { client: createCarbonClient(http, { dialect }), sim };
}

const values = (response: Awaited<ReturnType<CarbonClient['getEmissions']>>) =>
  response.timeseries.map((series) => ({
    key: series.key,
    unit: series.unit,
    values: series.values.map((point) => ({ date: point.date.toISOString(), value: point.value })),
  }));

describe.each(['contract', 'sibling'] as const)('the %s dialect', (dialect) => {
  it('lists the sites (string or integer sourceSystemId)', async () => {
    const sites = await carbon(dialect).client.listSites();
    expect(sites.map((site) => site.id)).toEqual(['site-0001', 'site-0002', 'site-0003']);
    expect(typeof sites[0]?.sourceSystemId).toBe(dialect === 'sibling' ? 'number' : 'string');
  });

  it('reads 40 days of quarter hours across two windows with the dialect’s own parameters', async () => {
    const { client, sim } = carbon(dialect);
    sim.control.clearRequests();
    const response = await client.getEmissions('site-0001', {
      from: '2025-01-01T00:00:00Z',
      to: '2025-02-10T00:00:00Z',
      granularity: 'PT15M',
    });
    expect(response.timeseries[0]?.values).toHaveLength(40 * 96);
    const urls = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission/v1/sites/site-0001' });
    const parameter = dialect === 'sibling' ? 'updatedAt[gte]' : 'from';
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const entry of urls) expect(new URL(entry.url, sim.url).searchParams.has(parameter)).toBe(true);
  });
});

it('reads the same emissions in both dialects, date-only daily dates as midnight UTC', async () => {
  const query = { from: '2025-03-01T00:00:00Z', to: '2025-03-05T00:00:00Z', granularity: 'P1D' } as const;
  const [contract, sibling] = await Promise.all([
    carbon('contract').client.getEmissions('site-0002', query),
    carbon('sibling').client.getEmissions('site-0002', query),
  ]);
  expect(values(sibling)).toEqual(values(contract));
  expect(values(sibling)[0]?.values.map((point) => point.date)).toEqual([
    '2025-03-01T00:00:00.000Z',
    '2025-03-02T00:00:00.000Z',
    '2025-03-03T00:00:00.000Z',
    '2025-03-04T00:00:00.000Z',
  ]);
  expect(sibling.timeseries[0]?.values[0]?.dateOnly).toBe(true);
});
