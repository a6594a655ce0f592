import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../src/index.js';
import { rawRequest } from './support/raw-request.js';

describe('HTTP-level errors of every route', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers a very long path with a 414 problem that does not echo the URL', async () => {
    const segment = 'x'.repeat(5000);
    const response = await rawRequest(`${sim.urls.carbonApi}/sites/${segment}`);
    expect(response.status).toBe(414);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 414, title: 'URI Too Long' });
    expect(typeof body.requestId).toBe('string');
    expect(response.body).not.toContain('xxxxxxxxxx');
    expect(response.body.length).toBeLessThan(500);
  });

  it('answers a known path with the wrong method 405 and Allow', async () => {
    const response = await fetch(`${sim.urls.carbonApi}/sites`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-personal-access-token' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 405, title: 'Method Not Allowed' });
    // A path with a parameter is matched too; an unknown path is still 404.
    const site = await fetch(`${sim.urls.carbonApi}/sites/${sim.control.siteIds()[0] ?? ''}`, {
      method: 'DELETE',
    });
    expect(site.status).toBe(405);
    expect((await fetch(`${sim.urls.carbonApi}/nothing-here`, { method: 'POST' })).status).toBe(404);
  });

  it('titles framework errors by their status', async () => {
    const response = await fetch(sim.urls.token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    const unsupported = await fetch(`${sim.urls.consents}/x/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-unknown' },
      body: 'x',
    });
    expect(unsupported.status).toBe(415);
    expect(await unsupported.json()).toMatchObject({ title: 'Unsupported Media Type' });
    expect(response.status).toBe(400);
  });

  it('answers the control API URL the CLI prints with an index of its endpoints', async () => {
    const response = await fetch(sim.urls.control);
    expect(response.status).toBe(200);
    const index = (await response.json()) as { endpoints: { method: string; path: string }[] };
    expect(index.endpoints).toContainEqual(expect.objectContaining({ method: 'GET', path: '/_sim/health' }));
    // Every GET it lists is really served.
    for (const endpoint of index.endpoints.filter((entry) => entry.method === 'GET')) {
      expect((await fetch(`${sim.url}${endpoint.path}`)).status, endpoint.path).toBe(200);
    }
    expect(index.endpoints.length).toBeGreaterThanOrEqual(16);
  });
});
