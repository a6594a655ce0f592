import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  emissionsReportCsv,
  getEmissions,
  getEmissionsReport,
  REPORT_CSV_COLUMNS,
  ValidationError,
  type EcoStruxureClient,
  type EmissionRow,
  type ReportRow,
} from '../../src/index.js';
import { clientOn, fixedClock } from './support.js';

// Past data only (the simulator serves intervals that have ended on its real clock), read at a fixed
// instant: mid-June 2025, so "the last complete month" is May 2025.
const NOW = '2025-06-15T12:00:00Z';
let sim: SimulatorHandle;
let client: EcoStruxureClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 8, seed: 42 });
  client = clientOn(sim, { runtime: fixedClock(NOW) }).client;
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.control.clearFaults();
  sim.control.clearEmissionEdits();
});

const march = { period: 'month', year: 2025, month: 3 } as const;
const rowOf = (rows: ReportRow[], siteId: string, bucket?: string) =>
  rows.find((row) => row.siteId === siteId && (bucket === undefined || row.bucket === bucket))!;

/** The site's emission rows of one method over a window, read with Get Emissions. */
async function rowsOver(siteId: string, from: string, to: string, method: string) {
  const result = await getEmissions(client, {
    siteId,
    range: 'custom',
    from,
    to,
    granularity: 'PT1H',
    method,
  });
  return result.items as unknown as EmissionRow[];
}
const sum = (values: Array<number | null>) =>
  values.reduce<number>((total, value) => total + (value ?? 0), 0);

describe('Get Report: months in the site time zone', () => {
  it('follows each site time zone at month edges, daylight saving included, and says which zone', async () => {
    const report = await getEmissionsReport(client, { ...march, siteIds: 'site-0004, site-0003, site-0005' });
    const copenhagen = rowOf(report.items, 'site-0004');
    expect(copenhagen).toMatchObject({
      timeZone: 'Europe/Copenhagen',
      timeZoneSource: 'site',
      bucket: '2025-03',
      from: '2025-02-28T23:00:00.000Z',
      to: '2025-03-31T22:00:00.000Z',
      // 31 days less the hour lost when the clocks go forward on 30 March.
      intervalsExpected: 743,
    });
    expect(rowOf(report.items, 'site-0003')).toMatchObject({
      timeZone: 'America/Sao_Paulo',
      from: '2025-03-01T03:00:00.000Z',
      to: '2025-04-01T03:00:00.000Z',
      intervalsExpected: 744,
    });
    expect(rowOf(report.items, 'site-0005').from).toBe('2025-02-28T16:00:00.000Z');
    expect(report.report).toMatchObject({
      period: '2025-03',
      from: '2025-03-01',
      to: '2025-04-01',
      timeZone: 'site',
    });
    const utc = await getEmissionsReport(client, {
      ...march,
      siteIds: 'site-0004',
      timeZone: 'UTC',
      compareWithPreviousYear: false,
    });
    expect(utc.items[0]).toMatchObject({
      timeZone: 'UTC',
      timeZoneSource: 'chosen',
      from: '2025-03-01T00:00:00.000Z',
      intervalsExpected: 744,
    });
  });

  it('sums exactly the intervals Get Emissions gives for the same window, both methods side by side', async () => {
    const report = await getEmissionsReport(client, {
      ...march,
      siteIds: 'site-0004',
      compareWithPreviousYear: false,
    });
    const row = report.items[0]!;
    const location = await rowsOver('site-0004', row.from, row.to, 'location-based');
    const market = await rowsOver('site-0004', row.from, row.to, 'market-based');
    expect(location).toHaveLength(743);
    expect(row.kWh).toBeCloseTo(sum(location.map((r) => r.kWh)), 2);
    expect(row.kgCO2eLocationBased).toBeCloseTo(sum(location.map((r) => r.kgCO2e)), 2);
    expect(row.kgCO2eMarketBased).toBeCloseTo(sum(market.map((r) => r.kgCO2e)), 2);
    expect(row.kgCO2eMarketBased).not.toBeCloseTo(row.kgCO2eLocationBased, 0);
    expect(row.gCO2ePerKWhLocationBased).toBeCloseTo((row.kgCO2eLocationBased * 1000) / row.kWh, 0);
    expect(row).toMatchObject({
      intervalsReceived: 743,
      intervalsReceivedMarketBased: 743,
      completenessPercent: 100,
      gapCount: 0,
      gaps: [],
    });
    // The simulator marks estimated hours; the report counts the same ones.
    expect(row.estimatedIntervals).toBe(location.filter((r) => r.estimated).length);
    expect(row.estimatedIntervals).toBeGreaterThan(0);
    expect(row.estimatedPercent).toBeCloseTo((row.estimatedIntervals / 743) * 100, 2);
    expect(row.globalRateGCO2ePerKWh).toBeGreaterThan(0);
    expect(row.percentAboveGlobalRate).toBeCloseTo(
      (row.gCO2ePerKWhLocationBased! / row.globalRateGCO2ePerKWh! - 1) * 100,
      1,
    );
  });
});

