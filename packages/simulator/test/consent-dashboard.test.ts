import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentRecord } from '../src/index.js';
import { startSimulator, type SimulatorHandle } from '../src/index.js';
import { customerTokens, discover, introspect, ISV, signIn } from './oauth-support.js';

describe('consents: dashboard, API and revocation', () => {
  let sim: SimulatorHandle;
  let isv: client.Configuration;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    isv = await discover(sim, ISV);
  });
  afterAll(async () => {
    await sim.close();
  });

  // The JSON API as an operator uses it: with the admin token the simulator printed at start.
  const json = (): Record<string, string> => ({
    accept: 'application/json',
    authorization: `Bearer ${sim.adminToken}`,
  });

  async function listConsents(): Promise<ConsentRecord[]> {
    const response = await fetch(sim.urls.consents, { headers: json() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    return (await response.json()) as ConsentRecord[];
  }

  it('records every approved authorization as a consent', async () => {
    const before = (await listConsents()).length;
    await customerTokens(sim, isv, 'read:site offline_access');
    const records = await listConsents();
    expect(records).toHaveLength(before + 1);
    expect(records.at(-1)).toMatchObject({
      clientId: ISV.clientId,
      appName: 'Demo Carbon Dashboard',
      customer: 'Demo Customer',
      scopes: ['read:site', 'offline_access'],
      revokedAt: null,
      revokedReason: null,
    });
    expect(Date.parse(records.at(-1)?.grantedAt ?? '')).not.toBeNaN();
  });

  it('revokes through the JSON API and kills the access and refresh tokens at once', async () => {
    const tokens = await customerTokens(sim, isv);
    const consent = (await listConsents()).at(-1);
    expect(consent).toBeDefined();
    expect(await introspect(isv, tokens.access_token)).toBe(true);

    const response = await fetch(`${sim.urls.consents}/${consent?.id ?? ''}/revoke`, {
      method: 'POST',
      headers: json(),
    });
    expect(response.status).toBe(200);
    const revoked = (await response.json()) as ConsentRecord;
    expect(revoked).toMatchObject({ id: consent?.id, revokedReason: 'Revoked by the customer' });
    expect(revoked.revokedAt).not.toBeNull();

    expect(await introspect(isv, tokens.access_token)).toBe(false);
    expect(await introspect(isv, tokens.refresh_token ?? '')).toBe(false);
    await expect(client.refreshTokenGrant(isv, tokens.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });

    // Revoking again is harmless and keeps the first revocation.
    const again = await fetch(`${sim.urls.consents}/${consent?.id ?? ''}/revoke`, {
      method: 'POST',
      headers: { ...json(), 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'second' }),
    });
    expect(((await again.json()) as ConsentRecord).revokedAt).toBe(revoked.revokedAt);
  });

  it('serves an HTML dashboard whose Revoke form redirects back to it', async () => {
    await customerTokens(sim, isv);
    const consent = (await listConsents()).at(-1);
    const cookie = await signIn(sim);
    const page = await fetch(sim.urls.consents, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*', cookie },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('Authorized applications');
    expect(html).toContain('Revoked accesses');
    const action = `/ecostruxure/v1/consents/${consent?.id ?? ''}/revoke`;
    expect(html).toContain(`action="${action}"`);

    const csrf = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const submitted = await fetch(new URL(action, sim.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: sim.url },
      body: new URLSearchParams({ csrf_token: csrf }),
      redirect: 'manual',
    });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toBe('/ecostruxure/v1/consents');
    const after = await (await fetch(sim.urls.consents, { headers: { cookie } })).text();
    expect(after.indexOf(consent?.id ?? '')).toBe(-1);
    const revokedSection = after.slice(after.indexOf('Revoked accesses'));
    expect(revokedSection).toContain('Revoked by the customer');
  });

  it('answers 404 problem for an unknown consent', async () => {
    const response = await fetch(`${sim.urls.consents}/nope/revoke`, { method: 'POST', headers: json() });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found' });
    expect(sim.control.revokeConsent('nope')).toBeUndefined();
  });

  it('revokes through the control handle too', async () => {
    const tokens = await customerTokens(sim, isv);
    const consent = sim.control.consents().at(-1);
    const revoked = sim.control.revokeConsent(consent?.id ?? '', 'test reason');
    expect(revoked).toMatchObject({ revokedReason: 'test reason' });
    expect(await introspect(isv, tokens.access_token)).toBe(false);
  });
});
