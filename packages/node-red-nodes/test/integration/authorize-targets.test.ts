/**
 * The Authorize routes judged against what each request asks for, not what happens to be deployed: a
 * deployed client secret never goes to a base URL or client the request chose; the callback completes the
 * authorization it started, also for an account whose deployed settings are incomplete; the status shows
 * the consent of the account as the dialog edits it, and that a consent page is still open. Plus the
 * runtime's own protection: capped pending authorizations and a callback page no other site can frame.
 */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveOverHttp } from '../support/consent.js';
import { startElsewhere, type Elsewhere } from '../support/elsewhere.js';
import { ACCOUNT_ID, codeAccount, TAB_ID, tab } from '../support/flows.js';
import { startNodeRed, type FlowNode, type NodeRed, type NodeRedVersion } from '../support/node-red.js';

const SECRET = 'demo-isv-app-secret';
const EXAMPLE_ACCOUNT = '5a1c0e7d9b2f4c09';
const PAT_ACCOUNT = '9d8c7b6a5f4e3d21';
const NEW_ACCOUNT = '0f1e2d3c4b5a6978';

interface Status {
  authType: string;
  authorized: boolean;
  revoked: boolean;
  waiting: boolean;
  deployed: boolean;
}

describe.each<NodeRedVersion>(['5', '4'])(
  'Authorize routes judge each authorization by its own settings (Node-RED %s.x)',
  (version) => {
    let sim: SimulatorHandle;
    let red: NodeRed;
    let recorder: Elsewhere;

    const post = (path: string, body: object) =>
      red.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const start = (body: object) =>
      post('/ecostruxure/oauth/authorize', { redirectUri: `${red.url}/ecostruxure/oauth/callback`, ...body });
    const status = async (id: string, edited?: Record<string, string>) => {
      const query = edited ? `?${new URLSearchParams(edited).toString()}` : '';
      return (await (await red.request(`/ecostruxure/oauth/status/${id}${query}`)).json()) as Status;
    };
    const callback = (approved: string) => {
      const url = new URL(approved);
      return red.request(url.pathname + url.search, { anonymous: true });
    };

    // The example's account as imported: Client ID and secret still empty.
    const exampleAccount = (): FlowNode => ({
      id: EXAMPLE_ACCOUNT,
      type: 'ecostruxure-account',
      name: 'EcoStruxure simulator',
      authType: 'authorizationCode',
      baseUrl: sim.url,
      scopes: 'read:site read:carbon-emission offline_access',
      redirectUri: '',
    });
    const patAccount = (): FlowNode => ({
      id: PAT_ACCOUNT,
      type: 'ecostruxure-account',
      authType: 'personalAccessToken',
      baseUrl: sim.url,
      credentials: { token: 'demo-personal-access-token' },
    });

    beforeAll(async () => {
      sim = await startSimulator({ port: 0 });
      recorder = await startElsewhere();
      red = await startNodeRed({ version });
      await red.deploy([tab(), codeAccount(sim.url, red.url), exampleAccount(), patAccount()]);
    });
    afterAll(async () => {
      await red?.stop();
      await sim?.close();
      await recorder?.close();
    });

    it('refuses to use the deployed client secret at a base URL the request chose', async () => {
      const response = await start({ id: ACCOUNT_ID, baseUrl: recorder.url, clientId: 'demo-isv-app' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        field: 'clientSecret',
        error: expect.stringContaining('deploy first, or enter the secret again') as string,
      });
      expect(recorder.received).toEqual([]);
    });

    it('refuses to use the deployed client secret for another client ID', async () => {
      const response = await start({ id: ACCOUNT_ID, baseUrl: sim.url, clientId: 'someone-else' });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toContain('deploy first');
    });

    it('sends only a secret typed with the request to another base URL', async () => {
      const response = await start({
        id: ACCOUNT_ID,
        baseUrl: recorder.url,
        clientId: 'demo-isv-app',
        clientSecret: 'typed-for-this-server',
      });
      expect(response.status).toBe(200);
      const state = new URL(((await response.json()) as { url: string }).url).searchParams.get('state');
      const page = await red.request(`/ecostruxure/oauth/callback?code=c&state=${state}`, {
        anonymous: true,
      });
      expect(page.status).toBe(400);
      expect(recorder.received.join('\n')).toContain('typed-for-this-server');
      expect(recorder.received.join('\n')).not.toContain(SECRET);
    });

    it('uses the deployed secret for the deployed base URL and client, fields left out included', async () => {
      const response = await start({ id: ACCOUNT_ID, baseUrl: `${sim.url}/` });
      expect(response.status).toBe(200);
    });

    it('completes an authorization for a deployed account whose Client ID was empty, and says to deploy', async () => {
      // Deployed without a Client ID (an imported example); the dialog now has one, and the secret typed.
      const edited = { authType: 'authorizationCode', baseUrl: sim.url, clientId: 'demo-isv-app' };
      const response = await start({ id: EXAMPLE_ACCOUNT, ...edited, clientSecret: SECRET });
      const { url } = (await response.json()) as { url: string };
      expect(await status(EXAMPLE_ACCOUNT, edited)).toMatchObject({ authorized: false, waiting: true });
      const page = await callback(await approveOverHttp(url));
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain('data-outcome="authorized"');
      expect(html).toContain('Deploy the account to start using it');
      expect(html).not.toContain('Nothing was saved');
      expect(await status(EXAMPLE_ACCOUNT, edited)).toMatchObject({ authorized: true, waiting: false });
      // The deployed settings (no Client ID) did not get tokens they were not authorized for.
      expect(await status(EXAMPLE_ACCOUNT)).toMatchObject({ deployed: true, authorized: false });

      // After the deploy the account uses the tokens in the file: no new consent.
      await red.deploy([
        tab(),
        codeAccount(sim.url, red.url),
        {
          ...exampleAccount(),
          // As the dialog saves it: the redirect URI filled in from the editor's address.
          redirectUri: `${red.url}/ecostruxure/oauth/callback`,
          credentials: { clientId: 'demo-isv-app', clientSecret: SECRET },
        },
        patAccount(),
        {
          id: 'example-sites',
          type: 'ecostruxure-sites',
          z: TAB_ID,
          account: EXAMPLE_ACCOUNT,
          operation: 'list',
          wires: [[]],
        },
      ]);
      await expect
        .poll(() => status(EXAMPLE_ACCOUNT, edited))
        .toMatchObject({ deployed: true, authorized: true });
    });

    it('shows a deployed personal-access-token account switched to authorization code as not authorized', async () => {
      expect(await status(PAT_ACCOUNT)).toMatchObject({ authType: 'personalAccessToken', authorized: true });
      const edited = { authType: 'authorizationCode', baseUrl: sim.url, clientId: 'demo-isv-app' };
      expect(await status(PAT_ACCOUNT, edited)).toMatchObject({
        authType: 'authorizationCode',
        authorized: false,
        waiting: false,
      });
    });

    it('keeps an account not deployed yet "waiting" while its consent page is open, until it is answered', async () => {
      const edited = { authType: 'authorizationCode', baseUrl: sim.url, clientId: 'demo-isv-app' };
      expect(await status(NEW_ACCOUNT, edited)).toMatchObject({
        deployed: false,
        authorized: false,
        waiting: false,
      });
      const response = await start({ id: NEW_ACCOUNT, ...edited, clientSecret: SECRET });
      const { url } = (await response.json()) as { url: string };
      expect(await status(NEW_ACCOUNT, edited)).toMatchObject({ authorized: false, waiting: true });
      await callback(await approveOverHttp(url));
      expect(await status(NEW_ACCOUNT, edited)).toMatchObject({ authorized: true, waiting: false });
      // Another client ID in the dialog is not what was authorized.
      expect(await status(NEW_ACCOUNT, { ...edited, clientId: 'other-app' })).toMatchObject({
        authorized: false,
      });
    });

    it('stays "waiting" while the code is being exchanged, so the dialog does not stop polling too early', async () => {
      const edited = { authType: 'authorizationCode', baseUrl: sim.url, clientId: 'demo-isv-app' };
      const response = await start({ id: 'slow-exchange', ...edited, clientSecret: SECRET });
      const approved = await approveOverHttp(((await response.json()) as { url: string }).url);
      const fault = sim.control.addFault({
        kind: 'delay',
        delayMs: 5000,
        route: 'POST /ecostruxure/v1/oauth/token',
      });
      try {
        const page = callback(approved);
        await expect
          .poll(() => sim.control.requests({ pathPrefix: '/ecostruxure/v1/oauth/token' }).length)
          .toBeGreaterThan(0);
        expect(await status('slow-exchange', edited)).toMatchObject({ authorized: false, waiting: true });
        expect((await page).status).toBe(200);
        expect(await status('slow-exchange', edited)).toMatchObject({ authorized: true, waiting: false });
      } finally {
        sim.control.removeFault(fault.id);
      }
    });

    it('sends the callback page with a content security policy that forbids framing', async () => {
      const page = await red.request('/ecostruxure/oauth/callback?code=x&state=unknown', { anonymous: true });
      expect(page.status).toBe(400);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('cache-control')).toBe('no-store');
    });

    it('refuses an account id that could not name a token file', async () => {
      const response = await start({ id: '../../etc', clientSecret: 'x' });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field: 'id' });
    });

    it('caps waiting authorizations per account and in total, answering 429 with what to do', async () => {
      const startFor = (id: string) =>
        start({ id, baseUrl: sim.url, clientId: 'demo-isv-app', clientSecret: 'x' });
      const perAccount = [];
      for (let i = 0; i < 11; i += 1) perAccount.push((await startFor('capped-account')).status);
      expect(perAccount.slice(0, 10)).toEqual(Array(10).fill(200));
      expect(perAccount[10]).toBe(429);
      let status = 200;
      let started = 0;
      for (let i = 0; status === 200 && i < 200; i += 1) {
        status = (await startFor(`account-${i % 20}`)).status;
        if (status === 200) started += 1;
      }
      expect(status).toBe(429);
      // 100 in total, some of them waiting since before this test.
      expect(started).toBeLessThanOrEqual(90);
      const refused = await startFor('one-more');
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: string }).error).toMatch(/wait up to 10 minutes/);
    });

    it('logs no secret', () => {
      expect(red.output()).not.toContain(SECRET);
    });
  },
);