describe('Get Report: completeness', () => {
  it('counts removed intervals exactly and lists them as ranges, inside and at the end of a month', async () => {
    sim.control.removeEmissionIntervals({
      siteId: 'site-0003',
      from: '2025-03-10T05:00:00Z',
      to: '2025-03-10T08:00:00Z',
    });
    // The month's last two hours in São Paulo (UTC-3).
    sim.control.removeEmissionIntervals({
      siteId: 'site-0003',
      from: '2025-04-01T01:00:00Z',
      to: '2025-04-01T03:00:00Z',
    });
    const report = await getEmissionsReport(client, {
      ...march,
      siteIds: ['site-0003', 'site-0004'],
      compareWithPreviousYear: false,
    });
    expect(rowOf(report.items, 'site-0003')).toMatchObject({
      intervalsExpected: 744,
      intervalsReceived: 739,
      completenessPercent: Number(((739 / 744) * 100).toFixed(2)),
      gapCount: 2,
      gaps: [
        { from: '2025-03-10T05:00:00.000Z', to: '2025-03-10T08:00:00.000Z' },
        { from: '2025-04-01T01:00:00.000Z', to: '2025-04-01T03:00:00.000Z' },
      ],
    });
    expect(rowOf(report.items, 'site-0004').completenessPercent).toBe(100);
    const all = report.totals.find((total) => total.level === 'all')!;
    expect(all).toMatchObject({ intervalsExpected: 744 + 743, intervalsReceived: 739 + 743 });
  });

  it('does not expect intervals that have not ended when the period is still running', async () => {
    const report = await getEmissionsReport(client, {
      period: 'month',
      year: 2025,
      month: 6,
      siteIds: 'site-0007',
      timeZone: 'UTC',
      compareWithPreviousYear: false,
    });
    // 14 whole days and 12 hours of June by the fixed clock.
    expect(report.items[0]).toMatchObject({
      intervalsExpected: 14 * 24 + 12,
      intervalsReceived: 14 * 24 + 12,
    });
    expect(report.report.complete).toBe(false);
    expect(report.warnings.map((warning) => warning.path)).toContain('period');
  });
});

describe('Get Report: buckets, totals and the year before', () => {
  it('splits a quarter into months, and totals equal the sum of the rows per country and for all sites', async () => {
    const report = await getEmissionsReport(client, {
      period: 'quarter',
      year: 2025,
      quarter: 1,
      siteIds: ['site-0002', 'site-0007', 'site-0008'],
      compareWithPreviousYear: false,
    });
    expect(report.items.map((row) => `${row.siteId} ${row.bucket}`)).toEqual(
      ['site-0002', 'site-0007', 'site-0008'].flatMap((site) =>
        ['2025-01', '2025-02', '2025-03'].map((m) => `${site} ${m}`),
      ),
    );
    for (const total of report.totals) {
      const rows = report.items.filter(
        (row) => total.level === 'all' || row.countryIsoCode === total.countryIsoCode,
      );
      expect(total.kWh).toBeCloseTo(sum(rows.map((row) => row.kWh)), 1);
      expect(total.kgCO2eLocationBased).toBeCloseTo(sum(rows.map((row) => row.kgCO2eLocationBased)), 1);
      expect(total.kgCO2eMarketBased).toBeCloseTo(sum(rows.map((row) => row.kgCO2eMarketBased)), 1);
      expect(total.intervalsExpected).toBe(sum(rows.map((row) => row.intervalsExpected)));
      expect(total.estimatedIntervals).toBe(sum(rows.map((row) => row.estimatedIntervals)));
    }
    expect(report.totals.map((total) => `${total.level} ${total.countryIsoCode} ${total.sites}`)).toEqual([
      'country GB 1',
      'country IE 1',
      'country PT 1',
      'all null 3',
    ]);
  });

  it('compares with the same month a year earlier, in the same time zone', async () => {
    const report = await getEmissionsReport(client, { ...march, siteIds: 'site-0004' });
    const before = await getEmissionsReport(client, {
      period: 'month',
      year: 2024,
      month: 3,
      siteIds: 'site-0004',
      compareWithPreviousYear: false,
    });
    const row = report.items[0]!;
    const earlier = before.items[0]!;
    expect(row.previousYearKgCO2eLocationBased).toBeCloseTo(earlier.kgCO2eLocationBased, 3);
    expect(row.previousYearKgCO2eMarketBased).toBeCloseTo(earlier.kgCO2eMarketBased, 3);
    expect(row.previousYearCompletenessPercent).toBe(100);
    expect(row.changeLocationBasedPercent).toBeCloseTo(
      ((row.kgCO2eLocationBased - earlier.kgCO2eLocationBased) / earlier.kgCO2eLocationBased) * 100,
      1,
    );
    expect(report.report.previousYear).toEqual({ from: '2024-03-01', to: '2024-04-01' });
  });
});

