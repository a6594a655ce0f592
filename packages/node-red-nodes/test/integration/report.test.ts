/**
 * The Emissions Report node in a real Node-RED runtime against the simulator: rows with both methods and
 * completeness (a removed interval counted), the CSV beside them, and the shipped example writing the
 * report into a file through the file node.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID } from '../support/flows.js';
import type { FlowNode } from '../support/node-red.js';
import { examplesDir } from '../support/paths.js';
import { debug, inject, startScenario, type Scenario } from '../support/scenario.js';

const parse = (message: { msg: string }) => JSON.parse(message.msg) as Record<string, unknown>;

describe('Emissions Report on Node-RED 5.x', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario('5', { sites: 4 });
    await s.deploy([]);
    await s.authorize();
  });
  afterAll(async () => {
    await s?.close();
  });
  beforeEach(() => {
    s.feed.messages.length = 0;
    s.sim.control.clearEmissionEdits();
  });

  it('sends one row per site and month with both methods and exact completeness, and the CSV beside', async () => {
    s.sim.control.removeEmissionIntervals({
      siteId: 'site-0002',
      from: '2025-01-20T00:00:00Z',
      to: '2025-01-20T06:00:00Z',
    });
    await s.deploy([
      inject('in', 'report'),
      {
        id: 'report',
        type: 'ecostruxure-report',
        account: ACCOUNT_ID,
        siteIds: 'site-0001,site-0002,site-0404',
        period: 'quarter',
        year: '2025',
        quarter: '1',
        timeZone: 'UTC',
        compare: false,
        output: 'rows',
        wires: [['out']],
      },
      debug('out'),
    ]);
    await s.inject('in');
    const sent = parse((await s.feed.waitFor(1, 'out', 60_000))[0]!);
    const rows = sent.payload as Array<Record<string, unknown>>;
    expect(rows.map((row) => `${row.siteId} ${row.bucket}`)).toEqual([
      'site-0001 2025-01',
      'site-0001 2025-02',
      'site-0001 2025-03',
      'site-0002 2025-01',
      'site-0002 2025-02',
      'site-0002 2025-03',
    ]);
    expect(rows[3]).toMatchObject({ intervalsExpected: 744, intervalsReceived: 738, gapCount: 1 });
    expect(rows.every((row) => typeof row.kgCO2eMarketBased === 'number')).toBe(true);
    expect(sent.skipped).toEqual([{ siteId: 'site-0404', reason: expect.any(String) }]);
    expect(sent.csv).toMatch(/^# EcoStruxure emissions report/);
    expect((sent.totals as unknown[]).length).toBeGreaterThanOrEqual(2);
    await s.feed.waitForStatus('report', /6 rows, 2025-Q1, 1 sites? missing/);
  });

  it('the shipped example writes the last complete month into a CSV file through the file node', async () => {
    const csvFile = join(mkdtempSync(join(tmpdir(), 'ecostruxure-report-')), 'report.csv');
    const nodes = JSON.parse(
      readFileSync(join(examplesDir, 'Monthly emissions report to CSV.json'), 'utf8'),
    ) as FlowNode[];
    const tab = { id: 'a0a1a2a3a4a5a6a7', type: 'tab', label: 'Example' };
    const flow = [
      tab,
      ...nodes.map((node): FlowNode => {
        if (node.type === 'ecostruxure-account')
          return {
            ...node,
            baseUrl: s.sim.url,
            redirectUri: `${s.red.url}/ecostruxure/oauth/callback`,
            credentials: { clientId: 'demo-isv-app', clientSecret: 'demo-isv-app-secret' },
          };
        if (node.type === 'file') return { ...node, z: tab.id, filename: csvFile };
        return { ...node, z: tab.id };
      }),
    ];
    await s.red.deploy(flow);
    await s.authorize(flow.find((node) => node.type === 'ecostruxure-account')!.id);
    await s.inject(flow.find((node) => node.type === 'inject')!.id);
    await s.feed.waitFor(1, flow.find((node) => node.type === 'debug')!.id, 60_000);
    const deadline = Date.now() + 10_000;
    while (!existsSync(csvFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const lines = readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('# EcoStruxure emissions report, GHG Protocol scope 2');
    expect(lines.some((line) => line.startsWith('# Completeness: '))).toBe(true);
    // Four sites, one month: four site rows, then the totals.
    expect(lines.filter((line) => line.startsWith('site,'))).toHaveLength(4);
    expect(lines.at(-1)).toMatch(/^all,/);
  });
});
