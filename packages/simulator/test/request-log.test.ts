/** The request log: what it records, what it redacts, what it leaves out. */
import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../src/index.js';
import { REDACTED, redactBody, redactHeaders, redactUrl, TRUNCATED } from '../src/request-log/redact.js';
import { RingBuffer } from '../src/request-log/ring.js';
import { createRequestLog, DEFAULT_LOG_CAPACITY } from '../src/request-log/index.js';
import { Clock } from '../src/clock.js';
import { resolveOptions } from '../src/options.js';
import { rawRequest } from './support/raw-request.js';

const BEARER = 'eyJhbGciOiJIUzI1NiJ9.secret-bearer-value';
const API_KEY = 'secret-api-key-value-123';
const HEADER_KEY = 'secret-header-key-456';
const CLIENT_SECRET = 'secret-client-secret-789';
const REFRESH = 'secret-refresh-token-abc';
const CODE = 'secret-authorization-code-def';
const COOKIE = 'secret-cookie-value-ghi';

describe('request log', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, clockSkewMs: -86_400_000 });
  });
  beforeEach(() => {
    sim.control.clearRequests();
    sim.control.clearFaults();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('never holds a credential, wherever it was sent', async () => {
    await fetch(`${sim.url}/ecostruxure/carbon-emission/v1/sites?apikey=${API_KEY}&page=2`, {
      headers: { authorization: `Bearer ${BEARER}`, cookie: `session=${COOKIE}; theme=dark` },
    });
    await fetch(`${sim.url}/ecostruxure/carbon-emission/v1/sites`, { headers: { 'x-api-key': HEADER_KEY } });
    await fetch(`${sim.url}/ecostruxure/v1/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`demo-isv-app:${CLIENT_SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_secret: CLIENT_SECRET,
        code: CODE,
        redirect_uri: 'http://127.0.0.1/callback',
      }).toString(),
    });
    await fetch(`${sim.url}/ecostruxure/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: REFRESH,
        nested: [{ password: 'pw-1' }],
      }),
    });

    const log = sim.control.requests();
    expect(log).toHaveLength(4);
    const json = JSON.stringify(log);
    for (const secret of [BEARER, API_KEY, HEADER_KEY, CLIENT_SECRET, REFRESH, CODE, COOKIE, 'pw-1']) {
      expect(json).not.toContain(secret);
    }
    // The same holds for the log served over HTTP.
    const served = await (await fetch(`${sim.urls.control}/requests`)).text();
    for (const secret of [BEARER, API_KEY, CLIENT_SECRET, REFRESH]) expect(served).not.toContain(secret);

    const [bearer, headerKey, form, jsonBody] = log;
    expect(bearer?.url).toBe(`/ecostruxure/carbon-emission/v1/sites?apikey=${REDACTED}&page=2`);
    expect(bearer?.headers.authorization).toBe(`Bearer ${REDACTED}`);
    expect(bearer?.headers.cookie).toBe(`session=${REDACTED}; theme=${REDACTED}`);
    expect(headerKey?.headers['x-api-key']).toBe(REDACTED);
    expect(form?.headers.authorization).toBe(`Basic ${REDACTED}`);
    expect(form?.body).toEqual({
      grant_type: 'authorization_code',
      client_secret: REDACTED,
      code: REDACTED,
      redirect_uri: 'http://127.0.0.1/callback',
    });
    expect(jsonBody?.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: REDACTED,
      nested: [{ password: REDACTED }],
    });
  });

  it('redacts by name pattern: any header or field at any depth naming a credential', async () => {
    await fetch(`${sim.url}/ecostruxure/v1/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-authorization': 'Bearer fwd-secret-1',
        'x-session-id': 'sess-secret-2',
        'x-custom-token': 'hdr-secret-3',
      },
      body: 'grant_type=client_credentials&client_secret[x]=form-secret-4&scope=read:site',
    });
    await fetch(`${sim.url}/ecostruxure/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        deep: { list: [{ myApiKey: 'json-secret-5', Set_Cookie: 'json-secret-6', label: 'kept' }] },
        sessionState: 'json-secret-7',
        newPassword: 'json-secret-8',
      }),
    });
    const json = JSON.stringify(sim.control.requests());
    for (let i = 1; i <= 8; i += 1) expect(json).not.toMatch(new RegExp(`secret-${i}\\b`));
    const [form, nested] = sim.control.requests();
    expect(form?.headers['x-forwarded-authorization']).toBe(`Bearer ${REDACTED}`);
    expect(form?.headers['x-session-id']).toBe(REDACTED);
    expect(form?.body).toEqual({
      grant_type: 'client_credentials',
      'client_secret[x]': REDACTED,
      scope: 'read:site',
    });
    expect(nested?.body).toMatchObject({ deep: { list: [{ myApiKey: REDACTED, label: 'kept' }] } });
  });

  it("redacts the consent page's transaction id, which is enough to approve the request", async () => {
    await fetch(`${sim.url}/ecostruxure/v1/oauth/authorize/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transaction: 'txn-secret-1', decision: 'approve' }).toString(),
      redirect: 'manual',
    });
    const [entry] = sim.control.requests();
    expect(entry?.body).toEqual({ transaction: REDACTED, decision: 'approve' });
    expect(JSON.stringify(sim.control.requests())).not.toContain('txn-secret-1');
  });

  it('records id, time by the server clock, method, status and other headers', async () => {
    const response = await fetch(`${sim.url}/log-test/a?x=1`, { headers: { 'x-custom': 'kept' } });
    const [entry] = sim.control.requests();
    expect(entry).toMatchObject({
      id: response.headers.get('x-request-id'),
      method: 'GET',
      url: '/log-test/a?x=1',
      status: 404,
    });
    expect(entry?.headers['x-custom']).toBe('kept');
    expect(entry?.body).toBeUndefined();
    expect(entry?.fault).toBeUndefined();
    // The server clock runs a day behind.
    expect(Date.now() - Date.parse(entry?.at ?? '')).toBeGreaterThan(86_000_000);
  });

  it('records which fault hit a request, including faults that never answer', async () => {
    sim.control.addFault({ kind: 'status', status: 503, count: 1 });
    await fetch(`${sim.url}/log-test/status`);
    sim.control.addFault({ kind: 'reset', count: 1 });
    await rawRequest(`${sim.url}/log-test/reset`).catch(() => undefined);
    sim.control.addFault({ kind: 'delay', delayMs: 10, count: 1 });
    await fetch(`${sim.url}/log-test/delay`);
    sim.control.addFault({ kind: 'hang', count: 1 });
    // Abort only once the server has the request: a fixed timeout could abort before it arrives.
    const abort = new AbortController();
    const hung = fetch(`${sim.url}/log-test/hang`, { signal: abort.signal }).catch(() => undefined);
    await vi.waitFor(() => expect(sim.control.requests()).toHaveLength(4), { timeout: 5000 });
    abort.abort();
    await hung;

    expect(sim.control.requests().map(({ url, status, fault }) => ({ url, status, fault }))).toEqual([
      { url: '/log-test/status', status: 503, fault: 'status' },
      { url: '/log-test/reset', status: undefined, fault: 'reset' },
      { url: '/log-test/delay', status: 404, fault: 'delay' },
      { url: '/log-test/hang', status: undefined, fault: 'hang' },
    ]);
  });

  it('leaves out the control API itself, and filters by path prefix', async () => {
    await fetch(`${sim.urls.control}/health`);
    await fetch(`${sim.url}/log-test/one`);
    await fetch(`${sim.url}/other/two`);
    await fetch(`${sim.urls.control}/requests`);
    expect(sim.control.requests().map((entry) => entry.url)).toEqual(['/log-test/one', '/other/two']);
    expect(sim.control.requests({ pathPrefix: '/other' }).map((entry) => entry.url)).toEqual(['/other/two']);
  });

  it('hands out copies', async () => {
    await fetch(`${sim.url}/log-test/copy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    const [entry] = sim.control.requests();
    if (!entry) throw new Error('expected an entry');
    entry.headers.host = 'changed';
    (entry.body as { a: number }).a = 2;
    expect(sim.control.requests()[0]).toMatchObject({ body: { a: 1 } });
    expect(sim.control.requests()[0]?.headers.host).not.toBe('changed');
  });

  it('does not record raw text bodies it cannot redact', async () => {
    await fetch(`${sim.url}/log-test/text`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'client_secret=plain-text-secret',
    });
    const [entry] = sim.control.requests();
    expect(entry?.body).toBeUndefined();
    expect(JSON.stringify(entry)).not.toContain('plain-text-secret');
  });

  it('keeps a bounded, redacted excerpt of a large body, never the whole body', async () => {
    const big = {
      note: 'x'.repeat(900_000),
      client_secret: CLIENT_SECRET,
      list: Array.from({ length: 20_000 }, (_, i) => i),
    };
    const deep = JSON.parse(
      `${'{"a":'.repeat(40)}{"password":"${CLIENT_SECRET}"}${'}'.repeat(40)}`,
    ) as unknown;
    for (const body of [big, deep]) {
      const response = await fetch(`${sim.url}/no/such/path`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(404);
    }
    const [first, second] = sim.control.requests({ pathPrefix: '/no/such/path' });
    const kept = JSON.stringify(first?.body);
    expect(kept.length).toBeLessThan(10_000);
    expect(kept).toContain(TRUNCATED);
    expect(kept).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(second?.body)).toContain(TRUNCATED);
    expect(JSON.stringify(second?.body)).not.toContain(CLIENT_SECRET);
  });

  it('answers a body nested thousands of levels deep with 400 before checking credentials', async () => {
    for (const text of [
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
    ]) {
      for (const path of ['/no/such/path', '/energy-hub/v1/graphql', '/ecostruxure/v1/oauth/token']) {
        const response = await fetch(`${sim.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: text,
        });
        expect(response.status).toBe(400);
        expect(await response.text()).not.toContain('call stack');
      }
    }
    // The same nesting within the limit is read as usual.
    const fine = await fetch(`${sim.url}/no/such/path`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `${'['.repeat(60)}${']'.repeat(60)}`,
    });
    expect(fine.status).toBe(404);
  });
});

