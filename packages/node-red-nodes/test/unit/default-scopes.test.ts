/**
 * The account's Scopes left as the editor saves them, for each kind that asks for scopes, against the
 * simulator's token endpoints: client credentials get a token (no offline_access, which the endpoint refuses
 * to a client), and a customer's consent gives a refresh token (offline_access asked for).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEMO_CREDENTIALS,
  decideConsentAsCustomer,
  startSimulator,
  type SimulatorHandle,
} from '@ecostruxure-connector/simulator';
import { createAuthorizationCodeAuth, readAuthorizationResponse } from '@ecostruxure-connector/core/advanced';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountSettings } from '../../src/lib/account/settings.js';
import { helper, useTempUserDir } from '../support/helper.js';
import { listSitesThroughAccount } from '../support/list-sites.js';
import { packageRoot } from '../support/paths.js';

/** The Scopes value a new account node is saved with when the field is left untouched. */
function editorDefaultScopes(): string {
  const html = readFileSync(join(packageRoot, 'src', 'nodes', 'ecostruxure-account.html'), 'utf8');
  const match = /scopes: \{ value: '([^']*)' \}/.exec(html);
  if (match === null) throw new Error('No scopes default in the account editor');
  return match[1]!;
}

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, carbonCredentials: 'all' });
});
afterAll(async () => {
  await sim?.close();
});
afterEach(async () => {
  await helper.unload();
});

describe("the account's default scopes work for each kind", () => {
  it('client credentials: the token endpoint grants them and the sites are listed', async () => {
    useTempUserDir();
    const outcome = await listSitesThroughAccount(
      { authType: 'clientCredentials', baseUrl: sim.url, scopes: editorDefaultScopes() },
      { clientId: DEMO_CREDENTIALS.partner.clientId, clientSecret: DEMO_CREDENTIALS.partner.clientSecret },
    );
    expect(outcome, JSON.stringify(outcome)).toHaveProperty('sent');
    const [token] = sim.control.requests().filter((entry) => entry.url.includes('/oauth/token'));
    expect((token?.body as { scope?: string }).scope).toBe('read:site read:carbon-emission');
  });

  it("authorization code: the customer's consent gives a refresh token", async () => {
    const { credentials } = accountSettings(
      { authType: 'authorizationCode', baseUrl: sim.url, scopes: editorDefaultScopes() },
      { clientId: 'demo-isv-app', clientSecret: 'demo-isv-app-secret' },
    );
    if (credentials.kind !== 'authorizationCode') throw new Error('expected an authorization-code account');
    const auth = createAuthorizationCodeAuth({
      authorizeUrl: sim.urls.authorize,
      tokenUrl: sim.urls.token,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      redirectUri: 'http://127.0.0.1:1880/ecostruxure/oauth/callback',
      scopes: credentials.scopes,
      transport: createUndiciTransport(),
      runtime: nodeRuntime,
    });
    const request = auth.createAuthorizationRequest();
    expect(new URL(request.url).searchParams.get('scope')).toContain('offline_access');
    const callback = readAuthorizationResponse(await decideConsentAsCustomer(request.url));
    const tokens = await auth.exchangeCode({
      code: callback.code,
      state: callback.state,
      expectedState: request.state,
      ...(request.codeVerifier === undefined ? {} : { codeVerifier: request.codeVerifier }),
    });
    expect(tokens.refreshToken ?? (tokens as { refresh_token?: string }).refresh_token).toBeTruthy();
  });
});
