import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '../src/index.js';

const auth = { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` };

async function getJson(url: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, { headers: auth });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe('Carbon API sites', () => {
  let sim: SimulatorHandle;
  let same: SimulatorHandle;
  let other: SimulatorHandle;
  beforeAll(async () => {
    [sim, same, other] = await Promise.all([
      startSimulator({ port: 0, seed: 7 }),
      startSimulator({ port: 0, seed: 7 }),
      startSimulator({ port: 0, seed: 8 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([sim.close(), same.close(), other.close()]);
  });

  it('lists every site as a bare array sorted by id, with the full Site shape', async () => {
    const { status, body } = await getJson(`${sim.urls.carbonApi}/sites`);
    expect(status).toBe(200);
    const sites = body as { id: string; postalAddress: { countryIsoCode: string; timezone: string } }[];
    expect(sites).toHaveLength(25);
    expect(sites.map((site) => site.id)).toEqual(sim.control.siteIds());
    expect(sites[0]?.id).toBe('site-0001');
    expect([...sites.map((s) => s.id)].sort()).toEqual(sites.map((s) => s.id));
    expect(sites[0]).toMatchObject({
      id: 'site-0001',
      name: expect.any(String),
      type: expect.any(String),
      sourceSystemId: expect.any(String),
      metadata: {
        grossArea: expect.any(Number),
        buildingOccupants: expect.any(Number),
        weeklyOperatingHours: expect.any(Number),
      },
      postalAddress: {
        address: expect.any(String),
        city: expect.any(String),
        countryIsoCode: expect.stringMatching(/^[A-Z]{2}$/),
        zipCode: expect.any(String),
        stateProvince: expect.any(String),
        timezone: expect.any(String),
        coordinates: { latitude: expect.any(Number), longitude: expect.any(Number) },
      },
    });
    // A portfolio spread over several countries and time zones, with distinct names.
    expect(new Set(sites.map((s) => s.postalAddress.countryIsoCode)).size).toBeGreaterThan(5);
    expect(new Set(sites.map((s) => (s as unknown as { name: string }).name)).size).toBe(sites.length);
  });

  it('serves one site by id', async () => {
    const { status, body } = await getJson(`${sim.urls.carbonApi}/sites/site-0004`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'site-0004' });
  });

  it('answers an unknown site with an exact 404 problem', async () => {
    const { status, body, headers } = await getJson(`${sim.urls.carbonApi}/sites/site-9999`);
    expect(status).toBe(404);
    expect(headers.get('content-type')).toContain('application/problem+json');
    expect(body).toEqual({
      type: 'https://errors.ecostruxure.local/404',
      title: 'Not Found',
      status: 404,
      detail: "No site with id 'site-9999'.",
      instance: '/ecostruxure/carbon-emission/v1/sites/site-9999',
      requestId: headers.get('x-request-id'),
    });
  });

  it('treats an encoded slash in a site id as part of the id, not as another route', async () => {
    for (const path of ['/sites/..%2Fx', '/sites/..%2Fglobal-rates', '/sites/site-0001%2Fcarbon-emissions']) {
      const { status, body } = await getJson(`${sim.urls.carbonApi}${path}`);
      expect(status).toBe(404);
      expect((body as { detail: string }).detail).toMatch(/^No site with id '/);
    }
  });

  it('generates the same sites from the same seed and different ones from another seed', async () => {
    const [a, b, c] = await Promise.all(
      [sim, same, other].map(async (s) => (await getJson(`${s.urls.carbonApi}/sites`)).body),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('refuses requests without credentials and accepts the demo personal access token', async () => {
    const anonymous = await fetch(`${sim.urls.carbonApi}/sites`);
    expect(anonymous.status).toBe(401);
    const withPat = await fetch(`${sim.urls.carbonApi}/sites`, {
      headers: { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` },
    });
    expect(withPat.status).toBe(200);
  });

  it('needs read:site for sites and read:carbon-emission for emissions', async () => {
    const emissionsOnly = sim.control.mintPersonalAccessToken(['read:carbon-emission']);
    const sites = await fetch(`${sim.urls.carbonApi}/sites`, {
      headers: { authorization: `Bearer ${emissionsOnly}` },
    });
    expect(sites.status).toBe(403);
    const sitesOnly = sim.control.mintPersonalAccessToken(['read:site']);
    const emissions = await fetch(`${sim.urls.carbonApi}/sites/site-0001/carbon-emissions`, {
      headers: { authorization: `Bearer ${sitesOnly}` },
    });
    expect(emissions.status).toBe(403);
  });
});
