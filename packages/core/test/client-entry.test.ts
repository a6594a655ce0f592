import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  createEcoStruxureClient,
  listAlarms,
  listSites,
  ValidationError,
  type Transport,
} from '../src/index.js';
import { createMemoryTokenStore, type AuthorizationCodeAuth } from '../src/advanced.js';
import { createUndiciTransport, nodeRuntime } from '../src/node/index.js';
import { connectByConsent } from './support/consent.js';

/** What an error tells the user: what happened, then what to do. */
const said = (error: unknown) => {
  const { message, description } = error as { message: string; description?: string };
  return `${message} ${description ?? ''}`;
};

let sim: SimulatorHandle;
const transport = createUndiciTransport();

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 5 });
});
afterAll(async () => {
  await sim.close();
  transport.close();
});

const base = () => ({ baseUrl: sim.url, transport, runtime: nodeRuntime });

describe('createEcoStruxureClient', () => {
  it('derives every endpoint from the base URL, and takes overrides one by one', () => {
    const client = createEcoStruxureClient({
      ...base(),
      credentials: { kind: 'personalAccessToken', token: 'x-token-1234' },
      endpoints: { energyHubGraphql: 'https://hub.example.test/any/path/gql' },
    });
    expect(client.endpoints).toMatchObject({
      carbonApi: `${sim.url}/ecostruxure/carbon-emission/v1`,
      token: `${sim.url}/ecostruxure/v1/oauth/token`,
      energyHubGraphql: 'https://hub.example.test/any/path/gql',
      gateway: sim.url,
    });
    expect(client.http('energyHub').baseUrl).toBe('https://hub.example.test/any/path/gql');
  });

  it('refuses an endpoint name it does not know, naming the known ones', () => {
    expect(() =>
      createEcoStruxureClient({
        ...base(),
        credentials: { kind: 'personalAccessToken', token: 'x-token-1234' },
        endpoints: { energyHubApi: 'https://hub.example.test/api' } as never,
      }),
    ).toThrow(
      '"endpoints.energyHubApi" is not an endpoint: use one of gateway, authorize, token, carbonApi, energyHubToken, energyHubGraphql.',
    );
  });

  it('reaches the Carbon API with a personal access token and Energy Hub with an access client', async () => {
    const carbon = createEcoStruxureClient({
      ...base(),
      credentials: { kind: 'personalAccessToken', token: DEMO_CREDENTIALS.personalAccessToken.value },
    });
    expect((await listSites(carbon)).items).toHaveLength(5);
    const hub = createEcoStruxureClient({
      ...base(),
      credentials: {
        kind: 'clientCredentials',
        api: 'energyHub',
        clientId: DEMO_CREDENTIALS.accessClient.clientId,
        clientSecret: DEMO_CREDENTIALS.accessClient.clientSecret,
      },
    });
    expect((await listAlarms(hub, { returnAll: false, limit: 1 })).items).toHaveLength(1);
  });

  it('runs the authorization-code flow through the same entry point, tokens kept in a store', async () => {
    const tokenStore = createMemoryTokenStore();
    const options = {
      ...base(),
      tokenStore,
      credentials: {
        kind: 'authorizationCode' as const,
        clientId: DEMO_CREDENTIALS.isvApp.clientId,
        clientSecret: DEMO_CREDENTIALS.isvApp.clientSecret,
        redirectUri: 'http://127.0.0.1/callback',
        scopes: 'read:site read:carbon-emission offline_access',
      },
    };
    const client = createEcoStruxureClient(options);
    const auth = client.auth as AuthorizationCodeAuth;
    await connectByConsent(auth);
    expect((await listSites(client)).items).toHaveLength(5);
    // A new client on the same store (a restart) keeps working without authorizing again.
    const restarted = createEcoStruxureClient(options);
    expect((await listSites(restarted)).items).toHaveLength(5);
  });

  it('host-applied credentials send nothing of their own and report a 401 as "reconnect"', async () => {
    const seen: Array<Record<string, string>> = [];
    const refusing: Transport = {
      async send(request) {
        seen.push(request.headers);
        return { status: 401, headers: {}, body: '{"title":"Unauthorized","status":401}' };
      },
    };
    const client = createEcoStruxureClient({
      baseUrl: 'https://api.example.test',
      credentials: { kind: 'hostApplied' },
      transport: refusing,
      runtime: nodeRuntime,
    });
    const error = await listSites(client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(said(error)).toContain('Reconnect the EcoStruxure credential');
    // One request, no authorization header added and no refresh attempted.
    expect(seen).toHaveLength(1);
    expect(Object.keys(seen[0]!).map((name) => name.toLowerCase())).not.toContain('authorization');
  });

  it('names the field of a bad credential before any request', () => {
    expect(() =>
      createEcoStruxureClient({ ...base(), credentials: { kind: 'personalAccessToken', token: ' ' } }),
    ).toThrow(expect.objectContaining({ field: 'token' }) as never);
    expect(() => createEcoStruxureClient({ ...base(), credentials: { kind: 'password' } as never })).toThrow(
      ValidationError,
    );
    expect(() =>
      createEcoStruxureClient({
        ...base(),
        baseUrl: 'api.exchange.se.com',
        credentials: { kind: 'hostApplied' },
      }),
    ).toThrow(expect.objectContaining({ field: 'baseUrl' }) as never);
  });
});
