import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveOverHttp } from '../support/consent.js';
import { openDebugFeed, type DebugFeed } from '../support/debug-messages.js';
import { ACCOUNT_ID, codeAccount, TAB_ID, tab } from '../support/flows.js';
import { startNodeRed, type NodeRed, type NodeRedVersion } from '../support/node-red.js';

interface ConsentStatus {
  authorized: boolean;
  revoked: boolean;
  scopes: string[];
  expiresAt?: number;
  refreshable: boolean;
}

describe.each<NodeRedVersion>(['5', '4'])('Authorize button on Node-RED %s.x', (version) => {
  let sim: SimulatorHandle;
  let red: NodeRed;
  let feed: DebugFeed;

  const status = async () =>
    (await (await red.request(`/ecostruxure/oauth/status/${ACCOUNT_ID}`)).json()) as ConsentStatus;
  const start = () =>
    red.request('/ecostruxure/oauth/authorize', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: ACCOUNT_ID,
        baseUrl: sim.url,
        redirectUri: `${red.url}/ecostruxure/oauth/callback`,
      }),
    });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    red = await startNodeRed({ version });
    feed = await openDebugFeed(red.url, red.token);
    await red.deploy([
      tab(),
      codeAccount(sim.url, red.url),
      {
        id: 'sites',
        type: 'ecostruxure-sites',
        z: TAB_ID,
        x: 100,
        y: 100,
        account: ACCOUNT_ID,
        operation: 'list',
        wires: [[]],
      },
    ]);
  });
  afterAll(async () => {
    feed?.close();
    await red?.stop();
    await sim?.close();
  });

  it('refuses to start an authorization without the editor login (adminAuth is on)', async () => {
    const response = await red.request('/ecostruxure/oauth/authorize', {
      method: 'POST',
      anonymous: true,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: ACCOUNT_ID }),
    });
    expect(response.status).toBe(401);
  });

  it('nodes using an account that is not authorized yet say so at once', async () => {
    const status = await feed.waitForStatus('sites', /not authorized/);
    expect(status).toMatchObject({
      fill: 'yellow',
      text: 'not authorized: open the account and press Authorize',
    });
  });

  it('returns a consent URL with state and PKCE, never the client secret', async () => {
    expect(await status()).toMatchObject({ authorized: false, revoked: false });
    const response = await start();
    expect(response.status).toBe(200);
    const url = new URL(((await response.json()) as { url: string }).url);
    expect(url.origin + url.pathname).toBe(sim.urls.authorize);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('client_id')).toBe('demo-isv-app');
    expect(url.href).not.toContain('demo-isv-app-secret');
  });

  it('exchanges the code on the callback, shows what happened, and reports the consent in the dialog', async () => {
    const { url } = (await (await start()).json()) as { url: string };
    const callback = await approveOverHttp(url);
    // The provider's redirect carries no editor token: the callback is trusted through `state` alone.
    const page = await red.request(new URL(callback).pathname + new URL(callback).search, {
      anonymous: true,
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('data-outcome="authorized"');
    expect(html).toContain('read:site');

    const consent = await status();
    expect(consent).toMatchObject({ authorized: true, revoked: false, refreshable: true });
    // The nodes using the account drop their "not authorized" status.
    await feed.waitForStatus('sites', /^$/);
    expect(consent.scopes).toEqual(expect.arrayContaining(['read:site', 'read:carbon-emission']));
    expect(consent.expiresAt).toBeGreaterThan(Date.now());
    // Only the status reaches the editor, never a token.
    expect(Object.keys(consent).sort()).toEqual(
      [
        'authType',
        'authorized',
        'deployed',
        'expiresAt',
        'refreshable',
        'revoked',
        'scopes',
        'waiting',
      ].sort(),
    );

    // The same callback again (a replay) is refused: state is single use.
    const replay = await red.request(new URL(callback).pathname + new URL(callback).search, {
      anonymous: true,
    });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('data-outcome="failed"');
  });

  it('refuses a callback whose state it never issued, without calling the token endpoint', async () => {
    sim.control.clearRequests();
    const forged = await red.request('/ecostruxure/oauth/callback?code=stolen&state=forged-state-value', {
      anonymous: true,
    });
    expect(forged.status).toBe(400);
    expect(sim.control.requests({ pathPrefix: '/ecostruxure/v1/oauth/token' })).toHaveLength(0);
  });

  it('shows a refused consent (Deny) as a failure page', async () => {
    const { url } = (await (await start()).json()) as { url: string };
    const state = new URL(url).searchParams.get('state');
    const denied = await red.request(`/ecostruxure/oauth/callback?error=access_denied&state=${state}`, {
      anonymous: true,
    });
    expect(denied.status).toBe(400);
    expect(await denied.text()).toContain('Access was denied on the consent page');
  });

  it('Disconnect forgets the tokens', async () => {
    const response = await red.request(`/ecostruxure/oauth/disconnect/${ACCOUNT_ID}`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await status()).toMatchObject({ authorized: false });
  });

  it('logs no secret', () => {
    expect(red.output()).not.toMatch(/demo-isv-app-secret/);
  });
});
