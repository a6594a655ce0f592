/**
 * The EcoStruxure account's settings in node-red-node-test-helper, against the simulator: the
 * client-credentials Token URL (blank uses the base URL's documented one, another URL is where the token
 * is asked for, a value that is not a URL is refused naming the field before any request), where an API key
 * goes (`?apikey=` as the gateway documents, or the header when chosen), and a Carbon API dialect that is
 * not valid (refused naming the field before any request).
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { helper, nextMessage, nodeModule, onTab, useTempUserDir } from '../support/helper.js';

const modules = [nodeModule('ecostruxure-account'), nodeModule('ecostruxure-sites')];

let sim: SimulatorHandle;

beforeAll(async () => {
  // 'all': the gateway's client-credentials tokens and API keys are accepted by the Carbon API too.
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

/** Lists sites through an account with these settings and secrets: what was sent on, or what was caught. */
async function listSitesWith(
  account: Record<string, unknown>,
  secrets: Record<string, string>,
): Promise<Record<string, unknown>> {
  await helper.load(
    modules,
    onTab([
      { id: 'acc', type: 'ecostruxure-account', baseUrl: sim.url, ...account },
      { id: 'sites', type: 'ecostruxure-sites', account: 'acc', operation: 'list', wires: [['out']] },
      { id: 'out', type: 'helper' },
      { id: 'catch', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
    ]),
    { acc: secrets },
  );
  const settled = Promise.race([
    nextMessage(helper.getNode('out')).then((msg) => ({ sent: msg })),
    nextMessage(helper.getNode('caught')).then((msg) => ({ caught: msg })),
  ]);
  helper.getNode('sites').receive({ payload: 'go' });
  return settled;
}

describe('Client-credentials account token URL', () => {
  const withTokenUrl = (tokenUrl: string) =>
    listSitesWith(
      { authType: 'clientCredentials', scopes: 'read:site read:carbon-emission', tokenUrl },
      { clientId: DEMO_CREDENTIALS.partner.clientId, clientSecret: DEMO_CREDENTIALS.partner.clientSecret },
    );
  const tokenRequests = () => sim.control.requests().filter((entry) => entry.url.includes('token'));

  it('blank: the token comes from the base URL’s documented token URL', async () => {
    const outcome = await withTokenUrl('');
    expect((outcome.sent as { payload: unknown[] }).payload).toHaveLength(25);
    expect(tokenRequests().map((entry) => new URL(entry.url, sim.url).pathname)).toEqual([
      '/ecostruxure/v1/oauth/token',
    ]);
  });

  it('another URL: the token is asked for there', async () => {
    const outcome = await withTokenUrl(`${sim.url}/partner/oauth/token`);
    const error = (outcome.caught as { error: { message: string } }).error;
    expect(error.message).toMatch(/token/i);
    expect(tokenRequests().map((entry) => new URL(entry.url, sim.url).pathname)).toEqual([
      '/partner/oauth/token',
    ]);
  });

  it('not a URL: refused naming the Token URL, before any request', async () => {
    const outcome = await withTokenUrl('token-endpoint');
    const error = (outcome.caught as { error: { message: string; code: string } }).error;
    expect(error.message).toContain('Token URL is not a URL');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(sim.control.requests()).toHaveLength(0);
  });
});

describe('API key account and Carbon API dialect', () => {
  const withApiKey = (account: Record<string, unknown>) =>
    listSitesWith({ authType: 'apiKey', ...account }, { apiKey: DEMO_CREDENTIALS.apiKey.value });
  const sitesRequest = () => sim.control.requests().find((entry) => entry.url.includes('/sites'));

  it('sends the API key as the apikey query parameter by default, as the gateway documents', async () => {
    const outcome = await withApiKey({});
    expect((outcome.sent as { payload: unknown[] }).payload).toHaveLength(25);
    expect(sitesRequest()?.url).toContain('apikey=');
    expect(sitesRequest()?.headers['x-api-key']).toBeUndefined();
  });

  it('sends it as the x-api-key header when chosen', async () => {
    const outcome = await withApiKey({ apiKeyPlacement: 'header' });
    expect((outcome.sent as { payload: unknown[] }).payload).toHaveLength(25);
    expect(sitesRequest()?.url).not.toContain('apikey=');
    expect(sitesRequest()?.headers['x-api-key']).toBeDefined();
  });

  it('refuses a Carbon API dialect that is not valid, naming the field, before any request', async () => {
    const outcome = await withApiKey({ carbonDialect: '{"paging": "scroll"}' });
    const error = (outcome.caught as { error: { message: string; code: string } }).error;
    expect(error.message).toContain('carbonDialect.paging must be one of envelope, page-number');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(sim.control.requests()).toHaveLength(0);
  });
});
