/**
 * Client credentials against the simulator's real token endpoints: Basic and body authentication, one
 * token request however many callers, early refresh by the client clock, replacement after a server-side
 * expiry or clock skew, and typed errors for wrong secrets.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationError, PermissionError, type OutgoingRequest } from '../src/index.js';
import {
  createClientCredentialsAuth,
  createHttpClient,
  type ClientCredentialsAuthOptions,
} from '../src/advanced.js';
import type { ClientAuthentication } from '../src/auth/token-request.js';
import { createAxiosTransport } from '../src/node/index.js';
import { shiftableRuntime, tokenRequestCount, type ShiftableRuntime } from './support/simulator-oauth.js';

/** What an error tells the user: what happened, then what to do. */
const said = (error: unknown) => {
  const { message, description } = error as { message: string; description?: string };
  return `${message} ${description ?? ''}`;
};

const partner = DEMO_CREDENTIALS.partner;
const transport = createAxiosTransport();
let sim: SimulatorHandle;
let runtime: ShiftableRuntime;

beforeAll(async () => {
  // `all`: client-credentials tokens are not documented for the Carbon API (seed 000); these tests use them.
  sim = await startSimulator({ port: 0, sites: 2, carbonCredentials: 'all' });
});
afterAll(async () => {
  transport.close();
  await sim.close();
});
beforeEach(() => {
  sim.control.clearRequests();
  sim.control.setClockSkew(0);
  runtime = shiftableRuntime();
});

function options(overrides: Partial<ClientCredentialsAuthOptions> = {}): ClientCredentialsAuthOptions {
  return {
    tokenUrl: sim.urls.token,
    clientId: partner.clientId,
    clientSecret: partner.clientSecret,
    transport,
    runtime,
    ...overrides,
  };
}

const outgoing = (): OutgoingRequest => ({
  method: 'GET',
  url: new URL(`${sim.urls.carbonApi}/sites`),
  headers: {},
});

function clientFor(auth: ReturnType<typeof createClientCredentialsAuth>, maxConcurrency = 10) {
  return createHttpClient({
    baseUrl: sim.urls.carbonApi,
    auth,
    transport,
    runtime,
    maxConcurrency,
    retry: { maxAttempts: 1 },
  });
}

