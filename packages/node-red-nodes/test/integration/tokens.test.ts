import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileTokenStore } from '@ecostruxure-connector/core/node';
import { ACCOUNT_ID } from '../support/flows.js';
import { CREDENTIAL_SECRET, type NodeRedVersion } from '../support/node-red.js';
import { catchAll, debug, inject, startScenario, type Scenario } from '../support/scenario.js';

const flow = [
  inject('in', 'sites'),
  {
    id: 'sites',
    type: 'ecostruxure-sites',
    account: ACCOUNT_ID,
    operation: 'list',
    output: 'message',
    wires: [['out']],
  },
  debug('out'),
  catchAll('catch', 'caught'),
  debug('caught'),
];

describe.each<NodeRedVersion>(['5', '4'])('Durable tokens on Node-RED %s.x', (version) => {
  let s: Scenario;
  const tokenFile = () => join(s.red.userDir, 'ecostruxure-tokens', `${ACCOUNT_ID}.json`);
  const tokenRequests = () => s.sim.control.requests({ pathPrefix: '/ecostruxure/v1/oauth/token' });

  beforeAll(async () => {
    s = await startScenario(version);
    await s.deploy(flow);
    await s.authorize();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('keeps the tokens in an encrypted file named after the account', async () => {
    expect(existsSync(tokenFile())).toBe(true);
    const content = readFileSync(tokenFile(), 'utf8');
    expect(content).toContain('"format":"ecostruxure-connector/token-store"');
    expect(content).not.toMatch(/accessToken|refreshToken|read:site/);
  });

  it('after a refresh-token rotation, a restart with no deploy keeps working', async () => {
    s.sim.control.clearRequests();
    s.sim.control.expireAllTokens();
    await s.inject('in');
    await s.feed.waitFor(1, 'out');
    // The expired token was replaced with a refresh, which rotated the refresh token.
    expect(tokenRequests().length).toBeGreaterThanOrEqual(1);

    await s.red.restart();
    await s.reconnect();
    s.sim.control.clearRequests();
    s.sim.control.expireAllTokens();
    await s.inject('in');
    const [message] = await s.feed.waitFor(1, 'out');
    expect(JSON.parse(message!.msg).payload).toHaveLength(25);
    // The rotated refresh token saved before the restart was the one presented: no re-authorization.
    expect(tokenRequests()).toHaveLength(1);
    expect(s.sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' }).at(-1)?.status).toBe(200);
  });

  it('shows no token in any message, status or log line', async () => {
    // The file is readable with Node-RED's credential secret, and only with it.
    const tokens = await createFileTokenStore({ filePath: tokenFile(), secret: CREDENTIAL_SECRET }).load();
    expect(tokens?.refreshToken).toBeTruthy();
    await expect(
      createFileTokenStore({ filePath: tokenFile(), secret: 'another secret' }).load(),
    ).rejects.toThrow();
    const seen = JSON.stringify([s.feed.messages, s.feed.statuses]) + s.red.output();
    for (const secret of [tokens!.accessToken, tokens!.refreshToken!, 'demo-isv-app-secret']) {
      expect(seen).not.toContain(secret);
    }
  });

  it('after a revoked consent: red "consent revoked: re-authorize" and no more token requests until re-authorized', async () => {
    s.feed.messages.length = 0;
    const consent = s.sim.control.consents().find((record) => record.revokedAt === null);
    s.sim.control.revokeConsent(consent!.id);
    s.sim.control.expireAllTokens();
    s.sim.control.clearRequests();
    await s.inject('in');
    const [caught] = await s.feed.waitFor(1, 'caught');
    expect(JSON.parse(caught!.msg).error.message).toMatch(/authoriz/i);
    const revoked = await s.feed.waitForStatus('sites', /consent revoked: re-authorize/);
    expect(revoked).toMatchObject({ fill: 'red' });
    const refusals = tokenRequests().length;
    expect(refusals).toBe(1);

    await s.inject('in');
    await s.feed.waitFor(2, 'caught');
    expect(tokenRequests()).toHaveLength(refusals);
    const status = (await (await s.red.request(`/ecostruxure/oauth/status/${ACCOUNT_ID}`)).json()) as {
      revoked: boolean;
    };
    expect(status.revoked).toBe(true);

    await s.authorize();
    await s.inject('in');
    await s.feed.waitFor(1, 'out');
  });

  it('deleting the account deletes its token file', async () => {
    expect(existsSync(tokenFile())).toBe(true);
    await s.red.deploy([{ id: 'f0e1d2c3b4a59687', type: 'tab', label: 'empty' }]);
    const deadline = Date.now() + 5_000;
    while (existsSync(tokenFile()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(tokenFile())).toBe(false);
  });

  it('wrote no secret to the log', () => {
    expect(s.red.output()).not.toMatch(/demo-isv-app-secret|refresh_token=/);
  });
});
