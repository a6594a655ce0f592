/** Personal access tokens and API keys, end to end through the HTTP client against the simulator. */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, type AuthStrategy } from '../src/index.js';
import { createApiKeyAuth, createHttpClient, createPersonalAccessTokenAuth } from '../src/advanced.js';
import { createAxiosTransport, nodeRuntime } from '../src/node/index.js';

let sim: SimulatorHandle;
const transport = createAxiosTransport();

beforeAll(async () => {
  // `all`: API keys are not documented for the Carbon API (seed 000), but these tests are about them.
  sim = await startSimulator({ port: 0, sites: 3, carbonCredentials: 'all' });
});
afterAll(async () => {
  transport.close();
  await sim.close();
});

function clientFor(auth: AuthStrategy) {
  return createHttpClient({
    baseUrl: sim.urls.carbonApi,
    auth,
    transport,
    runtime: nodeRuntime,
    retry: { maxAttempts: 1 },
  });
}

describe('personal access token', () => {
  it('reads sites with the demo token', async () => {
    const response = await clientFor(
      createPersonalAccessTokenAuth({ token: DEMO_CREDENTIALS.personalAccessToken.value }),
    ).request<unknown[]>({ path: '/sites' });
    expect(response.data).toHaveLength(3);
    const logged = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission/v1/sites' }).at(-1);
    expect(logged?.headers.authorization).toMatch(/^Bearer /);
  });

  it('works with a freshly minted token, and a wrong one fails once without leaking it', async () => {
    const minted = sim.control.mintPersonalAccessToken(['read:site']);
    await expect(
      clientFor(createPersonalAccessTokenAuth({ token: minted })).request({ path: '/sites' }),
    ).resolves.toMatchObject({ status: 200 });

    const before = sim.control.requests().length;
    const error = await clientFor(createPersonalAccessTokenAuth({ token: 'wrong-token-value-123' }))
      .request({ path: '/sites' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(error)).not.toContain('wrong-token-value-123');
    expect((error as Error).message).not.toContain('wrong-token-value-123');
    // No replay: a static token cannot be renewed.
    expect(sim.control.requests().length - before).toBe(1);
  });
});

describe('API key', () => {
  it.each(['query', 'header'] as const)('reads sites with the key in the %s', async (placement) => {
    const auth = createApiKeyAuth({ apiKey: DEMO_CREDENTIALS.apiKey.value, placement });
    const response = await clientFor(auth).request<unknown[]>({ path: '/sites', query: { x: 1 } });
    expect(response.data).toHaveLength(3);
    const logged = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission/v1/sites' }).at(-1);
    expect(logged?.url).not.toContain(DEMO_CREDENTIALS.apiKey.value);
    if (placement === 'query') expect(logged?.url).toMatch(/apikey=/);
    else expect(logged?.headers['x-api-key']).toBeDefined();
  });

  it('sends the key on a POST too (seed 001 only says GET works in a browser)', async () => {
    const key = sim.control.mintApiKey();
    const error = await clientFor(createApiKeyAuth({ apiKey: key }))
      .request({ method: 'POST', path: '/sites', json: {} })
      .catch((caught: unknown) => caught);
    // The simulator serves no POST /sites: the request reached it with the key and was refused (405).
    expect(sim.control.requests().at(-1)).toMatchObject({ method: 'POST', status: 405 });
    expect(sim.control.requests().at(-1)?.url).toMatch(/apikey=/);
    expect(JSON.stringify(error)).not.toContain(key);
  });

  it('an unknown key is a 401 whose error and URL never show the key', async () => {
    const error = await clientFor(createApiKeyAuth({ apiKey: 'not-a-real-key-42' }))
      .request({ path: '/sites' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(error)).not.toContain('not-a-real-key-42');
    expect(String((error as Error).stack)).not.toContain('not-a-real-key-42');
  });
});

describe('the Carbon API with its documented credentials only (the simulator default)', () => {
  it('refuses an API key with a 401 whose advice says this API may not accept keys', async () => {
    const documented = await startSimulator({ port: 0, sites: 1 });
    try {
      const error = await createHttpClient({
        baseUrl: documented.urls.carbonApi,
        auth: createApiKeyAuth({ apiKey: DEMO_CREDENTIALS.apiKey.value }),
        transport,
        runtime: nodeRuntime,
        retry: { maxAttempts: 1 },
      })
        .request({ path: '/sites' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthenticationError);
      // What happened is the message; what to do is the description.
      expect((error as AuthenticationError).description).toMatch(/this API may not accept API keys/);
      expect(JSON.stringify(error)).not.toContain(DEMO_CREDENTIALS.apiKey.value);
    } finally {
      await documented.close();
    }
  });
});
