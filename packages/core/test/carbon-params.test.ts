import { describe, expect, it } from 'vitest';
import { createCarbonClient, emissionSamplesFrom, pickGlobalRate } from '../src/advanced.js';
import { InvalidResponseError, ValidationError, type EmissionsResponse } from '../src/index.js';
import { mergeEmissionPages } from '../src/carbon-api/merge.js';
import { validateEmissionsQuery } from '../src/carbon-api/params.js';
import { parseInstant } from '../src/seams/validate.js';
import { MAX_RANGE_MS, splitRange } from '../src/carbon-api/ranges.js';
import { emissionsResponseSchema, toEmissionsResponse } from '../src/carbon-api/schemas.js';
import { stubHttp } from './helpers/stub-http.js';

const parseEmissions = (body: unknown) => toEmissionsResponse(emissionsResponseSchema.parse(body), 's1');

const DAY = 24 * 60 * 60 * 1000;

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  return undefined;
}

describe('validateEmissionsQuery', () => {
  it('means "latest interval" without a range', () => {
    expect(validateEmissionsQuery({ granularity: 'PT1H' })).toEqual({
      range: undefined,
      granularity: 'PT1H',
      method: undefined,
      pageSize: undefined,
    });
    expect(validateEmissionsQuery({ from: '', to: '  ' }).range).toBeUndefined();
  });

  it('accepts offsets, Z, dates and Date objects', () => {
    const query = validateEmissionsQuery({
      from: '2025-01-01T01:00:00+01:00',
      to: new Date('2025-01-02T00:00:00Z'),
    });
    expect(query.range?.from.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(parseInstant('from', '2025-03-04').toISOString()).toBe('2025-03-04T00:00:00.000Z');
  });

  it.each([
    [{ from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'to'],
    [{ from: '2025-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'to'],
    [{ from: '2025-01-01T00:00:00Z' }, 'to'],
    [{ to: '2025-01-01T00:00:00Z' }, 'from'],
    [{ from: 'yesterday', to: '2025-01-01T00:00:00Z' }, 'from'],
    [{ from: '2025-01-01T00:00:00', to: '2025-01-02T00:00:00Z' }, 'from'],
    [{ from: '2025-01-01T00:00:00Z', to: '2025-02-30T00:00:00Z' }, 'to'],
    [{ from: new Date(Number.NaN), to: '2025-02-03T00:00:00Z' }, 'from'],
    [{ granularity: 'PT5M' }, 'granularity'],
    [{ method: 'average' }, 'method'],
    [{ pageSize: 0 }, 'pageSize'],
    [{ pageSize: 1001 }, 'pageSize'],
  ])('rejects %j naming %s', (input, field) => {
    expect(fieldOf(() => validateEmissionsQuery(input))).toBe(field);
  });
});

describe('splitRange', () => {
  it('keeps a range within the limit in one window', () => {
    const from = new Date('2025-01-01T00:00:00Z');
    const to = new Date(from.getTime() + 92 * DAY);
    expect(splitRange(from, to, 'PT1H')).toEqual([{ from, to }]);
  });

  it('splits a 100-day PT1H range into two adjacent half-open windows', () => {
    const from = new Date('2025-01-01T00:00:00Z');
    const to = new Date(from.getTime() + 100 * DAY);
    const windows = splitRange(from, to, 'PT1H');
    expect(windows).toHaveLength(2);
    expect(windows[0]?.from).toEqual(from);
    expect(windows[0]?.to).toEqual(windows[1]?.from);
    expect(windows[1]?.to).toEqual(to);
    expect((windows[0]?.to.getTime() ?? 0) - from.getTime()).toBe(92 * DAY);
  });

  it.each(Object.entries(MAX_RANGE_MS))(
    'never exceeds the %s limit and covers the range exactly',
    (granularity, limit) => {
      const from = new Date('2019-03-05T07:00:00Z');
      const to = new Date(from.getTime() + limit * 3.4);
      const windows = splitRange(from, to, granularity as keyof typeof MAX_RANGE_MS);
      expect(windows).toHaveLength(4);
      for (const [index, window] of windows.entries()) {
        expect(window.to.getTime() - window.from.getTime()).toBeLessThanOrEqual(limit);
        if (index > 0) expect(window.from).toEqual(windows[index - 1]?.to);
      }
      expect(windows.at(-1)?.to).toEqual(to);
    },
  );

  it('defaults to the PT15M limit of 31 days', () => {
    const from = new Date('2025-01-01T00:00:00Z');
    expect(splitRange(from, new Date(from.getTime() + 32 * DAY))).toHaveLength(2);
  });
});

const page = (
  dates: Array<[string, number, string?]>,
  extra: Record<string, unknown> = {},
): EmissionsResponse =>
  parseEmissions({
    siteId: 's1',
    granularity: 'PT1H',
    method: 'location-based',
    paging: { page: 1, pageSize: 2, totalPages: 2 },
    timeseries: [
      {
        key: 'co2Emission',
        unit: 'kgCO2e',
        values: dates.map(([date, value, updatedAt]) => ({
          date,
          value,
          ...(updatedAt ? { updatedAt } : {}),
        })),
      },
    ],
    ...extra,
  });

describe('mergeEmissionPages', () => {
  it('merges in time order, once per interval, keeping the newest revision and unknown fields', () => {
    const merged = mergeEmissionPages(
      [
        page(
          [
            ['2025-01-01T02:00:00Z', 3],
            ['2025-01-01T01:00:00Z', 2, '2025-01-01T02:00:00Z'],
          ],
          { vendor: 'x' },
        ),
        page([
          ['2025-01-01T00:00:00Z', 1],
          ['2025-01-01T01:00:00Z', 2.5, '2025-01-01T03:00:00Z'],
        ]),
      ],
      { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-01T03:00:00Z') },
    );
    expect(merged.paging).toBeUndefined();
    expect(merged.vendor).toBe('x');
    expect(merged.from?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(merged.timeseries).toHaveLength(1);
    expect(merged.timeseries[0]?.values.map((value) => [value.date.toISOString(), value.value])).toEqual([
      ['2025-01-01T00:00:00.000Z', 1],
      ['2025-01-01T01:00:00.000Z', 2.5],
      ['2025-01-01T02:00:00.000Z', 3],
    ]);
  });
});

describe('samples and global rates', () => {
  it('turns a response into one threshold sample per interval', () => {
    const response = parseEmissions({
      siteId: 's1',
      timeseries: [
        { key: 'co2Emission', values: [{ date: '2025-01-01T00:00:00Z', value: 5 }] },
        { key: 'activeEnergy', values: [{ date: '2025-01-01T00:00:00Z', value: 10 }] },
        { key: 'emissionFactor', values: [{ date: '2025-01-01T00:00:00Z', value: 500 }] },
      ],
    });
    expect(emissionSamplesFrom(response)).toEqual([
      { siteId: 's1', timestamp: '2025-01-01T00:00:00.000Z', kgCO2e: 5, kWh: 10, emissionFactor: 500 },
    ]);
  });

  it('picks the country rate', () => {
    const rates = [
      { countryIsoCode: 'US', zone: 'US-West', value: 200 },
      { countryIsoCode: 'FR', zone: 'France', value: 55 },
    ];
    expect(pickGlobalRate(rates, 'fr')?.value).toBe(55);
    expect(pickGlobalRate(rates, 'DE')).toBeUndefined();
  });
});

describe('response validation', () => {
  it('names the field when a response does not match the model', async () => {
    const http = stubHttp('http://api.test/ecostruxure/carbon-emission/v1', () => ({
      siteId: 'site-1',
      timeseries: [{ key: 'co2Emission', values: [{ date: 'not a date', value: 1 }] }],
    }));
    const error = await createCarbonClient(http)
      .getEmissions('site-1')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain('timeseries[0].values[0].date');
    expect((error as Error).message).toContain('site-1');
    expect((error as InvalidResponseError).request).toBe(
      'GET /ecostruxure/carbon-emission/v1/sites/{siteId}/carbon-emissions',
    );
  });

  it('refuses a server that ignores the page parameter instead of losing rows', async () => {
    const http = stubHttp('http://api.test/ecostruxure/carbon-emission/v1', () => ({
      siteId: 'site-1',
      timeseries: [],
      paging: { page: 1, pageSize: 1, totalPages: 3 },
    }));
    const error = await createCarbonClient(http)
      .getEmissions('site-1', { from: '2025-01-01', to: '2025-01-02', granularity: 'PT1H' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/page 2.*answered page 1/);
  });

  it('validates global-rate input before any request', async () => {
    const http = stubHttp('http://api.test/ecostruxure/carbon-emission/v1', () => []);
    const carbon = createCarbonClient(http);
    await expect(carbon.getGlobalRates({ countryIsoCode: 'FRA' })).rejects.toMatchObject({
      field: 'countryIsoCode',
    });
    await expect(carbon.getGlobalRates({ year: 1989 })).rejects.toMatchObject({ field: 'year' });
    await expect(carbon.getGlobalRates({ year: 2027 })).rejects.toMatchObject({ field: 'year' });
    await expect(carbon.getSite('  ')).rejects.toMatchObject({ field: 'siteId' });
    expect(http.calls).toHaveLength(0);
    await carbon.getGlobalRates({ countryIsoCode: 'fr', year: '2026' });
    expect(http.calls[0]?.query).toEqual({ countryIsoCode: 'FR', year: 2026 });
  });
});
