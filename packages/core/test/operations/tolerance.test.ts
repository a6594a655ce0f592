/**
 * What the real API may send that the contract does not promise: the sibling API's bare series arrays,
 * series in other units or under other keys, numeric IDs, nulls, dates without a time, and payloads of
 * an unexpected shape. Served from memory here because they are exactly what the contract (and so the
 * simulator's default mode) never sends.
 */
import { describe, expect, it } from 'vitest';
import {
  createEcoStruxureClient,
  getEmissions,
  getGlobalRates,
  listSites,
  type TransportRequest,
} from '../../src/index.js';
import { nodeRuntime } from '../../src/node/index.js';

function clientAnswering(answer: (url: URL) => unknown, dialect?: 'sibling') {
  const sent: TransportRequest[] = [];
  const client = createEcoStruxureClient({
    baseUrl: 'https://api.example.test',
    credentials: { kind: 'personalAccessToken', token: 'tolerance-test-token' },
    transport: {
      async send(request) {
        sent.push(request);
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(answer(new URL(request.url))),
        };
      },
    },
    runtime: nodeRuntime,
    retry: { maxAttempts: 1 },
    ...(dialect === undefined ? {} : { carbonDialect: dialect }),
  });
  return { client, sent };
}

const SITES = [
  {
    id: 'site-1',
    name: 'Plant',
    sourceSystemId: 178654,
    type: null,
    postalAddress: { countryIsoCode: 'FR', city: null },
  },
];

describe('the sibling dialect and response shape', () => {
  it('asks with updatedAt[gte] / updatedAt[lt], without paging, and reads a bare series array', async () => {
    const { client, sent } = clientAnswering(
      (url) =>
        url.pathname.endsWith('/sites')
          ? SITES
          : [
              {
                key: 'co2Emission',
                unit: 'gCO2e',
                values: [{ date: '2026-01-05', updatedAt: '2026-01-06', value: 1500 }],
              },
              { key: 'activeEnergy', unit: 'MWh', values: [{ date: '2026-01-05', value: 0.01 }] },
              {
                key: '6f1c0c2e-3b8e-4a51-9d3e-1f6a2b7c9d10',
                unit: 'm3',
                values: [{ date: '2026-01-05', value: 4 }],
              },
            ],
      'sibling',
    );
    const result = await getEmissions(client, {
      siteId: 'site-1',
      range: 'custom',
      from: '2026-01-05',
      to: '2026-01-06',
      granularity: 'P1D',
    });
    const query = new URL(sent.at(-1)!.url).searchParams;
    expect(query.get('updatedAt[gte]')).toBe('2026-01-05T00:00:00.000Z');
    expect(query.get('updatedAt[lt]')).toBe('2026-01-06T00:00:00.000Z');
    expect(query.has('page')).toBe(false);
    expect(query.has('from')).toBe(false);
    expect(result.items).toEqual([
      expect.objectContaining({
        siteId: 'site-1',
        siteName: 'Plant',
        timestamp: '2026-01-05T00:00:00.000Z',
        kgCO2e: 1.5,
        kWh: 10,
      }),
      expect.objectContaining({ metric: '6f1c0c2e-3b8e-4a51-9d3e-1f6a2b7c9d10', unit: 'm3', value: 4 }),
    ]);
    expect(result.warnings.map((warning) => warning.message).join(' ')).toMatch(
      /kept as rows with its metric and unit/,
    );
    expect(result.warnings.map((warning) => warning.message).join(' ')).toMatch(/midnight UTC/);
  });

  it('accepts numeric identifiers and nulls for optional fields', async () => {
    const { client } = clientAnswering(() => SITES);
    const result = await listSites(client);
    expect(result.items[0]).toMatchObject({ id: 'site-1', sourceSystemId: 178654 });
  });

  it('a known series in an unknown unit is kept as metric rows, never converted by guess', async () => {
    const { client } = clientAnswering((url) =>
      url.pathname.endsWith('/sites')
        ? SITES
        : {
            siteId: 'site-1',
            timeseries: [
              { key: 'co2Emission', unit: 'lbCO2e', values: [{ date: '2026-01-05T00:00:00Z', value: 3 }] },
            ],
          },
    );
    const result = await getEmissions(client, {
      siteId: 'site-1',
      range: 'custom',
      from: '2026-01-05',
      to: '2026-01-06',
    });
    expect(result.items).toEqual([
      expect.objectContaining({ metric: 'co2Emission', unit: 'lbCO2e', value: 3 }),
    ]);
  });
});

