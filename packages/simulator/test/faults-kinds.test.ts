/** Every fault kind, observed the way a client sees it. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../src/index.js';
import { errorCode, rawRequest } from './support/raw-request.js';

// Paths no module serves: the fault hook runs before routing, and without a fault they answer 404.
const PATH = '/fault-test/resource';

describe('fault kinds', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterEach(() => {
    sim.control.clearFaults();
    sim.control.setClockSkew(0);
  });
  afterAll(async () => {
    await sim.close();
  });

  it.each([500, 502, 503, 504])('status %i answers an RFC 7807 problem', async (status) => {
    sim.control.addFault({ kind: 'status', status });
    const response = await fetch(`${sim.url}${PATH}?x=1`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status, instance: PATH, requestId: response.headers.get('x-request-id') });
    expect(typeof body.title).toBe('string');
    expect(typeof body.type).toBe('string');
    expect(body.detail).toContain(String(status));
  });

  it('status defaults to 503', async () => {
    expect(sim.control.addFault({ kind: 'status' }).status).toBe(503);
    expect((await fetch(`${sim.url}${PATH}`)).status).toBe(503);
  });

  it('rate-limit answers 429 with Retry-After in seconds', async () => {
    sim.control.addFault({ kind: 'rate-limit', retryAfterSeconds: 7 });
    const response = await fetch(`${sim.url}${PATH}`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
  });

  it('rate-limit can express Retry-After as an HTTP date', async () => {
    sim.control.addFault({ kind: 'rate-limit', retryAfterSeconds: 120, retryAfterFormat: 'http-date' });
    const before = Date.now();
    const response = await fetch(`${sim.url}${PATH}`);
    const after = Date.now();
    expect(response.status).toBe(429);
    const retryAfter = response.headers.get('retry-after') ?? '';
    expect(retryAfter).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    // The server computed it between before and after; HTTP dates drop the milliseconds.
    const retryAt = Date.parse(retryAfter);
    expect(retryAt).toBeGreaterThan(before + 120_000 - 1000);
    expect(retryAt).toBeLessThanOrEqual(after + 120_000);
  });

  it('the Retry-After date comes from the skewed server clock', async () => {
    sim.control.setClockSkew(-3_600_000);
    sim.control.addFault({ kind: 'rate-limit', retryAfterSeconds: 60, retryAfterFormat: 'http-date' });
    const before = Date.now();
    const response = await fetch(`${sim.url}${PATH}`);
    const after = Date.now();
    const retryAt = Date.parse(response.headers.get('retry-after') ?? '');
    const serverNow = Date.parse(response.headers.get('date') ?? '');
    // Read naively against the client's clock, the server asks for a wait of about -59 minutes.
    expect(retryAt).toBeGreaterThan(before - 3_600_000 + 60_000 - 1000);
    expect(retryAt).toBeLessThanOrEqual(after - 3_600_000 + 60_000);
    // Against the server's own Date header (stamped a little later) it is the intended minute.
    expect(retryAt - serverNow).toBeGreaterThan(60_000 - (after - before) - 1000);
    expect(retryAt - serverNow).toBeLessThanOrEqual(60_000);
  });

  it('delay holds the request, then it is handled normally', async () => {
    sim.control.addFault({ kind: 'delay', delayMs: 300 });
    const delayedStart = performance.now();
    const delayed = await fetch(`${sim.url}${PATH}`);
    const delayedMs = performance.now() - delayedStart;
    expect(delayed.status).toBe(404);
    expect(await delayed.json()).toMatchObject({ status: 404, title: 'Not Found' });
    // A timer never fires early, so this lower bound holds however loaded the machine is; no upper bound
    // is asserted because a busy machine may add any amount of time.
    expect(delayedMs).toBeGreaterThanOrEqual(295);
    expect(sim.control.requests().at(-1)).toMatchObject({ status: 404, fault: 'delay' });
  });

  it('a delay combines with a later fault', async () => {
    sim.control.addFault({ kind: 'delay', delayMs: 150 });
    sim.control.addFault({ kind: 'status', status: 502 });
    const started = performance.now();
    const response = await fetch(`${sim.url}${PATH}`);
    expect(response.status).toBe(502);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('hang never answers: the client times out', async () => {
    sim.control.addFault({ kind: 'hang', count: 1 });
    const started = performance.now();
    const error = await fetch(`${sim.url}${PATH}`, { signal: AbortSignal.timeout(400) }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    // The server is still fine for everyone else.
    expect((await fetch(`${sim.url}${PATH}`)).status).toBe(404);
  });

  it('reset drops the connection: fetch fails with a socket error', async () => {
    sim.control.addFault({ kind: 'reset' });
    const error = await fetch(`${sim.url}${PATH}`).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']).toContain(errorCode(error));
  });

  it('reset is ECONNRESET for node:http', async () => {
    sim.control.addFault({ kind: 'reset' });
    const error = await rawRequest(`${sim.url}${PATH}`).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(errorCode(error)).toBe('ECONNRESET');
  });

  it('malformed-json answers 200 application/json that does not parse', async () => {
    sim.control.addFault({ kind: 'malformed-json' });
    const response = await fetch(`${sim.url}${PATH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const text = await response.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it('html-error answers a 502 HTML page like a proxy', async () => {
    sim.control.addFault({ kind: 'html-error' });
    const response = await fetch(`${sim.url}${PATH}`);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toContain('text/html');
    const text = await response.text();
    expect(text).toContain('<html>');
    expect(text).toContain('502 Bad Gateway');
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('faults hit every method and unknown routes alike', async () => {
    sim.control.addFault({ kind: 'status', status: 500 });
    const response = await fetch(`${sim.url}/anything/at/all`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(500);
  });
});

describe('shutdown with hung requests', () => {
  it('close() releases hung connections instead of waiting for the client', async () => {
    const sim = await startSimulator({ port: 0 });
    sim.control.addFault({ kind: 'hang' });
    // node:http without a timeout would wait forever; only the server closing the socket ends it.
    const pending = rawRequest(`${sim.url}${PATH}`).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    // Wait until the request has reached the server (a fixed sleep is not enough on a loaded machine).
    await vi.waitFor(() => expect(sim.control.requests().map((entry) => entry.fault)).toEqual(['hang']), {
      timeout: 5000,
    });
    const started = performance.now();
    await sim.close();
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(errorCode(await pending)).toBe('ECONNRESET');
  });

  it('close() does not wait for delayed requests to finish their delay', async () => {
    const sim = await startSimulator({ port: 0 });
    sim.control.addFault({ kind: 'delay', delayMs: 60_000 });
    const pending = rawRequest(`${sim.url}${PATH}`).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    await vi.waitFor(() => expect(sim.control.requests()).toHaveLength(1), { timeout: 5000 });
    const started = performance.now();
    await sim.close();
    // Far below the 60 s delay, with room for a loaded machine.
    expect(performance.now() - started).toBeLessThan(10_000);
    // Either the server closed the connection or the request was answered as the delay ended early.
    await pending;
  });
});
