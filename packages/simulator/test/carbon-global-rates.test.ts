import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '../src/index.js';

const auth = { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` };

interface Rate {
  countryIsoCode: string;
  zone: string;
  period: string;
  value: number;
  unit: string;
  emissionFactorType: string;
  source: string;
}

describe('Carbon API global rates', () => {
  let sim: SimulatorHandle;
  let base: string;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    base = `${sim.urls.carbonApi}/global-rates`;
  });
  afterAll(async () => {
    await sim.close();
  });
  const get = async (query: string): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${base}${query}`, { headers: auth });
    return { status: response.status, body: await response.json() };
  };
  const currentYear = (): number => new Date().getUTCFullYear();

  it('lists about thirty countries for the current year by default', async () => {
    const { status, body } = await get('');
    expect(status).toBe(200);
    const rates = body as Rate[];
    expect(rates.length).toBeGreaterThanOrEqual(30);
    for (const rate of rates) {
      expect(rate).toMatchObject({
        countryIsoCode: expect.stringMatching(/^[A-Z]{2}$/),
        zone: expect.any(String),
        period: String(currentYear()),
        unit: 'gCO2e/kWh',
        emissionFactorType: 'lifecycle',
        source: expect.any(String),
      });
      expect(rate.value).toBeGreaterThan(0);
      expect(rate.value).toBeLessThan(1100);
    }
  });

  it('filters by country and year, with realistic contrasts and a decline over time', async () => {
    const france = (await get('?countryIsoCode=FR&year=2023')).body as Rate[];
    const poland = (await get('?countryIsoCode=pl&year=2023')).body as Rate[];
    expect(france).toHaveLength(1);
    expect(france[0]).toMatchObject({ countryIsoCode: 'FR', period: '2023', value: 56 });
    expect(poland[0]?.countryIsoCode).toBe('PL');
    expect(poland[0]?.value ?? 0).toBeGreaterThan(10 * (france[0]?.value ?? 0));
    const uk1990 = ((await get('?countryIsoCode=GB&year=1990')).body as Rate[])[0];
    const uk2020 = ((await get('?countryIsoCode=GB&year=2020')).body as Rate[])[0];
    expect(uk2020?.value ?? Infinity).toBeLessThan(uk1990?.value ?? 0);
  });

  it('answers malformed codes and years with one invalidParams entry each', async () => {
    const { status, body } = await get(`?countryIsoCode=FRA&year=${currentYear() + 1}`);
    expect(status).toBe(400);
    expect((body as { invalidParams: unknown }).invalidParams).toEqual([
      { name: 'countryIsoCode', reason: 'must be an ISO 3166-1 alpha-2 country code, e.g. FR' },
      { name: 'year', reason: `must be a year between 1990 and ${currentYear()}` },
    ]);
    for (const [query, name] of [
      ['?year=1989', 'year'],
      ['?year=twenty', 'year'],
      ['?year=2020.5', 'year'],
      ['?countryIsoCode=1F', 'countryIsoCode'],
    ] as const) {
      const answer = await get(query);
      expect(answer.status).toBe(400);
      expect((answer.body as { invalidParams: { name: string }[] }).invalidParams.map((p) => p.name)).toEqual(
        [name],
      );
    }
  });

  it('answers a well-formed code the dataset lacks with 404', async () => {
    const { status, body } = await get('?countryIsoCode=ZZ');
    expect(status).toBe(404);
    expect(body).toMatchObject({
      status: 404,
      title: 'Not Found',
      detail: "No global rate for country 'ZZ'.",
    });
  });
});
