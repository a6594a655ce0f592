import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../src/index.js';
import {
  approveConsent,
  basic,
  decide,
  ISV,
  LOOPBACK_REDIRECT,
  openConsentPage,
  PARTNER,
  postForm,
} from './oauth-support.js';

const isvBody = { client_id: ISV.clientId, client_secret: ISV.clientSecret };

async function expectOAuthError(
  response: Response,
  status: number,
  error: string,
): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toContain('application/json');
  const body = (await response.json()) as Record<string, unknown>;
  // RFC 6749 §5.2: exactly these members, with a description a person can act on.
  expect(body).toEqual({ error, error_description: expect.stringMatching(/\S/) });
  return body;
}

describe('token endpoint errors (RFC 6749 §5.2)', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  async function freshCode(challenge?: string): Promise<string> {
    const url = new URL(sim.urls.authorize);
    url.search = new URLSearchParams({
      client_id: ISV.clientId,
      response_type: 'code',
      redirect_uri: LOOPBACK_REDIRECT,
      scope: 'read:site',
      ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
    }).toString();
    return (await approveConsent(sim.url, url)).searchParams.get('code') ?? '';
  }

  it('401 invalid_client for a missing client, an unknown client or a wrong secret', async () => {
    const missing = await postForm(sim.urls.token, { grant_type: 'client_credentials' });
    await expectOAuthError(missing, 401, 'invalid_client');
    expect(missing.headers.get('www-authenticate')).toBeNull();

    const unknown = await postForm(sim.urls.token, {
      grant_type: 'client_credentials',
      client_id: 'nobody',
      client_secret: 'x',
    });
    await expectOAuthError(unknown, 401, 'invalid_client');

    const wrongBasic = await postForm(
      sim.urls.token,
      { grant_type: 'client_credentials' },
      { authorization: basic(PARTNER.clientId, 'wrong') },
    );
    await expectOAuthError(wrongBasic, 401, 'invalid_client');
    expect(wrongBasic.headers.get('www-authenticate')).toBe('Basic realm="ecostruxure"');

    const garbled = await postForm(
      sim.urls.token,
      { grant_type: 'client_credentials' },
      { authorization: 'Basic !!!' },
    );
    await expectOAuthError(garbled, 401, 'invalid_client');
    expect(garbled.headers.get('www-authenticate')).toBe('Basic realm="ecostruxure"');

    const wrongBody = await postForm(sim.urls.token, {
      grant_type: 'client_credentials',
      client_id: PARTNER.clientId,
      client_secret: 'wrong',
    });
    await expectOAuthError(wrongBody, 401, 'invalid_client');
    // Only a client that authenticated with Basic is challenged to use it again.
    expect(wrongBody.headers.get('www-authenticate')).toBeNull();

    const noSecret = await postForm(sim.urls.token, {
      grant_type: 'client_credentials',
      client_id: PARTNER.clientId,
    });
    await expectOAuthError(noSecret, 401, 'invalid_client');
  });

  it('400 invalid_request for Basic and body credentials at once, or repeated parameters', async () => {
    const both = await postForm(
      sim.urls.token,
      { grant_type: 'client_credentials', client_id: PARTNER.clientId, client_secret: PARTNER.clientSecret },
      { authorization: basic(PARTNER.clientId, PARTNER.clientSecret) },
    );
    await expectOAuthError(both, 400, 'invalid_request');

    const otherId = await postForm(
      sim.urls.token,
      { grant_type: 'client_credentials', client_id: ISV.clientId },
      { authorization: basic(PARTNER.clientId, PARTNER.clientSecret) },
    );
    await expectOAuthError(otherId, 400, 'invalid_request');

    const repeated = await fetch(sim.urls.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&grant_type=client_credentials&client_id=demo-partner&client_secret=demo-partner-secret',
    });
    await expectOAuthError(repeated, 400, 'invalid_request');

    const badJson = await fetch(sim.urls.token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    await expectOAuthError(badJson, 400, 'invalid_request');
  });

  it('accepts JSON bodies', async () => {
    const response = await fetch(sim.urls.token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: PARTNER.clientId,
        client_secret: PARTNER.clientSecret,
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read:site read:carbon-emission',
    });
  });

  it('400 invalid_request without grant_type, unsupported_grant_type for an unknown one', async () => {
    await expectOAuthError(await postForm(sim.urls.token, isvBody), 400, 'invalid_request');
    await expectOAuthError(
      await postForm(sim.urls.token, { ...isvBody, grant_type: 'password' }),
      400,
      'unsupported_grant_type',
    );
    await expectOAuthError(
      await postForm(sim.urls.token, { ...isvBody, grant_type: 'constructor' }),
      400,
      'unsupported_grant_type',
    );
  });

  it('400 unauthorized_client for a grant the client is not registered for', async () => {
    await expectOAuthError(
      await postForm(sim.urls.token, { ...isvBody, grant_type: 'client_credentials' }),
      400,
      'unauthorized_client',
    );
  });

  it('400 invalid_scope for a scope outside the client registration', async () => {
    await expectOAuthError(
      await postForm(
        sim.urls.token,
        { grant_type: 'client_credentials', scope: 'read:site write:everything' },
        { authorization: basic(PARTNER.clientId, PARTNER.clientSecret) },
      ),
      400,
      'invalid_scope',
    );
  });

  it('authorization_code: missing parameters, unknown code, wrong redirect_uri, PKCE mistakes', async () => {
    const grant = { ...isvBody, grant_type: 'authorization_code' };
    await expectOAuthError(
      await postForm(sim.urls.token, { ...grant, redirect_uri: LOOPBACK_REDIRECT }),
      400,
      'invalid_request',
    );
    await expectOAuthError(await postForm(sim.urls.token, { ...grant, code: 'x' }), 400, 'invalid_request');
    await expectOAuthError(
      await postForm(sim.urls.token, { ...grant, code: 'esx_ac_unknown', redirect_uri: LOOPBACK_REDIRECT }),
      400,
      'invalid_grant',
    );

    const code = await freshCode();
    await expectOAuthError(
      await postForm(sim.urls.token, {
        ...grant,
        code,
        redirect_uri: 'http://127.0.0.1:1880/ecostruxure/oauth/callback',
      }),
      400,
      'invalid_grant',
    );
    // A verifier for a request that had no challenge is a downgrade attempt.
    await expectOAuthError(
      await postForm(sim.urls.token, {
        ...grant,
        code,
        redirect_uri: LOOPBACK_REDIRECT,
        code_verifier: 'a'.repeat(43),
      }),
      400,
      'invalid_grant',
    );
    const partnerTries = await postForm(
      sim.urls.token,
      { grant_type: 'authorization_code', code, redirect_uri: LOOPBACK_REDIRECT },
      { authorization: basic(PARTNER.clientId, PARTNER.clientSecret) },
    );
    await expectOAuthError(partnerTries, 400, 'unauthorized_client');

    const challenged = await freshCode('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const challengedGrant = { ...grant, code: challenged, redirect_uri: LOOPBACK_REDIRECT };
    await expectOAuthError(await postForm(sim.urls.token, challengedGrant), 400, 'invalid_request');
    await expectOAuthError(
      await postForm(sim.urls.token, { ...challengedGrant, code_verifier: 'short' }),
      400,
      'invalid_request',
    );
    await expectOAuthError(
      await postForm(sim.urls.token, { ...challengedGrant, code_verifier: 'b'.repeat(43) }),
      400,
      'invalid_grant',
    );
    // The RFC 7636 appendix B example pair.
    const ok = await postForm(sim.urls.token, {
      ...challengedGrant,
      code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    });
    expect(ok.status).toBe(200);
  });

  it('refresh_token: missing or unknown', async () => {
    const grant = { ...isvBody, grant_type: 'refresh_token' };
    await expectOAuthError(await postForm(sim.urls.token, grant), 400, 'invalid_request');
    await expectOAuthError(
      await postForm(sim.urls.token, { ...grant, refresh_token: 'esx_rt_unknown' }),
      400,
      'invalid_grant',
    );
  });
});

