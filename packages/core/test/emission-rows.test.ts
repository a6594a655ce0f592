import { describe, expect, it } from 'vitest';
import { toEmissionRows, toMetricRows } from '../src/advanced.js';
import { emissionsResponseSchema, toEmissionsResponse } from '../src/carbon-api/schemas.js';

const parseEmissions = (body: unknown) =>
  toEmissionsResponse(emissionsResponseSchema.parse(body), 'site-0001');

const payload = {
  siteId: 'site-0001',
  granularity: 'PT1H',
  method: 'location-based',
  vendorExtension: { kept: true },
  timeseries: [
    {
      key: 'co2Emission',
      unit: 'kgCO2e',
      values: [
        { date: '2026-01-05T01:00:00Z', value: 2.5, isEstimated: false },
        { date: '2026-01-05T00:00:00Z', value: 1.5, isEstimated: true },
      ],
    },
    {
      key: 'activeEnergy',
      unit: 'kWh',
      values: [
        { date: '2026-01-05T00:00:00Z', value: 10 },
        { date: '2026-01-05T01:00:00Z', value: 20 },
      ],
    },
    { key: 'emissionFactor', unit: 'gCO2e/kWh', values: [{ date: '2026-01-05T00:00:00+00:00', value: 150 }] },
    { key: 'somethingNew', values: [{ date: '2026-01-05T00:00:00Z', value: 1 }] },
  ],
};

describe('toEmissionRows', () => {
  it('joins the series into one row per interval, in time order, keeping unknown fields in the model', () => {
    const response = parseEmissions(payload);
    expect((response as Record<string, unknown>).vendorExtension).toEqual({ kept: true });
    const rows = toEmissionRows(response, { name: 'Lyon HQ', postalAddress: { countryIsoCode: 'FR' } });
    expect(rows).toEqual([
      {
        siteId: 'site-0001',
        siteName: 'Lyon HQ',
        countryIsoCode: 'FR',
        timestamp: '2026-01-05T00:00:00.000Z',
        granularity: 'PT1H',
        kgCO2e: 1.5,
        kWh: 10,
        gCO2ePerKWh: 150,
        estimated: true,
        method: 'location-based',
      },
      expect.objectContaining({
        timestamp: '2026-01-05T01:00:00.000Z',
        kgCO2e: 2.5,
        kWh: 20,
        gCO2ePerKWh: null,
        estimated: false,
      }),
    ]);
  });

  it('keeps time order when a later series brings an interval the earlier ones lacked, with the same columns', () => {
    const response = parseEmissions({
      siteId: 'site-0001',
      timeseries: [
        {
          key: 'co2Emission',
          unit: 'kgCO2e',
          values: [
            { date: '2026-01-05T01:00:00Z', value: 1 },
            { date: '2026-01-05T02:00:00Z', value: 2 },
          ],
        },
        { key: 'activeEnergy', unit: 'kWh', values: [{ date: '2026-01-05T00:00:00Z', value: 5 }] },
      ],
    });
    const rows = toEmissionRows(response);
    expect(rows.map((row) => row.timestamp.slice(11, 13))).toEqual(['00', '01', '02']);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual([
        'siteId',
        'siteName',
        'countryIsoCode',
        'timestamp',
        'granularity',
        'kgCO2e',
        'kWh',
        'gCO2ePerKWh',
        'estimated',
        'method',
      ]);
    }
  });

  it('rejects a response whose dates are not ISO 8601 with an offset', () => {
    const bad = structuredClone(payload);
    bad.timeseries[0]!.values[0]!.date = '05/01/2026';
    const result = emissionsResponseSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['timeseries', 0, 'values', 0, 'date']);
  });
});

describe('partial intervals', () => {
  const daily = (dates: string[]) =>
    parseEmissions({
      siteId: 'site-0001',
      granularity: 'P1D',
      timeseries: [
        { key: 'co2Emission', unit: 'kgCO2e', values: dates.map((date) => ({ date, value: 100 })) },
        { key: 'somethingNew', values: dates.map((date) => ({ date, value: 1 })) },
      ],
    });
  const days = ['2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z'];

  it('marks the rows whose interval the requested window cuts short, and only those', () => {
    const window = { from: '2026-03-01T12:00:00.000Z', to: '2026-03-03T06:00:00.000Z' };
    const rows = toEmissionRows(daily(days), undefined, window);
    expect(rows.map((row) => row.partial)).toEqual([true, undefined, true]);
    expect(Object.keys(rows[1]!)).not.toContain('partial');
    const metrics = toMetricRows(daily(days), undefined, window);
    expect(metrics.map((row) => row.partial)).toEqual([true, undefined, true]);
  });

  it('marks nothing for a window of whole intervals, nor without a window', () => {
    const whole = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' };
    expect(toEmissionRows(daily(days), undefined, whole).some((row) => row.partial)).toBe(false);
    expect(toEmissionRows(daily(days)).some((row) => row.partial)).toBe(false);
  });

  it('knows a month ends on its own last day', () => {
    const monthly = parseEmissions({
      siteId: 'site-0001',
      granularity: 'P1M',
      timeseries: [
        { key: 'co2Emission', unit: 'kgCO2e', values: [{ date: '2026-02-01T00:00:00Z', value: 1 }] },
      ],
    });
    const february = { from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' };
    expect(toEmissionRows(monthly, undefined, february)[0]!.partial).toBeUndefined();
    const shorter = { from: '2026-02-01T00:00:00.000Z', to: '2026-02-28T00:00:00.000Z' };
    expect(toEmissionRows(monthly, undefined, shorter)[0]!.partial).toBe(true);
  });
});
