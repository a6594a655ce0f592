/**
 * The polls behind both adapters' triggers carry what core read leniently or checked against the window
 * (numbers sent as text, points outside the window), as the operations do, rather than dropping it; the
 * helpers give each distinct warning once with its count, and only the ones a previous poll did not say.
 */
import {
  startSimulator,
  VARIANT_CLIENT_DIALECT,
  VARIANT_SERIES_MAP,
  type SimulatorHandle,
} from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareToGridRate,
  distinctWarnings,
  freshWarnings,
  pollEmissionThreshold,
  pollNewEmissions,
  type CarbonDialectInput,
} from '../../src/index.js';
import { clientOn } from './support.js';

const VARIANT: CarbonDialectInput = { ...VARIANT_CLIENT_DIALECT, seriesMap: VARIANT_SERIES_MAP };
const SITES = 'site-0001,site-0002';
const TEXT_NUMBERS = /^\d+ value\(s\) came as text \(first at .+\) and were read as numbers\.$/;

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 3, carbonDialect: 'variant' });
});
afterAll(async () => {
  await sim.close();
});

const variantClient = () => clientOn(sim, { carbonDialect: VARIANT }).client;
const messages = (warnings: ReadonlyArray<{ message: string }>) => warnings.map((warning) => warning.message);

describe('poll warnings', () => {
  it('New Emission Data carries the numbers the API sent as text', async () => {
    const result = await pollNewEmissions(variantClient(), { siteIds: SITES, granularity: 'PT1H' });
    expect(messages(result.warnings)).toContainEqual(expect.stringMatching(TEXT_NUMBERS));
  });

  it.each(['kgCO2e', 'intensity'])('the %s threshold poll carries them too', async (metric) => {
    const result = await pollEmissionThreshold(variantClient(), {
      siteIds: SITES,
      metric,
      above: 1_000_000,
      granularity: 'PT1H',
    });
    expect(messages(result.warnings)).toContainEqual(expect.stringMatching(TEXT_NUMBERS));
  });

  it("the grid-rate threshold poll and Compare to Grid Rate carry the emissions' warnings beside the rates'", async () => {
    const params = { siteIds: SITES, metric: 'percentAboveGlobalRate', above: 10, granularity: 'PT1H' };
    const polled = await pollEmissionThreshold(variantClient(), params);
    const compared = await compareToGridRate(variantClient(), { siteIds: SITES, thresholdPercent: 10 });
    for (const result of [polled, compared]) {
      const emissionWarnings = result.warnings.filter((warning) => warning.path.includes('.values['));
      expect(messages(emissionWarnings)).toContainEqual(expect.stringMatching(TEXT_NUMBERS));
    }
  });
});

describe('distinctWarnings and freshWarnings', () => {
  const text = { path: 'timeseries[0].values[0].value', message: '3 value(s) came as text.' };
  const outside = { path: 'timeseries', message: 'Site s1: 2 interval(s) outside the window.' };

  it('gives each distinct warning once, with how many times it came and its counts added', () => {
    expect(distinctWarnings([text, outside, { ...text }, { ...text }])).toEqual([
      { ...text, message: '9 value(s) came as text.', count: 3 },
      { ...outside, count: 1 },
    ]);
  });

  it("adds up one warning's leading counts across sites, so two sites' counts are one warning", () => {
    const site1 = { path: '[0].values[0].value', message: '75 value(s) came as text (first at x).' };
    const site2 = { ...site1, message: '72 value(s) came as text (first at x).' };
    expect(distinctWarnings([site1, site2, { ...site1 }])).toEqual([
      { ...site1, message: '222 value(s) came as text (first at x).', count: 3 },
    ]);
  });

  it('says only what the previous poll did not, and again once it went away and came back', () => {
    const first = freshWarnings([text, text], undefined);
    expect(first.fresh).toEqual([{ ...text, message: '6 value(s) came as text.', count: 2 }]);
    const second = freshWarnings([text, outside], first.said);
    expect(second.fresh).toEqual([{ ...outside, count: 1 }]);
    const third = freshWarnings([outside], second.said);
    expect(third.fresh).toEqual([]);
    expect(freshWarnings([text], third.said).fresh).toEqual([{ ...text, count: 1 }]);
  });

  it('takes a warning whose counts changed for the same one, but not one about another site', () => {
    const before = freshWarnings([text, outside], undefined).said;
    const recounted = { ...text, message: '75 value(s) came as text.' };
    const otherSite = { ...outside, message: 'Site s2: 2 interval(s) outside the window.' };
    expect(freshWarnings([recounted, otherSite], before).fresh).toEqual([{ ...otherSite, count: 1 }]);
  });
});
