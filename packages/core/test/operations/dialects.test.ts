/** The operations give the same rows whichever dialect the API speaks, once the client is told which. */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getEmissions, listSites } from '../../src/index.js';
import { clientOn } from './support.js';

let contract: SimulatorHandle;
let sibling: SimulatorHandle;

beforeAll(async () => {
  [contract, sibling] = await Promise.all([
    startSimulator({ port: 0, sites: 2, carbonDialect: 'contract' }),
    startSimulator({ port: 0, sites: 2, carbonDialect: 'sibling' }),
  ]);
});
afterAll(async () => {
  await Promise.all([contract.close(), sibling.close()]);
});

it('Get Emissions rows and List Sites match across the contract and sibling dialects', async () => {
  const params = { siteIds: 'site-0001,site-0002', range: 'last7Days', granularity: 'P1D' } as const;
  const fromContract = await getEmissions(clientOn(contract).client, params);
  const fromSibling = await getEmissions(clientOn(sibling, { carbonDialect: 'sibling' }).client, params);
  const numbers = (items: Array<Record<string, unknown>>) =>
    items.map(({ siteId, timestamp, kgCO2e, kWh, gCO2ePerKWh }) => ({
      siteId,
      timestamp,
      kgCO2e,
      kWh,
      gCO2ePerKWh,
    }));
  expect(fromSibling.items).toHaveLength(14);
  expect(numbers(fromSibling.items)).toEqual(numbers(fromContract.items));
  expect(fromSibling.window).toEqual(fromContract.window);
  // The sibling's daily dates come without a time: read as midnight UTC, and said so.
  expect(fromSibling.warnings.map((warning) => warning.message).join(' ')).toMatch(/midnight UTC/);
  const sites = await listSites(clientOn(sibling, { carbonDialect: 'sibling' }).client);
  expect(sites.items.map((site) => typeof site.sourceSystemId)).toEqual(['number', 'number']);
});