describe('authorization endpoint errors', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  function authorizeUrl(params: Record<string, string>): string {
    return `${sim.urls.authorize}?${new URLSearchParams(params).toString()}`;
  }
  const valid = {
    client_id: ISV.clientId,
    response_type: 'code',
    redirect_uri: LOOPBACK_REDIRECT,
    scope: 'read:site',
    state: 'xyz',
  };

  async function expectErrorPage(response: Response): Promise<string> {
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('invalid_request');
    expect(html).not.toContain('<form');
    return html;
  }

  async function expectRedirectError(params: Record<string, string>, error: string): Promise<void> {
    const response = await fetch(authorizeUrl(params), { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(LOOPBACK_REDIRECT);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('error_description')).toBeTruthy();
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('code')).toBeNull();
  }

  it('shows an error page, never a redirect, for an unknown client or an unregistered redirect_uri', async () => {
    const manual = { redirect: 'manual' } as const;
    await expectErrorPage(await fetch(authorizeUrl({ ...valid, client_id: 'evil' }), manual));
    const { client_id: _omitted, ...noClient } = valid;
    await expectErrorPage(await fetch(authorizeUrl(noClient), manual));
    await expectErrorPage(
      await fetch(authorizeUrl({ ...valid, redirect_uri: 'https://evil.example/cb' }), manual),
    );
    const { redirect_uri: _none, ...noRedirect } = valid;
    await expectErrorPage(await fetch(authorizeUrl(noRedirect), manual));
    // Loopback matching ignores the port only: the path and host must still match.
    await expectErrorPage(
      await fetch(authorizeUrl({ ...valid, redirect_uri: 'http://127.0.0.1:9/other' }), manual),
    );
    await expectErrorPage(
      await fetch(authorizeUrl({ ...valid, redirect_uri: 'http://localhost:9/callback' }), manual),
    );
    await expectErrorPage(
      await fetch(`${authorizeUrl(valid)}&redirect_uri=${encodeURIComponent(LOOPBACK_REDIRECT)}`, manual),
    );
    const escaped = await expectErrorPage(
      await fetch(authorizeUrl({ ...valid, client_id: '<script>alert(1)</script>' }), manual),
    );
    expect(escaped).not.toContain('<script>');
  });

  it('redirects RFC 6749 errors once the redirect URI is trusted', async () => {
    await expectRedirectError({ ...valid, response_type: 'token' }, 'unsupported_response_type');
    const { response_type: _rt, ...noResponseType } = valid;
    await expectRedirectError(noResponseType, 'invalid_request');
    await expectRedirectError({ ...valid, scope: 'read:site admin' }, 'invalid_scope');
    const { scope: _scope, ...noScope } = valid;
    await expectRedirectError(noScope, 'invalid_scope');
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    await expectRedirectError(
      { ...valid, code_challenge: challenge, code_challenge_method: 'plain' },
      'invalid_request',
    );
    await expectRedirectError({ ...valid, code_challenge: challenge }, 'invalid_request');
    await expectRedirectError({ ...valid, code_challenge_method: 'S256' }, 'invalid_request');
    await expectRedirectError(
      { ...valid, code_challenge: 'too-short', code_challenge_method: 'S256' },
      'invalid_request',
    );
  });

  it('renders a consent page with the customer, the app and described scopes, all escaped', async () => {
    const form = await openConsentPage(
      authorizeUrl({ ...valid, scope: 'read:site read:carbon-emission offline_access' }),
    );
    expect(form.html).toContain('Demo Customer');
    expect(form.html).toContain('Demo Carbon Dashboard');
    expect(form.html).toContain('<code>read:carbon-emission</code>');
    expect(form.html).toContain('long-lived refresh token');
    expect(form.html).toMatch(/value="approve">Approve</);
    expect(form.html).toMatch(/value="deny">Deny</);
    expect(form.action).toBe('/ecostruxure/v1/oauth/authorize/decision');
    expect(form.transaction.length).toBeGreaterThanOrEqual(43);
  });

  it('redirects access_denied when the customer denies, and refuses a replayed decision', async () => {
    const form = await openConsentPage(authorizeUrl(valid));
    const denied = await decide(sim.url, form, 'deny');
    expect(denied.status).toBe(302);
    const location = new URL(denied.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('xyz');

    const replay = await decide(sim.url, form, 'approve');
    expect(replay.status).toBe(400);
    expect(replay.headers.get('location')).toBeNull();
    expect(await replay.text()).toContain('invalid_request');
  });

  it('shows an error page for an unknown transaction or a bad decision', async () => {
    const form = await openConsentPage(authorizeUrl(valid));
    const forged = await decide(sim.url, { ...form, transaction: 'guess' }, 'approve');
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();

    const bad = await decide(sim.url, form, 'maybe');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('location')).toBeNull();
    expect(await bad.text()).toContain('approve or deny');
    // A bad decision does not consume the transaction.
    expect((await decide(sim.url, form, 'approve')).status).toBe(302);
  });

  it('matches a registered loopback redirect URI on any port', async () => {
    const callback = await approveConsent(
      sim.url,
      authorizeUrl({ ...valid, redirect_uri: 'http://127.0.0.1:40123/callback' }),
    );
    expect(callback.port).toBe('40123');
    expect(callback.searchParams.get('code')).toBeTruthy();
  });
});
