/** The `/_sim` control API: each route, and the 400 problems that name the bad field. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { Clock } from '../src/clock.js';
import { createEmissionEdits } from '../src/carbon/edits.js';
import type { ConsentRecord, EnergyHubAlarmInput, SimulatorContext } from '../src/context.js';
import { registerControlApi } from '../src/control/index.js';
import { createFaultInjector } from '../src/faults/index.js';
import { createRequestLog } from '../src/request-log/index.js';
import {
  CARBON_SCOPES,
  resolveOptions,
  startSimulator,
  type SimulatorControl,
  type SimulatorHandle,
} from '../src/index.js';

interface Problem {
  status: number;
  title: string;
  invalidParams?: { name: string; reason: string }[];
}

const send = async (
  url: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; json: unknown; contentType: string | null }> => {
  const response = await fetch(url, {
    method,
    ...(body === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? (JSON.parse(text) as unknown) : undefined,
    contentType: response.headers.get('content-type'),
  };
};

const invalidNames = (json: unknown): string[] =>
  ((json as Problem).invalidParams ?? []).map((param) => param.name);

describe('control API on a running simulator', () => {
  let sim: SimulatorHandle;
  let base: string;
  beforeAll(async () => {
    // `all`: the minted API key is used on the Carbon API below.
    sim = await startSimulator({ port: 0, carbonCredentials: 'all' });
    base = sim.urls.control;
  });
  beforeEach(() => {
    sim.control.clearFaults();
    sim.control.clearRequests();
    sim.control.setClockSkew(0);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('GET /_sim/health', async () => {
    expect(await send(`${base}/health`, 'GET')).toMatchObject({ status: 200, json: { status: 'ok' } });
  });

  it('POST, GET and DELETE /_sim/faults', async () => {
    const created = await send(`${base}/faults`, 'POST', {
      kind: 'status',
      status: 502,
      route: 'GET /x*',
      count: 2,
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.any(String),
      kind: 'status',
      status: 502,
      route: 'GET /x*',
      count: 2,
      hits: 0,
    });
    const id = (created.json as { id: string }).id;

    expect((await fetch(`${sim.url}/x/1`)).status).toBe(502);
    expect((await send(`${base}/faults`, 'GET')).json).toEqual([{ ...(created.json as object), hits: 1 }]);

    expect(await send(`${base}/faults/${id}`, 'DELETE')).toMatchObject({ status: 200, json: { removed: 1 } });
    const missing = await send(`${base}/faults/${id}`, 'DELETE');
    expect(missing.status).toBe(404);
    expect(missing.contentType).toContain('application/problem+json');

    await send(`${base}/faults`, 'POST', { kind: 'reset' });
    await send(`${base}/faults`, 'POST', { kind: 'hang' });
    expect(await send(`${base}/faults`, 'DELETE')).toMatchObject({ status: 200, json: { removed: 2 } });
    expect(sim.control.faults()).toEqual([]);
  });

  it('POST /_sim/faults answers 400 naming each bad field', async () => {
    const bad = await send(`${base}/faults`, 'POST', { kind: 'status', status: 404, probability: 3 });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(invalidNames(bad.json)).toEqual(['probability', 'status']);
    expect((bad.json as Problem).invalidParams?.[1]?.reason).toContain('500, 502, 503, 504');

    expect(invalidNames((await send(`${base}/faults`, 'POST', { kind: 'meltdown' })).json)).toEqual(['kind']);
    expect(invalidNames((await send(`${base}/faults`, 'POST', [{ kind: 'reset' }])).json)).toEqual(['body']);
    expect((await send(`${base}/faults`, 'POST', '{"kind":')).status).toBe(400);
    expect(sim.control.faults()).toEqual([]);
  });

  it('GET and DELETE /_sim/requests, with a path prefix', async () => {
    await fetch(`${sim.url}/one/a`);
    await fetch(`${sim.url}/two/b`);
    const all = await send(`${base}/requests`, 'GET');
    expect((all.json as { url: string }[]).map((entry) => entry.url)).toEqual(['/one/a', '/two/b']);
    const filtered = await send(`${base}/requests?pathPrefix=${encodeURIComponent('/two')}`, 'GET');
    expect((filtered.json as { url: string }[]).map((entry) => entry.url)).toEqual(['/two/b']);

    const bad = await send(`${base}/requests?pathPrefix=two`, 'GET');
    expect(bad.status).toBe(400);
    expect(invalidNames(bad.json)).toEqual(['pathPrefix']);
    expect(invalidNames((await send(`${base}/requests?limit=3`, 'GET')).json)).toEqual(['limit']);

    expect(await send(`${base}/requests`, 'DELETE')).toMatchObject({ status: 200, json: { removed: 2 } });
    expect((await send(`${base}/requests`, 'GET')).json).toEqual([]);
  });

  it('PUT /_sim/clock skews the server clock', async () => {
    expect(await send(`${base}/clock`, 'PUT', { skewMs: -7_200_000 })).toMatchObject({
      status: 200,
      json: { skewMs: -7_200_000 },
    });
    const response = await fetch(`${base}/health`);
    expect(Date.now() - Date.parse(response.headers.get('date') ?? '')).toBeGreaterThan(7_100_000);

    for (const body of [{}, { skewMs: 'soon' }, { skewMs: 1.5 }, { skewMs: 1e15 }]) {
      const bad = await send(`${base}/clock`, 'PUT', body);
      expect(bad.status).toBe(400);
      expect(invalidNames(bad.json)).toEqual(['skewMs']);
    }
    expect(invalidNames((await send(`${base}/clock`, 'PUT', { skewMs: 0, extra: 1 })).json)).toEqual([
      'extra',
    ]);
  });

  it('POST /_sim/tokens/expire, GET /_sim/consents and GET /_sim/sites answer JSON', async () => {
    expect(await send(`${base}/tokens/expire`, 'POST')).toMatchObject({
      status: 200,
      json: { expired: expect.any(Number) },
    });
    const consents = await send(`${base}/consents`, 'GET');
    expect(consents.status).toBe(200);
    expect(Array.isArray(consents.json)).toBe(true);
    const sites = await send(`${base}/sites`, 'GET');
    expect(sites.status).toBe(200);
    expect(Array.isArray(sites.json)).toBe(true);
  });

  it('mints credentials, injects alarms and lists the 25 default sites end to end', async () => {
    const pat = await send(`${base}/personal-access-tokens`, 'POST', { scopes: ['read:site'] });
    expect(pat).toMatchObject({ status: 201, json: { value: expect.any(String) } });
    const sites = `${sim.urls.carbonApi}/sites`;
    const withPat = await fetch(sites, {
      headers: { authorization: `Bearer ${(pat.json as { value: string }).value}` },
    });
    expect(withPat.status).toBe(200);
    const key = await send(`${base}/api-keys`, 'POST');
    expect(key).toMatchObject({ status: 201, json: { value: expect.any(String) } });
    expect(
      (await fetch(`${sites}?apikey=${encodeURIComponent((key.json as { value: string }).value)}`)).status,
    ).toBe(200);

    expect(await send(`${base}/alarms`, 'POST', { priority: 'high', source: 'device' })).toMatchObject({
      status: 201,
      json: { id: expect.any(String) },
    });
    const ids = (await send(`${base}/sites`, 'GET')).json as string[];
    expect(ids).toHaveLength(25);
    expect(ids).toEqual(sim.control.siteIds());
  });

  it('POST /_sim/consents/:id/revoke is 404 for an unknown consent', async () => {
    const missing = await send(`${base}/consents/no-such-consent/revoke`, 'POST');
    expect(missing.status).toBe(404);
    expect(missing.contentType).toContain('application/problem+json');
  });

  it.each<[string, unknown, string]>([
    ['personal-access-tokens', { scopes: 'read:site' }, 'scopes'],
    ['personal-access-tokens', { scopes: [] }, 'scopes'],
    ['personal-access-tokens', { scopes: ['write:everything'] }, 'scopes'],
    ['api-keys', { scopes: [1] }, 'scopes'],
    ['api-keys', { scope: ['read:site'] }, 'scope'],
    ['refresh-token-omissions', {}, 'count'],
    ['refresh-token-omissions', { count: 0 }, 'count'],
    ['refresh-token-omissions', { count: '2' }, 'count'],
    ['alarms', { priority: 'urgent' }, 'priority'],
    ['alarms', { source: 'cloud' }, 'source'],
    // Seed 002: no software-based alarm types.
    ['alarms', { source: 'software' }, 'source'],
    ['alarms', { category: 'Weather' }, 'category'],
    ['alarms', { thingId: '' }, 'thingId'],
    ['alarms', { colour: 'red' }, 'colour'],
    ['alarms', 'null', 'body'],
    ['consents/c-1/revoke', { reason: 42 }, 'reason'],
    ['tokens/expire', { all: true }, 'all'],
  ])('POST /_sim/%s with %j answers 400 naming %s', async (path, body, field) => {
    const response = await send(`${base}/${path}`, 'POST', body);
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(invalidNames(response.json)).toContain(field);
  });

  it('is never recorded in the request log', async () => {
    await send(`${base}/health`, 'GET');
    await send(`${base}/faults`, 'GET');
    expect(sim.control.requests()).toEqual([]);
  });
});

/** A SimulatorControl that records calls, to check each route hands the right arguments on. */
function recordingControl(): { control: SimulatorControl; calls: [string, ...unknown[]][] } {
  const calls: [string, ...unknown[]][] = [];
  const consent: ConsentRecord = {
    id: 'consent-1',
    clientId: 'demo-isv-app',
    appName: 'Demo',
    customer: 'Demo Customer',
    scopes: ['read:site'],
    grantedAt: '2025-01-01T00:00:00.000Z',
    revokedAt: null,
    revokedReason: null,
  };
  const record =
    <A extends unknown[], R>(name: string, result: R) =>
    (...args: A): R => {
      calls.push([name, ...args]);
      return result;
    };
  const control: SimulatorControl = {
    addFault: (rule) => ({ id: 'fault-1', ...rule, hits: 0 }),
    faults: () => [],
    removeFault: () => false,
    clearFaults: () => undefined,
    requests: () => [],
    clearRequests: () => undefined,
    expireAllTokens: record('expireAllTokens', 3),
    consents: record('consents', [consent]),
    revokeConsent: (id: string, reason?: string) => {
      calls.push(['revokeConsent', id, reason]);
      return id === consent.id
        ? { ...consent, revokedAt: '2025-01-02T00:00:00.000Z', revokedReason: reason ?? null }
        : undefined;
    },
    setClockSkew: record('setClockSkew', undefined),
    mintPersonalAccessToken: (scopes?: string[]) => {
      calls.push(['mintPersonalAccessToken', scopes]);
      return 'pat-value';
    },
    mintApiKey: (scopes?: string[]) => {
      calls.push(['mintApiKey', scopes]);
      return 'api-key-value';
    },
    omitRefreshTokenOnNextRefreshes: record('omitRefreshTokenOnNextRefreshes', undefined),
    injectAlarm: (input?: EnergyHubAlarmInput) => {
      calls.push(['injectAlarm', input]);
      return 'alarm-9';
    },
    siteIds: record('siteIds', ['site-0001', 'site-0002']),
    removeEmissionIntervals: record('removeEmissionIntervals', {
      siteId: 'site-0001',
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-01-01T01:00:00.000Z',
    }),
    reviseEmissionInterval: record('reviseEmissionInterval', {
      siteId: 'site-0001',
      start: '2025-01-01T00:00:00.000Z',
      scale: 1.1,
      updatedAt: '2025-01-02T00:00:00.000Z',
    }),
    clearEmissionEdits: record('clearEmissionEdits', { gaps: 0, revisions: 0 }),
  };
  return { control, calls };
}