describe('request log bounds', () => {
  it('keeps only the most recent requests (5,000 by default)', async () => {
    expect(DEFAULT_LOG_CAPACITY).toBe(5000);
    // A small log on a bare app shows the bound without sending thousands of requests.
    const app = Fastify();
    const log = createRequestLog({ options: resolveOptions(), clock: new Clock() }, { capacity: 3 });
    log.register(app);
    app.get('/*', async () => ({ ok: true }));
    try {
      for (let i = 1; i <= 5; i += 1) await app.inject({ method: 'GET', url: `/r/${i}` });
      expect(log.entries().map((entry) => entry.url)).toEqual(['/r/3', '/r/4', '/r/5']);
      log.clear();
      expect(log.entries()).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a simulator started with requestLogCapacity keeps that many', async () => {
    const sim = await startSimulator({ port: 0, requestLogCapacity: 2 });
    try {
      for (let i = 1; i <= 4; i += 1) await (await fetch(`${sim.urls.carbonApi}/sites?n=${i}`)).arrayBuffer();
      expect(sim.control.requests().map((entry) => entry.url)).toEqual([
        '/ecostruxure/carbon-emission/v1/sites?n=3',
        '/ecostruxure/carbon-emission/v1/sites?n=4',
      ]);
    } finally {
      await sim.close();
    }
  });

  it('the ring buffer keeps the newest items in order', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i += 1) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.length).toBe(3);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
    ring.push(9);
    expect(ring.toArray()).toEqual([9]);
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe('redaction helpers', () => {
  it('redacts secret query parameters by decoded, case-insensitive name', () => {
    expect(redactUrl('/a?APIKEY=1&b=2&access%5Ftoken=3&code=4&code_challenge=5')).toBe(
      `/a?APIKEY=${REDACTED}&b=2&access%5Ftoken=${REDACTED}&code=${REDACTED}&code_challenge=5`,
    );
    expect(redactUrl('/a')).toBe('/a');
    expect(redactUrl('/a?%E0%A4%A=1')).toBe('/a?%E0%A4%A=1');
  });

  it('keeps the authorization scheme and drops the credentials', () => {
    expect(
      redactHeaders({
        authorization: 'Bearer abc',
        'proxy-authorization': 'Basic xyz',
        'x-api-key': 'k',
        accept: 'application/json',
        'x-list': ['a', 'b'],
      }),
    ).toEqual({
      authorization: `Bearer ${REDACTED}`,
      'proxy-authorization': `Basic ${REDACTED}`,
      'x-api-key': REDACTED,
      accept: 'application/json',
      'x-list': 'a, b',
    });
    expect(redactHeaders({ authorization: 'just-a-token' })).toEqual({ authorization: REDACTED });
  });

  it('redacts secret fields at any depth and leaves other values alone', () => {
    expect(redactBody({ Client_Secret: 'x', list: [{ token: 'y' }, 1], scope: 'read:site' })).toEqual({
      Client_Secret: REDACTED,
      list: [{ token: REDACTED }, 1],
      scope: 'read:site',
    });
    expect(redactBody(null)).toBeNull();
    expect(redactBody(5)).toBe(5);
  });
});