describe('Get Report: every site accounted for', () => {
  it('lists an unknown site as skipped and a failing one as failed, and reports the others', async () => {
    sim.control.addFault({
      kind: 'status',
      status: 500,
      route: 'GET /ecostruxure/carbon-emission/v1/sites/site-0002/*',
    });
    const report = await getEmissionsReport(client, {
      ...march,
      siteIds: 'site-0001, site-0002, site-9999',
      compareWithPreviousYear: false,
      onSiteFailure: 'continue',
    });
    expect(report.items.map((row) => row.siteId)).toEqual(['site-0001']);
    expect(report.skipped).toEqual([{ siteId: 'site-9999', reason: expect.stringContaining('List Sites') }]);
    expect(report.failures).toEqual([expect.objectContaining({ siteId: 'site-0002', httpCode: 500 })]);
  });

  it('fails naming the site when a site fails and the call did not ask to go on', async () => {
    sim.control.addFault({
      kind: 'status',
      status: 500,
      route: 'GET /ecostruxure/carbon-emission/v1/sites/site-0002/*',
    });
    await expect(
      getEmissionsReport(client, {
        ...march,
        siteIds: 'site-0001, site-0002',
        compareWithPreviousYear: false,
      }),
    ).rejects.toThrow(/site-0002/);
  });

  it('refuses bad input before any request, naming the field', async () => {
    sim.control.clearRequests();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ period: 'month', month: 13 }, 'month'],
      [{ period: 'week' }, 'period'],
      [{ ...march, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ period: 'custom', from: '2025-03-10', to: '2025-03-01' }, 'to'],
      [{ period: 'custom', from: '2025-02-30', to: '2025-03-01' }, 'from'],
      [{ period: 'custom', from: '2025-13-01', to: '2026-03-01' }, 'from'],
      [{ period: 'month', from: '2025-03-01' }, 'from'],
      [{ period: 'year', year: 2025, granularity: 'P1D' }, 'granularity'],
      [{ period: 'year', year: 2026 }, 'period'],
    ];
    for (const [params, field] of cases) {
      const error = await getEmissionsReport(client, params).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(params)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(sim.control.requests({ pathPrefix: '/ecostruxure' })).toEqual([]);
  });
});

describe('Report CSV', () => {
  it('states method, period, time zone and completeness, then one row per site and month, then the totals', async () => {
    sim.control.removeEmissionIntervals({
      siteId: 'site-0003',
      from: '2025-03-10T05:00:00Z',
      to: '2025-03-10T06:00:00Z',
    });
    const report = await getEmissionsReport(client, {
      period: 'custom',
      from: '2025-02-15',
      to: '2025-04-01',
      siteIds: 'site-0003,site-0004',
      compareWithPreviousYear: false,
    });
    const csv = emissionsReportCsv(report);
    const lines = csv.trimEnd().split('\n');
    const header = lines.filter((text) => text.startsWith('# '));
    expect(header.join('\n')).toMatch(/Method: location-based and market-based/);
    expect(header.join('\n')).toMatch(/Period: 2025-02-15 to 2025-04-01 \(custom\)/);
    expect(header.join('\n')).toMatch(/Time zone: each site's own/);
    expect(header.join('\n')).toContain(`Completeness: ${report.totals.at(-1)!.completenessPercent} %`);
    const table = lines.slice(header.length);
    expect(table[0]).toBe(REPORT_CSV_COLUMNS.join(','));
    const body = table.slice(1).map((text) => text.split(','));
    expect(body.map((cells) => `${cells[0]} ${cells[1] || cells[3]} ${cells[5]}`)).toEqual([
      'site site-0003 2025-02',
      'site site-0003 2025-03',
      'site site-0004 2025-02',
      'site site-0004 2025-03',
      'country BR 2025-02-15 to 2025-04-01',
      'country DK 2025-02-15 to 2025-04-01',
      'all  2025-02-15 to 2025-04-01',
    ]);
    const gapsColumn = REPORT_CSV_COLUMNS.indexOf('gaps');
    expect(body[1]![gapsColumn]).toBe('2025-03-10T05:00:00.000Z/2025-03-10T06:00:00.000Z');
    expect(body.every((cells) => cells.length === REPORT_CSV_COLUMNS.length)).toBe(true);
  });
});
