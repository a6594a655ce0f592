import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decideConsentAsCustomer,
  DEMO_CREDENTIALS,
  startSimulator,
  type ConsentRecord,
  type SimulatorHandle,
} from '../src/index.js';
import {
  customerTokens,
  decide,
  discover,
  ISV,
  LOOPBACK_REDIRECT,
  openConsentPage,
  signIn,
  submitSignIn,
} from './oauth-support.js';

const FOREIGN = 'https://attacker.example';

describe('customer sign-in, CSRF checks and the consent API', () => {
  let sim: SimulatorHandle;
  let isv: client.Configuration;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    isv = await discover(sim, ISV);
  });
  afterAll(async () => {
    await sim.close();
  });

  const authorizeUrl = (): string =>
    client
      .buildAuthorizationUrl(isv, {
        redirect_uri: LOOPBACK_REDIRECT,
        scope: 'read:site',
        state: 'st',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })
      .toString();

  const activeConsentIds = (): string[] =>
    sim.control
      .consents()
      .filter((record) => record.revokedAt === null)
      .map((record) => record.id);

  it('asks a customer who is not signed in to sign in before showing any consent form', async () => {
    const response = await fetch(authorizeUrl());
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('name="username"');
    expect(html).toContain('type="password" name="password"');
    expect(html).toMatch(/type="hidden" name="csrf_token" value="[^"]{40,}"/);
    expect(html).not.toContain('name="transaction"');
  });

  it('sets an HttpOnly, SameSite=Lax session cookie and returns to the authorization request', async () => {
    const url = authorizeUrl();
    const signedIn = await submitSignIn(url, await (await fetch(url)).text());
    expect(signedIn.status).toBe(303);
    expect(new URL(signedIn.headers.get('location') ?? '', sim.url).href).toBe(url);
    const cookie = signedIn.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^esx_customer_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('refuses a wrong password, a foreign Origin and a reused or missing sign-in token', async () => {
    const page = await (await fetch(sim.urls.signIn)).text();
    const wrong = await submitSignIn(sim.urls.signIn, page, { username: 'demo-customer', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    expect(await wrong.text()).toContain('username or password is wrong');
    // The token of that form was used up.
    expect((await submitSignIn(sim.urls.signIn, page)).status).toBe(403);

    const fresh = await (await fetch(sim.urls.signIn)).text();
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(fresh)?.[1] ?? '';
    const post = (headers: Record<string, string>, fields: Record<string, string>) =>
      fetch(sim.urls.signIn, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ ...DEMO_CREDENTIALS.customer, ...fields }),
        redirect: 'manual',
      });
    expect((await post({ origin: FOREIGN }, { csrf_token: csrf })).status).toBe(403);
    expect((await post({}, {})).status).toBe(403);
  });

  it('never redirects a sign-in off the site', async () => {
    for (const target of ['https://attacker.example/x', '//attacker.example/x', '/\\attacker.example']) {
      const page = await (await fetch(`${sim.urls.signIn}?return_to=${encodeURIComponent(target)}`)).text();
      const signedIn = await submitSignIn(sim.urls.signIn, page);
      expect(signedIn.headers.get('location')).toBe('/ecostruxure/v1/consents');
    }
  });

  it('never redirects to a path a browser reads as another host, and never answers 500 for one', async () => {
    const origin = new URL(sim.url).origin;
    for (const query of [
      '/%09/attacker.example/',
      '/%0A/attacker.example/',
      '/%0D%0ASet-Cookie:%20x=1',
      '/%5C/x',
    ]) {
      const page = await (await fetch(`${sim.urls.signIn}?return_to=${query}`)).text();
      const signedIn = await submitSignIn(sim.urls.signIn, page);
      expect(signedIn.status).toBe(303);
      const location = signedIn.headers.get('location') ?? '';
      expect(location).not.toMatch(/\p{Cc}/u);
      expect(new URL(location, sim.url).origin).toBe(origin);
    }
    // A path of this site with a query comes back as sent.
    const page = await (
      await fetch(`${sim.urls.signIn}?return_to=${encodeURIComponent('/ecostruxure/v1/consents?x=1')}`)
    ).text();
    expect((await submitSignIn(sim.urls.signIn, page)).headers.get('location')).toBe(
      '/ecostruxure/v1/consents?x=1',
    );
  });

  it('refuses a consent decision from a foreign Origin, without the session or without its CSRF token', async () => {
    const form = await openConsentPage(authorizeUrl());
    expect((await decide(sim.url, form, 'approve', { origin: FOREIGN })).status).toBe(403);
    expect((await decide(sim.url, { ...form, cookie: '' }, 'approve')).status).toBe(403);
    expect((await decide(sim.url, { ...form, csrfToken: 'guess' }, 'approve')).status).toBe(403);
    const otherSession = await signIn(sim);
    expect((await decide(sim.url, { ...form, cookie: otherSession }, 'approve')).status).toBe(403);
    // None of those consumed the request: the customer's own approval still goes through.
    const approved = await decide(sim.url, form, 'approve');
    expect(approved.status).toBe(302);
    expect(new URL(approved.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
  });

  it('keeps the dashboard and its JSON API behind the sign-in or the admin token', async () => {
    await customerTokens(sim, isv);
    const [consentId] = activeConsentIds();
    const json = await fetch(sim.urls.consents, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(401);
    expect(((await json.json()) as { detail: string }).detail).toContain('admin token');
    const html = await fetch(sim.urls.consents);
    expect(html.status).toBe(200);
    const page = await html.text();
    expect(page).toContain('name="password"');
    expect(page).not.toContain(consentId);

    const asAdmin = await fetch(sim.urls.consents, {
      headers: { accept: 'application/json', authorization: `Bearer ${sim.adminToken}` },
    });
    expect(((await asAdmin.json()) as ConsentRecord[]).map((record) => record.id)).toContain(consentId);
    const wrongAdmin = await fetch(sim.urls.consents, {
      headers: { accept: 'application/json', authorization: 'Bearer esx_admin_guess' },
    });
    expect(wrongAdmin.status).toBe(401);

    const cookie = await signIn(sim);
    const asCustomer = await fetch(sim.urls.consents, { headers: { cookie } });
    expect(await asCustomer.text()).toContain(consentId);
  });

  it('refuses revocations without credentials, from a foreign Origin or without the CSRF token', async () => {
    await customerTokens(sim, isv);
    const consentId = activeConsentIds().at(-1) ?? '';
    const revoke = (headers: Record<string, string>, body = '') =>
      fetch(`${sim.urls.consents}/${consentId}/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
        redirect: 'manual',
      });
    const cookie = await signIn(sim);
    const dashboard = await (await fetch(sim.urls.consents, { headers: { cookie } })).text();
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(dashboard)?.[1] ?? '';

    expect((await revoke({})).status).toBe(401);
    // A cross-site form post carries the victim's cookie (top-level POSTs do not, with SameSite=Lax; a
    // missing Origin or an older browser must still not be enough).
    expect((await revoke({ cookie, origin: FOREIGN }, `csrf_token=${csrf}`)).status).toBe(403);
    expect((await revoke({ cookie, origin: sim.url })).status).toBe(403);
    expect((await revoke({ cookie }, 'csrf_token=guess')).status).toBe(403);
    expect(activeConsentIds()).toContain(consentId);

    const submitted = await revoke({ cookie, origin: sim.url }, `csrf_token=${csrf}`);
    expect(submitted.status).toBe(303);
    expect(activeConsentIds()).not.toContain(consentId);
  });

  it('lets a signed-in script revoke with the x-csrf-token header, and the admin token without one', async () => {
    await customerTokens(sim, isv);
    await customerTokens(sim, isv);
    const [first, second] = activeConsentIds().slice(-2);
    const cookie = await signIn(sim);
    const listed = await fetch(sim.urls.consents, { headers: { cookie, accept: 'application/json' } });
    const csrf = listed.headers.get('x-csrf-token') ?? '';
    expect(csrf).not.toBe('');
    const bySession = await fetch(`${sim.urls.consents}/${first}/revoke`, {
      method: 'POST',
      headers: { cookie, accept: 'application/json', 'x-csrf-token': csrf },
    });
    expect(bySession.status).toBe(200);
    const byAdmin = await fetch(`${sim.urls.consents}/${second}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.adminToken}`, accept: 'application/json' },
    });
    expect(byAdmin.status).toBe(200);
    expect(activeConsentIds()).not.toContain(first);
    expect(activeConsentIds()).not.toContain(second);
  });

  it('decideConsentAsCustomer signs in, approves or denies, and reports a wrong password', async () => {
    const approved = new URL(await decideConsentAsCustomer(authorizeUrl()));
    expect(approved.origin + approved.pathname).toBe(LOOPBACK_REDIRECT);
    expect(approved.searchParams.get('code')).toBeTruthy();
    expect(approved.searchParams.get('state')).toBe('st');
    const denied = new URL(await decideConsentAsCustomer(authorizeUrl(), { decision: 'deny' }));
    expect(denied.searchParams.get('error')).toBe('access_denied');
    await expect(
      decideConsentAsCustomer(authorizeUrl(), { customer: { username: 'demo-customer', password: 'x' } }),
    ).rejects.toThrow(/sign-in answered HTTP 401: check the customer's username and password/);
  });
});

describe('sign-in throttling and the Secure cookie', () => {
  let sim: SimulatorHandle;
  let proxied: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    proxied = await startSimulator({ port: 0, trustProxy: true });
  });
  afterAll(async () => {
    await sim.close();
    await proxied.close();
  });

  it('after 10 wrong passwords refuses every sign-in from that address, the right one too, until the window ends', async () => {
    const wrong = { username: 'demo-customer', password: 'guess' };
    for (let i = 0; i < 10; i += 1) {
      const page = await (await fetch(sim.urls.signIn)).text();
      expect((await submitSignIn(sim.urls.signIn, page, wrong)).status).toBe(401);
    }
    const page = await (await fetch(sim.urls.signIn)).text();
    const throttled = await submitSignIn(sim.urls.signIn, page);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(throttled.headers.getSetCookie()).toEqual([]);
    expect(await throttled.text()).toContain('Too many wrong passwords');
    // Fifteen minutes later (by the server's clock) the right password works again.
    sim.control.setClockSkew(15 * 60_000 + 1000);
    const later = await (await fetch(sim.urls.signIn)).text();
    expect((await submitSignIn(sim.urls.signIn, later)).status).toBe(303);
  });

  /** Signs in through a proxy that terminated HTTPS (it says so in X-Forwarded-Proto). */
  async function signInOverHttps(target: SimulatorHandle, forwarded: boolean): Promise<string> {
    const headers: Record<string, string> = forwarded ? { 'x-forwarded-proto': 'https' } : {};
    const html = await (await fetch(target.urls.signIn, { headers })).text();
    const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
    const response = await fetch(target.urls.signIn, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/x-www-form-urlencoded',
        origin: `${forwarded ? 'https' : 'http'}://${new URL(target.url).host}`,
      },
      body: new URLSearchParams({
        csrf_token: value('csrf_token'),
        return_to: '/ecostruxure/v1/consents',
        ...DEMO_CREDENTIALS.customer,
      }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    return response.headers.getSetCookie()[0] ?? '';
  }

  it('marks the session cookie Secure behind a trusted proxy serving HTTPS, and only there', async () => {
    expect(await signInOverHttps(proxied, true)).toMatch(/;\s*Secure/i);
    expect(await signInOverHttps(proxied, false)).not.toMatch(/Secure/i);
    // Without trustProxy the header is anyone's to send: plain HTTP it is.
    expect(await signInOverHttps(sim, false)).not.toMatch(/Secure/i);
  });
});
