/**
 * The client-credentials account's Token URL in node-red-node-test-helper, against the simulator: blank
 * uses the base URL's documented one, another URL is where the token is asked for, and a value that is not
 * a URL is refused naming the field before any request.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { helper, useTempUserDir } from '../support/helper.js';
import { listSitesThroughAccount } from '../support/list-sites.js';

describe('Client-credentials account token URL', () => {
  let sim: SimulatorHandle;

  beforeAll(async () => {
    // 'all': the gateway's client-credentials tokens are accepted by the Carbon API too.
    sim = await startSimulator({ port: 0, carbonCredentials: 'all' });
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => {
    useTempUserDir();
    sim.control.clearRequests();
  });
  afterEach(async () => {
    await helper.unload();
  });

  async function listSitesWith(tokenUrl: string): Promise<Record<string, unknown>> {
    return (await listSitesThroughAccount(
      {
        authType: 'clientCredentials',
        baseUrl: sim.url,
        scopes: 'read:site read:carbon-emission',
        tokenUrl,
      },
      { clientId: DEMO_CREDENTIALS.partner.clientId, clientSecret: DEMO_CREDENTIALS.partner.clientSecret },
    )) as Record<string, unknown>;
  }

  const tokenRequests = () => sim.control.requests().filter((entry) => entry.url.includes('token'));

  it('blank: the token comes from the base URL’s documented token URL', async () => {
    const outcome = await listSitesWith('');
    expect((outcome.sent as { payload: unknown[] }).payload).toHaveLength(25);
    expect(tokenRequests().map((entry) => new URL(entry.url, sim.url).pathname)).toEqual([
      '/ecostruxure/v1/oauth/token',
    ]);
  });

  it('another URL: the token is asked for there', async () => {
    const outcome = await listSitesWith(`${sim.url}/partner/oauth/token`);
    const error = (outcome.caught as { error: { message: string } }).error;
    expect(error.message).toMatch(/token/i);
    expect(tokenRequests().map((entry) => new URL(entry.url, sim.url).pathname)).toEqual([
      '/partner/oauth/token',
    ]);
  });

  it('not a URL: refused naming the Token URL, before any request', async () => {
    const outcome = await listSitesWith('token-endpoint');
    const error = (outcome.caught as { error: { message: string; code: string } }).error;
    expect(error.message).toContain('Token URL is not a URL');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(sim.control.requests()).toHaveLength(0);
  });
});
