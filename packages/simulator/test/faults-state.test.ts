/**
 * The fault kinds that change the server's state instead of answering: expired tokens, a revoked consent
 * and refresh answers without a refresh token, installed through the control API and seen by a client.
 */
import * as client from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ActiveFault, type FaultRule, type SimulatorHandle } from '../src/index.js';
import { basic, customerTokens, discover, ISV, PARTNER, postForm } from './oauth-support.js';

describe('state faults', () => {
  let sim: SimulatorHandle;
  let isv: client.Configuration;
  let sites: string;
  beforeAll(async () => {
    // `all`: the tests use client-credentials tokens on the Carbon API.
    sim = await startSimulator({ port: 0, sites: 1, carbonCredentials: 'all' });
    isv = await discover(sim, ISV);
    sites = `${sim.urls.carbonApi}/sites`;
  });
  afterEach(() => {
    sim.control.clearFaults();
  });
  afterAll(async () => {
    await sim.close();
  });

  /** Installs a rule the way a test process outside the simulator would: over the control API. */
  async function addFault(rule: FaultRule): Promise<ActiveFault> {
    const response = await fetch(`${sim.urls.control}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rule),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as ActiveFault;
  }

  const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

  async function partnerToken(): Promise<string> {
    const response = await postForm(
      sim.urls.token,
      { grant_type: 'client_credentials' },
      { authorization: basic(PARTNER.clientId, PARTNER.clientSecret) },
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  it('expire-tokens expires every access token just before the request it hits', async () => {
    const token = await partnerToken();
    expect((await fetch(sites, bearer(token))).status).toBe(200);
    await addFault({ kind: 'expire-tokens', count: 1, route: 'GET /ecostruxure/carbon-emission/v1/sites' });

    const expired = await fetch(sites, bearer(token));
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(await expired.json()).toMatchObject({ status: 401, detail: 'The access token has expired.' });
    expect(sim.control.requests().at(-1)).toMatchObject({ status: 401, fault: 'expire-tokens' });

    // The rule used its count: a new token works again, the old one stays expired.
    expect(sim.control.faults()).toEqual([]);
    expect((await fetch(sites, bearer(await partnerToken()))).status).toBe(200);
    expect((await fetch(sites, bearer(token))).status).toBe(401);
  });

  it("revoke-consent revokes the consent behind the request's token, not another one", async () => {
    const older = await customerTokens(sim, isv, 'read:site');
    const olderConsent = sim.control.consents().at(-1);
    const newer = await customerTokens(sim, isv, 'read:site');
    const newerConsent = sim.control.consents().at(-1);
    await addFault({ kind: 'revoke-consent', count: 1, route: 'GET /ecostruxure/carbon-emission/v1/sites' });

    const revoked = await fetch(sites, bearer(older.access_token));
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ status: 401, detail: 'The access token was revoked.' });
    const records = sim.control.consents();
    expect(records.find((record) => record.id === olderConsent?.id)).toMatchObject({
      revokedReason: 'Revoked by an injected fault',
    });
    expect(records.find((record) => record.id === newerConsent?.id)?.revokedAt).toBeNull();
    expect((await fetch(sites, bearer(newer.access_token))).status).toBe(200);
    await expect(client.refreshTokenGrant(isv, older.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });
  });

  it('revoke-consent on a token request revokes the newest active consent', async () => {
    const tokens = await customerTokens(sim, isv, 'read:site');
    const consent = sim.control.consents().at(-1);
    await addFault({ kind: 'revoke-consent', count: 1, route: 'POST /ecostruxure/v1/oauth/token' });

    await expect(client.refreshTokenGrant(isv, tokens.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });
    expect(sim.control.consents().find((record) => record.id === consent?.id)?.revokedAt).not.toBeNull();
    expect((await fetch(sites, bearer(tokens.access_token))).status).toBe(401);
  });

  it('omit-refresh-token answers the next refreshes without a refresh token, keeping the old one', async () => {
    await addFault({ kind: 'omit-refresh-token', count: 2 });
    // An authorization_code exchange and API calls are not refreshes: they leave the rule's count alone.
    const first = await customerTokens(sim, isv, 'read:site');
    expect(first.refresh_token).toMatch(/^esx_rt_/);
    expect((await fetch(sites, bearer(first.access_token))).status).toBe(200);
    expect(sim.control.faults()).toMatchObject([{ kind: 'omit-refresh-token', hits: 0 }]);

    const second = await client.refreshTokenGrant(isv, first.refresh_token ?? '');
    expect(second.refresh_token).toBeUndefined();
    const third = await client.refreshTokenGrant(isv, first.refresh_token ?? '');
    expect(third.refresh_token).toBeUndefined();
    expect(sim.control.requests().at(-1)).toMatchObject({ status: 200, fault: 'omit-refresh-token' });
    expect(sim.control.faults()).toEqual([]);

    // Rotation resumes, and the presented token was never retired, so this is no reuse.
    const fourth = await client.refreshTokenGrant(isv, first.refresh_token ?? '');
    expect(fourth.refresh_token).toMatch(/^esx_rt_/);
    expect(fourth.refresh_token).not.toBe(first.refresh_token);
    expect((await fetch(sites, bearer(fourth.access_token))).status).toBe(200);
  });

  it('a refused refresh does not use up an omit-refresh-token hit', async () => {
    await addFault({ kind: 'omit-refresh-token', count: 1 });
    await expect(client.refreshTokenGrant(isv, 'esx_rt_unknown')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(sim.control.faults()).toMatchObject([{ hits: 0 }]);
  });
});