describe.each<ClientAuthentication>(['client_secret_basic', 'client_secret_post'])(
  'client authentication %s',
  (clientAuthentication) => {
    it('gets a token and reads sites with it', async () => {
      const auth = createClientCredentialsAuth(options({ clientAuthentication, scopes: 'read:site' }));
      const response = await clientFor(auth).request<unknown[]>({ path: '/sites' });
      expect(response.data).toHaveLength(2);
      const [tokenRequest] = sim.control.requests({ pathPrefix: '/ecostruxure/v1/oauth/token' });
      expect(tokenRequest?.status).toBe(200);
      expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const body = tokenRequest?.body as Record<string, string>;
      expect(body.grant_type).toBe('client_credentials');
      expect(body.scope).toBe('read:site');
      if (clientAuthentication === 'client_secret_basic') {
        expect(tokenRequest?.headers.authorization).toBeDefined();
        expect(body.client_secret).toBeUndefined();
      } else {
        expect(tokenRequest?.headers.authorization).toBeUndefined();
        expect(body.client_id).toBe(partner.clientId);
      }
    });

    it('a wrong secret is an AuthenticationError naming what to check, without the secret', async () => {
      const auth = createClientCredentialsAuth(
        options({ clientAuthentication, clientSecret: 'wrong-secret-987' }),
      );
      const error = await clientFor(auth)
        .request({ path: '/sites' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(said(error)).toMatch(/invalid_client.*Check the client ID and secret/);
      expect(JSON.stringify(error)).not.toMatch(/wrong-secret-987|d3Jvbmc/);
      expect(tokenRequestCount(sim)).toBe(1);
    });
  },
);

it('1,000 concurrent apply() on an empty cache send exactly one token request', async () => {
  const auth = createClientCredentialsAuth(options());
  const requests = Array.from({ length: 1000 }, outgoing);
  await Promise.all(requests.map((request) => auth.apply(request)));
  expect(tokenRequestCount(sim)).toBe(1);
  expect(new Set(requests.map((request) => auth.credentialOf(request))).size).toBe(1);
});

it('after the server expires every token, 200 concurrent requests share one replacement', async () => {
  const auth = createClientCredentialsAuth(options());
  const client = clientFor(auth, 200);
  await client.request({ path: '/sites' });
  expect(sim.control.expireAllTokens()).toBeGreaterThan(0);
  const responses = await Promise.all(Array.from({ length: 200 }, () => client.request({ path: '/sites' })));
  expect(responses.every((response) => response.status === 200)).toBe(true);
  expect(tokenRequestCount(sim)).toBe(2);
  const rejected = sim.control
    .requests({ pathPrefix: '/ecostruxure/carbon-emission/v1/sites' })
    .filter((entry) => entry.status === 401);
  expect(rejected).toHaveLength(200);
});

it('refreshes early by the client clock, before the server ever refuses the token', async () => {
  const shortLived = await startSimulator({
    port: 0,
    sites: 1,
    accessTokenTtlSeconds: 70,
    carbonCredentials: 'all',
  });
  try {
    const auth = createClientCredentialsAuth(
      options({ tokenUrl: shortLived.urls.token, refreshMarginMs: 60_000 }),
    );
    const request = outgoing();
    await auth.apply(request);
    const first = auth.credentialOf(request);
    runtime.advance(30_000); // 40 s left: within neither the margin (capped at half the 70 s life) nor expiry
    await auth.apply(request);
    expect(auth.credentialOf(request)).toBe(first);
    expect(tokenRequestCount(shortLived)).toBe(1);
    runtime.advance(6_000); // 34 s left: inside the (capped) margin
    await auth.apply(request);
    expect(auth.credentialOf(request)).not.toBe(first);
    expect(tokenRequestCount(shortLived)).toBe(2);
  } finally {
    await shortLived.close();
  }
});

it('recovers when the server clock runs ahead (skew): one refresh and one replay', async () => {
  const auth = createClientCredentialsAuth(options());
  const client = clientFor(auth);
  await client.request({ path: '/sites' });
  sim.control.setClockSkew(3_700_000); // the server thinks the 3600 s token is past its life
  const response = await client.request({ path: '/sites' });
  expect(response.status).toBe(200);
  expect(tokenRequestCount(sim)).toBe(2);
});

it('a 403 for a missing scope is final: no token storm', async () => {
  const auth = createClientCredentialsAuth(options({ scopes: ['read:site'] }));
  const client = clientFor(auth);
  const [siteId] = sim.control.siteIds();
  const attempts = await Promise.all(
    Array.from({ length: 5 }, () =>
      client
        .request({ path: `/sites/${siteId ?? 'site-0001'}/carbon-emissions` })
        .catch((caught: unknown) => caught),
    ),
  );
  expect(attempts.every((error) => error instanceof PermissionError)).toBe(true);
  expect(tokenRequestCount(sim)).toBe(1);
});

it('handleRejected on 401 and 403 replaces only the token that was used', async () => {
  const auth = createClientCredentialsAuth(options());
  const request = outgoing();
  await auth.apply(request);
  const used = auth.credentialOf(request);
  const results = await Promise.all([
    ...Array.from({ length: 50 }, () => auth.handleRejected(401, used)),
    ...Array.from({ length: 50 }, () => auth.handleRejected(403, used)),
  ]);
  expect(results.every(Boolean)).toBe(true);
  expect(tokenRequestCount(sim)).toBe(2);
  // A late rejection of the old token costs nothing more.
  expect(await auth.handleRejected(401, used)).toBe(true);
  expect(tokenRequestCount(sim)).toBe(2);
});

it('Energy Hub access clients use their own token endpoint', async () => {
  const client = DEMO_CREDENTIALS.accessClient;
  const auth = createClientCredentialsAuth(
    options({
      tokenUrl: sim.urls.energyHubToken,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    }),
  );
  const tokens = await auth.refresh();
  expect(tokens.accessToken).not.toBe('');
  expect(tokens.expiresAt).toBeGreaterThan(runtime.now());
  expect(tokenRequestCount(sim, '/energy-hub/v1/oauth/token')).toBe(1);
});
