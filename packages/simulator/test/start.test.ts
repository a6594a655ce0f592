import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../src/index.js';

describe('startSimulator', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('listens on a free loopback port and answers the control health check', async () => {
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    const response = await fetch(`${sim.urls.control}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with an RFC 7807 problem', async () => {
    const response = await fetch(`${sim.url}/nope?x=1`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found', instance: '/nope' });
  });

  it('dates responses with its own, possibly skewed, clock', async () => {
    sim.control.setClockSkew(-3_600_000);
    const response = await fetch(`${sim.urls.control}/health`);
    const serverDate = Date.parse(response.headers.get('date') ?? '');
    expect(Date.now() - serverDate).toBeGreaterThan(3_500_000);
    sim.control.setClockSkew(0);
  });
});
