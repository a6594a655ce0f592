/**
 * Emission -> Get Report in n8n's own engine against the simulator: one item per site and month with both
 * methods and completeness, the CSV as a binary file a Write File or Send Email node can take, and every
 * requested site accounted for.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './harness/engine.mjs';
import { CREDENTIAL_IDS, singleNodeWorkflow } from './harness/workflows.mjs';

let sim: SimulatorHandle;
let harness: EngineHarness;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 6 });
  harness = new EngineHarness();
  harness.credentials.add(
    CREDENTIAL_IDS.ecoStruxurePersonalAccessTokenApi,
    'ecoStruxurePersonalAccessTokenApi',
    {
      baseUrl: sim.url,
      token: DEMO_CREDENTIALS.personalAccessToken.value,
    },
  );
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  sim.control.clearFaults();
  sim.control.clearEmissionEdits();
});

const report = (parameters: INodeParameters, continueOnFail = false) =>
  singleNodeWorkflow(
    'Report',
    'ecoStruxureCarbon',
    {
      authentication: 'personalAccessToken',
      resource: 'emission',
      operation: 'getReport',
      period: 'quarter',
      year: 2025,
      quarter: 1,
      ...parameters,
    },
    'ecoStruxurePersonalAccessTokenApi',
    { continueOnFail },
  );

describe('Emission -> Get Report', () => {
  it('gives one item per site and month, both methods side by side, with completeness and gaps', async () => {
    sim.control.removeEmissionIntervals({
      siteId: 'site-0002',
      from: '2025-02-03T10:00:00Z',
      to: '2025-02-03T12:00:00Z',
    });
    const { output } = await harness.run(
      report({
        siteIds: 'site-0001, site-0002',
        reportOutput: 'rows',
        options: { compareWithPreviousYear: false },
      }),
      'Report',
    );
    const { items, error } = output('Report');
    expect(error).toBeUndefined();
    expect(items.map((item) => `${item.json.siteId} ${item.json.bucket}`)).toEqual([
      'site-0001 2025-01',
      'site-0001 2025-02',
      'site-0001 2025-03',
      'site-0002 2025-01',
      'site-0002 2025-02',
      'site-0002 2025-03',
    ]);
    const february = items[4]!.json;
    expect(february).toMatchObject({
      timeZone: 'Europe/Dublin',
      intervalsExpected: 672,
      intervalsReceived: 670,
      gapCount: 1,
      gaps: [{ from: '2025-02-03T10:00:00.000Z', to: '2025-02-03T12:00:00.000Z' }],
    });
    expect(february.kgCO2eLocationBased).toEqual(expect.any(Number));
    expect(february.kgCO2eMarketBased).toEqual(expect.any(Number));
    expect(items.every((item) => item.binary === undefined)).toBe(true);
  });

  it('gives the CSV as a binary file with its header block, and the totals as the item', async () => {
    const { output } = await harness.run(
      report({ siteIds: 'site-0001,site-0003', reportOutput: 'file', options: { fileName: 'q1.csv' } }),
      'Report',
    );
    const { items, error } = output('Report');
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
    const file = items[0]!.binary!.data!;
    expect(file).toMatchObject({ fileName: 'q1.csv', mimeType: 'text/csv' });
    const csv = Buffer.from(file.data, 'base64').toString('utf8');
    expect(csv).toMatch(/^# EcoStruxure emissions report/);
    expect(csv).toContain('# Period: 2025-Q1 (quarter), 2025-01-01 to 2025-04-01');
    expect(csv.split('\n').filter((line) => line.startsWith('site,'))).toHaveLength(6);
    expect(items[0]!.json).toMatchObject({ rows: 6, report: { period: '2025-Q1', timeZone: 'site' } });
    expect((items[0]!.json.totals as unknown[]).length).toBeGreaterThanOrEqual(2);
  });

  it('accounts for an unknown site beside the reported ones', async () => {
    const { output } = await harness.run(
      report({
        siteIds: 'site-0001, site-0404',
        period: 'month',
        year: 2025,
        month: 1,
        reportOutput: 'rows',
      }),
      'Report',
    );
    const { items } = output('Report');
    expect(items.map((item) => item.json.siteId)).toEqual(['site-0001', 'site-0404']);
    expect(items[1]!.json).toEqual({
      siteId: 'site-0404',
      skipped: true,
      reason: expect.stringContaining('List Sites'),
    });
  });

  it('refuses a bad period with the field named, before any request', async () => {
    sim.control.clearRequests();
    const { output } = await harness.run(
      report({ period: 'custom', from: '2025-13-01', to: '2025-02-01' }),
      'Report',
    );
    expect(output('Report').error?.message).toMatch(/"from" must be a calendar date YYYY-MM-DD/);
    expect(sim.control.requests({ pathPrefix: '/ecostruxure' })).toEqual([]);
  });
});