describe('control API delegation', () => {
  let app: FastifyInstance;
  const { control, calls } = recordingControl();

  beforeAll(async () => {
    const ctx: SimulatorContext = { options: resolveOptions({ port: 0 }), clock: new Clock() };
    const noop = { register: () => undefined };
    const auth = {
      ...noop,
      authenticate: () => {
        throw new Error('unused');
      },
      expireAllTokens: () => 0,
      revokeConsent: () => undefined,
      revokeConsentOf: () => undefined,
      listConsents: () => [],
      mintPersonalAccessToken: () => '',
      mintApiKey: () => '',
      omitRefreshTokenOnNextRefreshes: () => undefined,
      adminToken: 'unused',
    };
    app = await buildApp(
      ctx,
      {
        auth,
        carbon: { ...noop, siteIds: () => [], edits: createEmissionEdits() },
        energyHub: { ...noop, injectAlarm: () => '' },
        faults: createFaultInjector(ctx, auth),
        requestLog: createRequestLog(ctx),
      },
      (instance) => registerControlApi(instance, control),
    );
  });
  beforeEach(() => {
    calls.length = 0;
  });
  afterAll(async () => {
    await app.close();
  });

  const inject = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const response = await app.inject({ method, url, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, json: response.json<unknown>() };
  };

  it('mints personal access tokens and API keys, with default or given scopes', async () => {
    expect(await inject('POST', '/_sim/personal-access-tokens')).toEqual({
      status: 201,
      json: { value: 'pat-value' },
    });
    expect(await inject('POST', '/_sim/api-keys', { scopes: ['read:site', 'read:site'] })).toEqual({
      status: 201,
      json: { value: 'api-key-value' },
    });
    expect(calls).toEqual([
      ['mintPersonalAccessToken', undefined],
      ['mintApiKey', ['read:site']],
    ]);
    // Without scopes the handle applies its default, the carbon scopes.
    expect(CARBON_SCOPES).toEqual(['read:site', 'read:carbon-emission']);
  });

  it('revokes consents and lists them', async () => {
    expect(await inject('GET', '/_sim/consents')).toMatchObject({ status: 200, json: [{ id: 'consent-1' }] });
    expect(await inject('POST', '/_sim/consents/consent-1/revoke', { reason: 'test' })).toMatchObject({
      status: 200,
      json: { id: 'consent-1', revokedReason: 'test' },
    });
    expect(calls).toContainEqual(['revokeConsent', 'consent-1', 'test']);
  });

  it('expires tokens, sets refresh-token omissions, skews the clock', async () => {
    expect(await inject('POST', '/_sim/tokens/expire')).toEqual({ status: 200, json: { expired: 3 } });
    expect(await inject('POST', '/_sim/refresh-token-omissions', { count: 2 })).toEqual({
      status: 200,
      json: { count: 2 },
    });
    expect(await inject('PUT', '/_sim/clock', { skewMs: 5000 })).toEqual({
      status: 200,
      json: { skewMs: 5000 },
    });
    expect(calls).toEqual([
      ['expireAllTokens'],
      ['omitRefreshTokenOnNextRefreshes', 2],
      ['setClockSkew', 5000],
    ]);
  });

  it('injects alarms and lists site ids', async () => {
    const alarm = {
      thingId: 'site-1',
      category: 'Power quality',
      type: 'Unbalance',
      priority: 'high',
      source: 'device',
    };
    expect(await inject('POST', '/_sim/alarms', alarm)).toEqual({ status: 201, json: { id: 'alarm-9' } });
    expect(await inject('POST', '/_sim/alarms')).toEqual({ status: 201, json: { id: 'alarm-9' } });
    expect(await inject('GET', '/_sim/sites')).toEqual({ status: 200, json: ['site-0001', 'site-0002'] });
    expect(calls).toEqual([['injectAlarm', alarm], ['injectAlarm', {}], ['siteIds']]);
  });
});
