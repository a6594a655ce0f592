/**
 * The account's API key placement and Carbon API dialect in node-red-node-test-helper, against the
 * simulator: the key goes as the gateway documents it (`?apikey=`) unless the header is chosen, and a
 * dialect that is not valid is refused naming the field before any request.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { helper, useTempUserDir } from '../support/helper.js';
import { listSitesThroughAccount } from '../support/list-sites.js';

describe('API key account and Carbon API dialect', () => {
  let sim: SimulatorHandle;

  beforeAll(async () => {
    // 'all': API keys are accepted by the Carbon API too.
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

  const withApiKey = async (account: Record<string, unknown>) =>
    (await listSitesThroughAccount(
      { authType: 'apiKey', baseUrl: sim.url, ...account },
      { apiKey: DEMO_CREDENTIALS.apiKey.value },
    )) as Record<string, unknown>;

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
