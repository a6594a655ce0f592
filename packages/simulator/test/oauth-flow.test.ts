import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../src/index.js';
import {
  approveConsent,
  customerTokens,
  discover,
  introspect,
  ISV,
  issuerOf,
  LOOPBACK_REDIRECT,
  PARTNER,
  postForm,
} from './oauth-support.js';

/** The error a standards-strict client surfaces for an RFC 6749 error response. */
async function oauthError(promise: Promise<unknown>): Promise<{ error: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof client.ResponseBodyError) return { error: error.error, status: error.status };
    throw error;
  }
  throw new Error('The request unexpectedly succeeded.');
}

describe('OAuth 2.0 flows, driven by openid-client', () => {
  let sim: SimulatorHandle;
  let isv: client.Configuration;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    isv = await discover(sim, ISV);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('publishes RFC 8414 metadata whose issuer is the origin the client used', async () => {
    const metadata = isv.serverMetadata();
    expect(metadata.issuer).toBe(issuerOf(sim));
    expect(metadata.token_endpoint).toBe(sim.urls.token);
    expect(metadata.authorization_endpoint).toBe(sim.urls.authorize);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    const viaLocalhost = await fetch(sim.urls.metadata.replace('127.0.0.1', 'localhost'));
    expect(((await viaLocalhost.json()) as { issuer: string }).issuer).toBe(
      `http://localhost:${sim.port}/ecostruxure/v1/oauth`,
    );
  });

  it('runs the authorization code flow with PKCE and echoes state', async () => {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(isv, {
      redirect_uri: LOOPBACK_REDIRECT,
      scope: 'read:site read:carbon-emission',
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const callback = await approveConsent(sim.url, url);
    expect(callback.origin + callback.pathname).toBe(LOOPBACK_REDIRECT);
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('code')).toMatch(/^esx_ac_/);

    const tokens = await client.authorizationCodeGrant(isv, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope).toBe('read:site read:carbon-emission');
    expect(tokens.access_token).toMatch(/^esx_at_/);
    expect(tokens.refresh_token).toMatch(/^esx_rt_/);
    const info = await client.tokenIntrospection(isv, tokens.access_token);
    expect(info).toMatchObject({
      active: true,
      client_id: ISV.clientId,
      scope: 'read:site read:carbon-emission',
    });

    // The same code again is refused and takes the tokens it issued with it.
    const reuse = await oauthError(
      client.authorizationCodeGrant(isv, callback, { pkceCodeVerifier: verifier, expectedState: state }),
    );
    expect(reuse).toEqual({ error: 'invalid_grant', status: 400 });
    expect(await introspect(isv, tokens.access_token)).toBe(false);
    expect(await introspect(isv, tokens.refresh_token ?? '')).toBe(false);
  });

  it('refuses a wrong code_verifier with invalid_grant', async () => {
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(isv, {
      redirect_uri: LOOPBACK_REDIRECT,
      scope: 'read:site',
      state,
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const callback = await approveConsent(sim.url, url);
    const result = await oauthError(
      client.authorizationCodeGrant(isv, callback, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: state,
      }),
    );
    expect(result).toEqual({ error: 'invalid_grant', status: 400 });
  });

  it('rotates refresh tokens and narrows scope on request', async () => {
    const first = await customerTokens(sim, isv);
    const second = await client.refreshTokenGrant(isv, first.refresh_token ?? '', { scope: 'read:site' });
    expect(second.scope).toBe('read:site');
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const third = await client.refreshTokenGrant(isv, second.refresh_token ?? '');
    expect(third.scope).toBe('read:site read:carbon-emission');
    const wider = await oauthError(
      client.refreshTokenGrant(isv, third.refresh_token ?? '', { scope: 'read:site offline_access' }),
    );
    expect(wider).toEqual({ error: 'invalid_scope', status: 400 });
  });

  it('revokes the whole grant when a rotated refresh token is presented again', async () => {
    const first = await customerTokens(sim, isv);
    const second = await client.refreshTokenGrant(isv, first.refresh_token ?? '');
    expect(await introspect(isv, second.access_token)).toBe(true);

    const replay = await oauthError(client.refreshTokenGrant(isv, first.refresh_token ?? ''));
    expect(replay).toEqual({ error: 'invalid_grant', status: 400 });
    expect(await introspect(isv, second.access_token)).toBe(false);
    expect(await introspect(isv, second.refresh_token ?? '')).toBe(false);
    expect(await introspect(isv, first.access_token)).toBe(false);
    const legit = await oauthError(client.refreshTokenGrant(isv, second.refresh_token ?? ''));
    expect(legit).toEqual({ error: 'invalid_grant', status: 400 });
    const consent = sim.control.consents().find((record) => record.revokedReason?.includes('reused'));
    expect(consent?.revokedAt).not.toBeNull();
  });

  it('gives a long-lived refresh token with offline_access', async () => {
    const tokens = await customerTokens(sim, isv, 'read:site offline_access');
    const info = await client.tokenIntrospection(isv, tokens.refresh_token ?? '');
    const lifetime = Number(info.exp) - Number(info.iat);
    expect(lifetime).toBe(90 * 24 * 3600);
    const plain = await customerTokens(sim, isv, 'read:site');
    const plainInfo = await client.tokenIntrospection(isv, plain.refresh_token ?? '');
    expect(Number(plainInfo.exp) - Number(plainInfo.iat)).toBe(24 * 3600);
  });

  it('answers the next refreshes without a refresh token, keeping the old one valid', async () => {
    const first = await customerTokens(sim, isv);
    sim.control.omitRefreshTokenOnNextRefreshes(2);
    const second = await client.refreshTokenGrant(isv, first.refresh_token ?? '');
    expect(second.refresh_token).toBeUndefined();
    const third = await client.refreshTokenGrant(isv, first.refresh_token ?? '');
    expect(third.refresh_token).toBeUndefined();
    const fourth = await client.refreshTokenGrant(isv, first.refresh_token ?? '');
    expect(fourth.refresh_token).toMatch(/^esx_rt_/);
    expect(await introspect(isv, fourth.access_token)).toBe(true);
  });

  it('issues client credentials tokens with client_secret_basic and client_secret_post', async () => {
    // Seed 001's Basic header: Base64 of the raw `client_key:client_secret`.
    const rawBasic = `Basic ${Buffer.from(`${PARTNER.clientId}:${PARTNER.clientSecret}`).toString('base64')}`;
    const response = await postForm(
      sim.urls.token,
      { grant_type: 'client_credentials', scope: 'read:site' },
      { authorization: rawBasic },
    );
    expect(response.status).toBe(200);
    const basicTokens = (await response.json()) as client.TokenEndpointResponse;
    expect(basicTokens.scope).toBe('read:site');
    expect(basicTokens.refresh_token).toBeUndefined();
    expect(basicTokens.expires_in).toBe(3600);

    const viaPost = await discover(sim, PARTNER, 'post');
    const postTokens = await client.clientCredentialsGrant(viaPost);
    expect(postTokens.scope).toBe('read:site read:carbon-emission');
    const all = await client.clientCredentialsGrant(viaPost, { scope: 'all' });
    expect(all.scope).toBe('read:site read:carbon-emission');
    expect(await introspect(viaPost, basicTokens.access_token)).toBe(true);

    const refused = await oauthError(client.clientCredentialsGrant(viaPost, { scope: 'offline_access' }));
    expect(refused).toEqual({ error: 'invalid_scope', status: 400 });
    const wrongGrant = await oauthError(client.clientCredentialsGrant(isv));
    expect(wrongGrant).toEqual({ error: 'unauthorized_client', status: 400 });
  });

  it('refuses RFC 6749 form-encoded Basic credentials from a partner registered for the raw encoding', async () => {
    // openid-client form-encodes the ID and secret first (it turns `-` into %2D), so the header differs
    // from seed 001's raw one: exactly the mismatch a real gateway would answer with invalid_client.
    const viaRfcBasic = await discover(sim, PARTNER, 'basic');
    await expect(client.clientCredentialsGrant(viaRfcBasic)).rejects.toMatchObject({ status: 401 });
  });

  it("answers active:false when a client introspects another client's tokens (RFC 7662 §4)", async () => {
    const partner = await discover(sim, PARTNER);
    const customer = await customerTokens(sim, isv, 'read:site offline_access');
    const partnerToken = (await client.clientCredentialsGrant(partner)).access_token;
    const seenBy = (config: client.Configuration, token: string) => client.tokenIntrospection(config, token);

    expect(await seenBy(isv, customer.access_token)).toMatchObject({ active: true, client_id: ISV.clientId });
    expect(await seenBy(partner, customer.access_token)).toEqual({ active: false });
    expect(await seenBy(partner, customer.refresh_token ?? '')).toEqual({ active: false });
    expect(await seenBy(isv, partnerToken)).toEqual({ active: false });
    expect(await seenBy(partner, partnerToken)).toMatchObject({ active: true, client_id: PARTNER.clientId });
  });

  it('expires every access token on demand while refresh tokens keep working', async () => {
    const tokens = await customerTokens(sim, isv);
    expect(sim.control.expireAllTokens()).toBeGreaterThan(0);
    expect(await introspect(isv, tokens.access_token)).toBe(false);
    expect(sim.control.expireAllTokens()).toBe(0);
    const refreshed = await client.refreshTokenGrant(isv, tokens.refresh_token ?? '');
    expect(await introspect(isv, refreshed.access_token)).toBe(true);
  });

  it('lets a skewed server clock expire tokens and codes', async () => {
    try {
      const tokens = await customerTokens(sim, isv);
      sim.control.setClockSkew(3601 * 1000);
      expect(await introspect(isv, tokens.access_token)).toBe(false);
      expect(await introspect(isv, tokens.refresh_token ?? '')).toBe(true);
      sim.control.setClockSkew(25 * 3600 * 1000);
      const expired = await oauthError(client.refreshTokenGrant(isv, tokens.refresh_token ?? ''));
      expect(expired).toEqual({ error: 'invalid_grant', status: 400 });

      sim.control.setClockSkew(0);
      const url = client.buildAuthorizationUrl(isv, {
        redirect_uri: LOOPBACK_REDIRECT,
        scope: 'read:site',
        state: 'skew',
      });
      const callback = await approveConsent(sim.url, url);
      sim.control.setClockSkew(61 * 1000);
      const late = await postForm(sim.urls.token, {
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: LOOPBACK_REDIRECT,
        client_id: ISV.clientId,
        client_secret: ISV.clientSecret,
      });
      expect(late.status).toBe(400);
      expect(await late.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      sim.control.setClockSkew(0);
    }
  });
});
