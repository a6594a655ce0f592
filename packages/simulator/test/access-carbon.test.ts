import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '../src/index.js';
import { basic, customerTokens, discover, ISV, PARTNER, postForm } from './oauth-support.js';

const ACCESS = DEMO_CREDENTIALS.accessClient;

async function expectProblem(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status });
  return body;
}

describe('credentials the Carbon API accepts by default (seed 000)', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, sites: 1 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('accepts authorization-code tokens and personal access tokens', async () => {
    const sites = `${sim.urls.carbonApi}/sites`;
    const pat = { headers: { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` } };
    expect((await fetch(sites, pat)).status).toBe(200);
    const customer = await customerTokens(sim, await discover(sim, ISV), 'read:site');
    expect(
      (await fetch(sites, { headers: { authorization: `Bearer ${customer.access_token}` } })).status,
    ).toBe(200);
  });

  it('refuses client-credentials tokens and API keys, saying what it accepts', async () => {
    const sites = `${sim.urls.carbonApi}/sites`;
    const partner = await client.clientCredentialsGrant(await discover(sim, PARTNER));
    const viaToken = await fetch(sites, { headers: { authorization: `Bearer ${partner.access_token}` } });
    expect((await expectProblem(viaToken, 401)).detail).toMatch(
      /accepts authorization-code tokens and personal access tokens only; not client-credentials tokens/,
    );
    for (const init of [{}, { headers: { 'x-api-key': DEMO_CREDENTIALS.apiKey.value } }]) {
      const url = 'headers' in init ? sites : `${sites}?apikey=${DEMO_CREDENTIALS.apiKey.value}`;
      expect((await expectProblem(await fetch(url, init), 401)).detail).toMatch(/not API keys/);
    }
  });
});

describe('resource access on the Carbon API (carbonCredentials "all")', () => {
  let sim: SimulatorHandle;
  let sites: string;
  let rates: string;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, sites: 2, carbonCredentials: 'all' });
    sites = `${sim.urls.carbonApi}/sites`;
    rates = `${sim.urls.carbonApi}/global-rates`;
  });
  afterAll(async () => {
    await sim.close();
  });

  const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

  it('401 with a Bearer invalid_token challenge for missing, unknown or malformed credentials', async () => {
    for (const init of [{}, bearer('esx_at_unknown'), { headers: { authorization: 'Basic Zm9vOmJhcg==' } }]) {
      const response = await fetch(sites, init);
      const body = await expectProblem(response, 401);
      expect(body.title).toBe('Unauthorized');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it('accepts the demo personal access token and API key (query or header)', async () => {
    expect((await fetch(sites, bearer(DEMO_CREDENTIALS.personalAccessToken.value))).status).toBe(200);
    expect((await fetch(`${sites}?apikey=${DEMO_CREDENTIALS.apiKey.value}`)).status).toBe(200);
    expect((await fetch(sites, { headers: { 'x-api-key': DEMO_CREDENTIALS.apiKey.value } })).status).toBe(
      200,
    );
    // An API key is not a bearer token, and a PAT is not an API key.
    await expectProblem(await fetch(sites, bearer(DEMO_CREDENTIALS.apiKey.value)), 401);
    await expectProblem(await fetch(`${sites}?apikey=${DEMO_CREDENTIALS.personalAccessToken.value}`), 401);
  });

  it('403 insufficient_scope for a credential without the route scope', async () => {
    const pat = sim.control.mintPersonalAccessToken(['read:site']);
    expect(pat).toMatch(/^esx_pat_/);
    expect((await fetch(sites, bearer(pat))).status).toBe(200);
    const response = await fetch(rates, bearer(pat));
    const body = await expectProblem(response, 403);
    expect(body.detail).toContain('read:carbon-emission');
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer error="insufficient_scope", scope="read:carbon-emission"',
    );
    const key = sim.control.mintApiKey(['read:carbon-emission']);
    expect(key).toMatch(/^esx_key_/);
    await expectProblem(await fetch(sites, { headers: { 'x-api-key': key } }), 403);
    expect(() => sim.control.mintApiKey(['admin'])).toThrow(/Invalid request parameters: scopes/);
  });

  it('accepts customer and client-credentials tokens until they expire or the consent is revoked', async () => {
    const isv = await discover(sim, ISV);
    const customer = await customerTokens(sim, isv, 'read:site');
    expect((await fetch(sites, bearer(customer.access_token))).status).toBe(200);
    await expectProblem(await fetch(rates, bearer(customer.access_token)), 403);

    const partner = await client.clientCredentialsGrant(await discover(sim, PARTNER));
    expect((await fetch(rates, bearer(partner.access_token))).status).toBe(200);

    sim.control.revokeConsent(sim.control.consents().at(-1)?.id ?? '');
    const revoked = await expectProblem(await fetch(sites, bearer(customer.access_token)), 401);
    expect(revoked.detail).toContain('revoked');

    sim.control.expireAllTokens();
    const expired = await expectProblem(await fetch(rates, bearer(partner.access_token)), 401);
    expect(expired.detail).toContain('expired');
  });

  it('refuses Energy Hub access-client tokens on the Carbon API', async () => {
    const response = await postForm(
      sim.urls.energyHubToken,
      { grant_type: 'client_credentials' },
      { authorization: basic(ACCESS.clientId, ACCESS.clientSecret) },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const token = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(token.access_token).toMatch(/^ehub_at_/);
    const body = await expectProblem(await fetch(sites, bearer(token.access_token)), 401);
    expect(body.detail).toContain('Energy Hub');
  });
});

describe('Energy Hub token endpoint errors', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, sites: 1 });
  });
  afterAll(async () => {
    await sim.close();
  });

  async function expectError(response: Response, status: number, error: string): Promise<void> {
    expect(response.status).toBe(status);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error });
  }

  it('answers RFC 6749 errors like the EcoStruxure token endpoint', async () => {
    const url = sim.urls.energyHubToken;
    const body = { client_id: ACCESS.clientId, client_secret: ACCESS.clientSecret };
    await expectError(
      await postForm(url, { ...body, client_secret: 'wrong', grant_type: 'client_credentials' }),
      401,
      'invalid_client',
    );
    const viaBasic = await postForm(
      url,
      { grant_type: 'client_credentials' },
      { authorization: basic(ACCESS.clientId, 'x') },
    );
    await expectError(viaBasic, 401, 'invalid_client');
    expect(viaBasic.headers.get('www-authenticate')).toBe('Basic realm="ecostruxure"');
    await expectError(await postForm(url, body), 400, 'invalid_request');
    await expectError(
      await postForm(url, { ...body, grant_type: 'password' }),
      400,
      'unsupported_grant_type',
    );
    await expectError(
      await postForm(
        url,
        { grant_type: 'client_credentials' },
        { authorization: basic(PARTNER.clientId, PARTNER.clientSecret) },
      ),
      401,
      'invalid_client',
    );
    await expectError(
      await postForm(sim.urls.token, { ...body, grant_type: 'client_credentials' }),
      401,
      'invalid_client',
    );
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, grant_type: 'client_credentials' }),
    });
    expect(json.status).toBe(200);
  });
});

describe('per-credential rate limit', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, sites: 1, rateLimit: { limit: 2, windowMs: 30_000 } });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers 429 with Retry-After once a credential exceeds its window, other credentials unaffected', async () => {
    const sites = `${sim.urls.carbonApi}/sites`;
    const headers = { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` };
    expect((await fetch(sites, { headers })).status).toBe(200);
    expect((await fetch(sites, { headers })).status).toBe(200);
    const limited = await fetch(sites, { headers });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(await limited.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);

    const other = sim.control.mintPersonalAccessToken();
    expect((await fetch(sites, { headers: { authorization: `Bearer ${other}` } })).status).toBe(200);

    // The window is measured on the server's clock, so moving it forward opens a new one.
    try {
      sim.control.setClockSkew(31_000);
      expect((await fetch(sites, { headers })).status).toBe(200);
    } finally {
      sim.control.setClockSkew(0);
    }
  });

  it('a per-second limit: N answered per second, the rest 429 with Retry-After 1, the next second N again', async () => {
    const perSecond = await startSimulator({ port: 0, sites: 1, rateLimit: { limit: 5, windowMs: 1000 } });
    try {
      const sites = `${perSecond.urls.carbonApi}/sites`;
      const headers = { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` };
      const burst = async () => {
        const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(sites, { headers })));
        await Promise.all(responses.map((response) => response.arrayBuffer()));
        return responses;
      };
      const first = await burst();
      expect(first.filter((response) => response.status === 200)).toHaveLength(5);
      const refused = first.filter((response) => response.status === 429);
      expect(refused).toHaveLength(15);
      expect(new Set(refused.map((response) => response.headers.get('retry-after')))).toEqual(new Set(['1']));

      perSecond.control.setClockSkew(1000);
      const second = await burst();
      expect(second.filter((response) => response.status === 200)).toHaveLength(5);
    } finally {
      await perSecond.close();
    }
  });

  it('limits unauthenticated requests per client address', async () => {
    const sites = `${sim.urls.carbonApi}/sites`;
    expect((await fetch(sites)).status).toBe(401);
    expect((await fetch(sites)).status).toBe(401);
    expect((await fetch(sites)).status).toBe(429);
  });
});