describe('raw output never fails on shape', () => {
  const unexpected = { data: { items: [{ when: 'yesterday', amount: 'lots' }] }, version: 7 };

  it('returns an unexpected emissions payload untouched, with the problems as warnings', async () => {
    const { client } = clientAnswering(() => unexpected);
    const result = await getEmissions(client, { siteId: 'site-1', output: 'raw' });
    expect(result.items).toEqual([{ siteId: 'site-1', window: null, page: 1, body: unexpected }]);
    expect(result.warnings.length).toBeGreaterThan(0);
  });

  it('names the field at fault and what was expected there, from the shape the body is closest to', async () => {
    const envelope = {
      timeseries: [{ key: 'co2Emission', values: [{ date: '2026-01-05T00:00:00Z', value: true }] }],
    };
    const bare = [{ key: 'co2Emission', values: [{ date: 'soon', value: 1 }] }];
    const answers = [envelope, bare];
    const { client } = clientAnswering(() => answers.shift());
    const fromEnvelope = await getEmissions(client, { siteId: 'site-1', output: 'raw' });
    expect(fromEnvelope.warnings).toEqual([
      {
        path: 'timeseries[0].values[0].value',
        message: 'Invalid value: expected a number or null; got boolean.',
      },
    ]);
    const fromBare = await getEmissions(client, { siteId: 'site-1', output: 'raw' });
    expect(fromBare.warnings).toEqual([
      {
        path: '[0].values[0].date',
        message: expect.stringMatching(/^Invalid date: "soon" is not an ISO 8601/),
      },
    ]);
  });

  it('the parsed and row outputs fail instead, naming the path and pointing to the raw output', async () => {
    const { client } = clientAnswering(() => unexpected);
    await expect(getEmissions(client, { siteId: 'site-1', output: 'series' })).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      message: expect.stringMatching(/timeseries.*raw output/),
    });
  });

  it('global rates and sites likewise', async () => {
    const { client } = clientAnswering(() => ({ rates: 'soon' }));
    const rates = await getGlobalRates(client, { output: 'raw' });
    expect(rates.items).toEqual([{ rates: 'soon' }]);
    expect(rates.warnings[0]).toMatchObject({ path: '(root)' });
    const sites = await listSites(client, { output: 'raw' });
    expect(sites.warnings.length).toBeGreaterThan(0);
    await expect(listSites(client)).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });
});

describe('numbers as text and date-times without an offset, wherever core reads them', () => {
  const point = (date: string, value: unknown) => ({ date, value });
  const envelope = (page: number, extra: Record<string, unknown> = {}) => ({
    siteId: 'site-1',
    timeseries: [
      { key: 'co2Emission', unit: 'kgCO2e', values: [point(`2026-01-05T0${page}:00:00Z`, '1.5')] },
    ],
    paging: { page: String(page), pageSize: '1', totalPages: '2', totalItems: '2' },
    ...extra,
  });
  const range = {
    siteId: 'site-1',
    range: 'custom',
    from: '2026-01-05T00:00:00Z',
    to: '2026-01-05T03:00:00Z',
    granularity: 'PT1H',
  } as const;

  it('reads paging counts sent as text: every page, with one warning counting the numbers', async () => {
    const { client, sent } = clientAnswering((url) =>
      url.pathname.endsWith('/sites') ? SITES : envelope(Number(url.searchParams.get('page'))),
    );
    const result = await getEmissions(client, range);
    expect(sent.filter((request) => request.url.includes('carbon-emissions'))).toHaveLength(2);
    expect(result.items.map((item) => item.kgCO2e)).toEqual([1.5, 1.5]);
    expect(result.warnings.map((warning) => warning.message)).toContainEqual(
      expect.stringMatching(/^10 value\(s\) came as text \(first at paging\.page\) and were read as numbers/),
    );
  });

  it('reads paging counts sent as text in raw output too: every page', async () => {
    const { client, sent } = clientAnswering((url) => envelope(Number(url.searchParams.get('page'))));
    const result = await getEmissions(client, { ...range, output: 'raw' });
    expect(result.items).toHaveLength(2);
    expect(sent).toHaveLength(2);
  });

  it("refuses an envelope's range without an offset, naming the field and the option", async () => {
    const { client } = clientAnswering((url) =>
      url.pathname.endsWith('/sites') ? SITES : envelope(1, { from: '2026-01-05T00:00:00' }),
    );
    await expect(getEmissions(client, range)).rejects.toThrow(
      /date-time without a UTC offset at from \("2026-01-05T00:00:00"\).*set carbonDialect\.zonelessDateTimes to "utc"/,
    );
  });

  it("reads a site's figures and coordinates sent as text as numbers, saying so", async () => {
    const { client } = clientAnswering(() => [
      {
        ...SITES[0],
        metadata: { grossArea: '1200.5', buildingOccupants: 40 },
        postalAddress: { countryIsoCode: 'FR', coordinates: { latitude: '48.85', longitude: '2.35' } },
      },
    ]);
    const result = await listSites(client);
    expect(result.items[0]).toMatchObject({
      metadata: { grossArea: 1200.5, buildingOccupants: 40 },
      postalAddress: { coordinates: { latitude: 48.85, longitude: 2.35 } },
    });
    expect(result.warnings).toEqual([
      {
        path: '[0].metadata.grossArea',
        message: '3 value(s) came as text (first at [0].metadata.grossArea) and were read as numbers.',
      },
    ]);
  });
});
