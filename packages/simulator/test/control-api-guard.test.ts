/**
 * The control API refuses what a web page on another site could send it: a cross-origin form post (it
 * would install a hang fault or revoke a consent), a foreign Origin, and a Host that is not this machine
 * (the shape of DNS rebinding). Tests, the demo and the CLI reach it as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../src/index.js';
import { rawRequest } from './support/raw-request.js';

const HANG = JSON.stringify({ kind: 'hang' });

describe('control API guard', () => {
  let sim: SimulatorHandle;
  let named: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    named = await startSimulator({ port: 0, allowedHosts: ['sim.example.test'] });
  });
  afterAll(async () => {
    await sim.close();
    await named.close();
  });

  const post = (url: string, headers: Record<string, string>, body?: string) =>
    rawRequest(url, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });

  it('refuses bodies a cross-site form can post without a preflight: 415, nothing installed', async () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
    ]) {
      const refused = await post(`${sim.urls.control}/faults`, { 'content-type': type }, HANG);
      expect(refused.status).toBe(415);
      expect(refused.body).toContain('application/json');
    }
    const revoke = await post(`${sim.urls.control}/tokens/expire`, { 'content-type': 'text/plain' }, '{}');
    expect(revoke.status).toBe(415);
    expect(sim.control.faults()).toEqual([]);
  });

  it('refuses a foreign Origin, and accepts its own', async () => {
    const headers = { 'content-type': 'application/json' };
    const foreign = await post(
      `${sim.urls.control}/faults`,
      { ...headers, origin: 'https://attacker.example' },
      HANG,
    );
    expect(foreign.status).toBe(403);
    const read = await rawRequest(`${sim.urls.control}/requests`, {
      headers: { origin: 'https://attacker.example' },
    });
    expect(read.status).toBe(403);
    expect(sim.control.faults()).toEqual([]);
    const own = await post(`${sim.urls.control}/tokens/expire`, { ...headers, origin: sim.url }, '{}');
    expect(own.status).toBe(200);
  });

  it('answers only a loopback Host unless the name was allowed at start', async () => {
    const port = String(sim.port);
    for (const host of [`evil.example:${port}`, `127.evil.example:${port}`, 'localhost.evil.example']) {
      const refused = await rawRequest(`${sim.urls.control}/health`, { headers: { host } });
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('--allowed-host');
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `127.0.0.2:${port}`]) {
      expect((await rawRequest(`${sim.urls.control}/health`, { headers: { host } })).status).toBe(200);
    }
    const allowed = await rawRequest(`${named.urls.control}/health`, {
      headers: { host: `sim.example.test:${named.port}` },
    });
    expect(allowed.status).toBe(200);
    // The APIs themselves stay reachable under any name (a client may use a proxy's).
    const api = await rawRequest(`${sim.urls.carbonApi}/sites`, {
      headers: { host: `evil.example:${port}` },
    });
    expect(api.status).toBe(401);
  });

  it('still takes JSON and bodyless posts as tests and scripts send them', async () => {
    const added = await fetch(`${sim.urls.control}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ kind: 'status', status: 503, count: 1 }),
    });
    expect(added.status).toBe(201);
    expect((await fetch(`${sim.urls.control}/tokens/expire`, { method: 'POST' })).status).toBe(200);
    sim.control.clearFaults();
  });
});
