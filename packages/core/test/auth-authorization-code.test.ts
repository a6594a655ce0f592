/**
 * Authorization code against the simulator's authorization server: consent, code exchange with state
 * and PKCE, rotating refresh tokens shared by concurrent callers, persistence through onTokens, refresh
 * responses without a refresh token, consent revocation and clock skew.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  NetworkError,
  ReauthorizationRequiredError,
  ValidationError,
  type OutgoingRequest,
  type TokenSet,
} from '../src/index.js';
import {
  createAuthorizationCodeAuth,
  createHttpClient,
  readAuthorizationResponse,
  type AuthorizationCodeAuth,
  type AuthorizationCodeAuthOptions,
} from '../src/advanced.js';
import { createAxiosTransport } from '../src/node/index.js';
import {
  decideConsent,
  shiftableRuntime,
  tokenRequestCount,
  type ShiftableRuntime,
} from './support/simulator-oauth.js';

/** What an error tells the user: what happened, then what to do. */
const said = (error: unknown) => {
  const { message, description } = error as { message: string; description?: string };
  return `${message} ${description ?? ''}`;
};

const app = DEMO_CREDENTIALS.isvApp;
const REDIRECT_URI = 'http://127.0.0.1/callback';
const SCOPES = 'read:site read:carbon-emission offline_access';
const transport = createAxiosTransport();
let sim: SimulatorHandle;
let runtime: ShiftableRuntime;
let saved: TokenSet[];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 2 });
});
afterAll(async () => {
  transport.close();
  await sim.close();
});
beforeEach(() => {
  sim.control.clearRequests();
  sim.control.setClockSkew(0);
  runtime = shiftableRuntime();
  saved = [];
});

function options(overrides: Partial<AuthorizationCodeAuthOptions> = {}): AuthorizationCodeAuthOptions {
  return {
    authorizeUrl: sim.urls.authorize,
    tokenUrl: sim.urls.token,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: REDIRECT_URI,
    scopes: SCOPES,
    transport,
    runtime,
    onTokens: async (tokens) => {
      // Slow storage: nothing may use the new token before this resolves.
      await new Promise((resolve) => setTimeout(resolve, 10));
      saved.push(tokens);
    },
    ...overrides,
  };
}

/** Runs the whole consent flow and returns a connected strategy. */
async function connect(
  overrides: Partial<AuthorizationCodeAuthOptions> = {},
): Promise<AuthorizationCodeAuth> {
  const auth = createAuthorizationCodeAuth(options(overrides));
  const request = auth.createAuthorizationRequest();
  const callback = readAuthorizationResponse(await decideConsent(request.url));
  await auth.exchangeCode({
    code: callback.code,
    state: callback.state,
    expectedState: request.state,
    ...(request.codeVerifier === undefined ? {} : { codeVerifier: request.codeVerifier }),
  });
  return auth;
}

const outgoing = (): OutgoingRequest => ({
  method: 'GET',
  url: new URL(`${sim.urls.carbonApi}/sites`),
  headers: {},
});

function clientFor(auth: AuthorizationCodeAuth, maxConcurrency = 10) {
  return createHttpClient({
    baseUrl: sim.urls.carbonApi,
    auth,
    transport,
    runtime,
    maxConcurrency,
    retry: { maxAttempts: 1 },
  });
}

const activeConsents = () => sim.control.consents().filter((consent) => consent.revokedAt === null);

describe('connecting', () => {
  it('consent, code exchange with state and PKCE, then API calls; onTokens gets the set', async () => {
    const auth = await connect();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ tokenType: 'Bearer' });
    expect(saved[0]?.refreshToken).toBeDefined();
    expect(saved[0]?.scope?.split(' ')).toContain('offline_access');
    expect(auth.currentTokens()).toEqual(saved[0]);
    const response = await clientFor(auth).request<unknown[]>({ path: '/sites' });
    expect(response.data).toHaveLength(2);
    const exchange = sim.control.requests({ pathPrefix: '/ecostruxure/v1/oauth/token' })[0];
    expect(exchange?.body).toMatchObject({ grant_type: 'authorization_code', redirect_uri: REDIRECT_URI });
    expect((exchange?.body as Record<string, string>).code_verifier).toBeDefined();
  });

  it('rejects a state mismatch without redeeming the code', async () => {
    const auth = createAuthorizationCodeAuth(options());
    const request = auth.createAuthorizationRequest();
    const forged = auth.createAuthorizationRequest();
    const callback = readAuthorizationResponse(await decideConsent(request.url));
    const error = await auth
      .exchangeCode({
        code: callback.code,
        state: callback.state,
        expectedState: forged.state,
        codeVerifier: request.codeVerifier ?? '',
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('state');
    expect(tokenRequestCount(sim)).toBe(0);
    expect(saved).toHaveLength(0);
  });

  it('the server verifies PKCE: a wrong verifier is refused as invalid_grant', async () => {
    const auth = createAuthorizationCodeAuth(options());
    const request = auth.createAuthorizationRequest();
    const other = auth.createAuthorizationRequest();
    const callback = readAuthorizationResponse(await decideConsent(request.url));
    const error = await auth
      .exchangeCode({
        code: callback.code,
        state: callback.state,
        expectedState: request.state,
        codeVerifier: other.codeVerifier ?? '',
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect(said(error)).toMatch(/PKCE verifier does not match.*Start the authorization again/);
    expect(JSON.stringify(error)).not.toContain(other.codeVerifier);
    expect(tokenRequestCount(sim)).toBe(1);
  });

  it('a code cannot be redeemed twice', async () => {
    const auth = createAuthorizationCodeAuth(options());
    const request = auth.createAuthorizationRequest();
    const callback = readAuthorizationResponse(await decideConsent(request.url));
    const input = {
      code: callback.code,
      state: callback.state,
      expectedState: request.state,
      codeVerifier: request.codeVerifier ?? '',
    };
    await auth.exchangeCode(input);
    await expect(auth.exchangeCode(input)).rejects.toBeInstanceOf(ReauthorizationRequiredError);
  });

  it('Deny on the consent page is a clear access_denied error', async () => {
    const auth = createAuthorizationCodeAuth(options());
    const location = await decideConsent(auth.createAuthorizationRequest().url, 'deny');
    expect(() => readAuthorizationResponse(location)).toThrow(AuthenticationError);
    expect(() => readAuthorizationResponse(location)).toThrow(/access_denied/);
  });

  it('a wrong client secret is invalid_client, and the secret stays out of the error', async () => {
    const auth = createAuthorizationCodeAuth(options({ clientSecret: 'not-the-secret-55' }));
    const request = auth.createAuthorizationRequest();
    const callback = readAuthorizationResponse(await decideConsent(request.url));
    const error = await auth
      .exchangeCode({
        code: callback.code,
        state: callback.state,
        expectedState: request.state,
        codeVerifier: request.codeVerifier ?? '',
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(said(error)).toMatch(/Check the client ID and secret/);
    expect(JSON.stringify(error)).not.toContain('not-the-secret-55');
  });
});

describe('refreshing', () => {
  it('100 concurrent callers of an expired token cause one refresh with the rotating token; the grant survives', async () => {
    const auth = await connect();
    const before = tokenRequestCount(sim);
    const first = auth.currentTokens();
    runtime.advance(3_600_000);
    const requests = Array.from({ length: 100 }, outgoing);
    await Promise.all(requests.map((request) => auth.apply(request)));
    expect(tokenRequestCount(sim) - before).toBe(1);
    const second = auth.currentTokens();
    expect(new Set(requests.map((request) => auth.credentialOf(request)))).toEqual(
      new Set([second?.accessToken]),
    );
    expect(second?.refreshToken).not.toBe(first?.refreshToken);
    // Persisted before use: the saved set is the one in use, with the rotated refresh token.
    expect(saved.at(-1)).toEqual(second);
    expect(saved.map((set) => set.refreshToken)).toEqual([first?.refreshToken, second?.refreshToken]);
    // The rotated token was kept: the next refresh works and the consent is still active.
    await auth.refresh();
    expect(saved).toHaveLength(3);
    expect(new Set(saved.map((set) => set.refreshToken)).size).toBe(3);
    expect(activeConsents().length).toBeGreaterThan(0);
    await expect(clientFor(auth).request({ path: '/sites' })).resolves.toMatchObject({ status: 200 });
  });

  it('two concurrent 401s after a server-side expiry share one refresh; both requests succeed', async () => {
    const auth = await connect();
    const client = clientFor(auth);
    const consentCount = activeConsents().length;
    sim.control.expireAllTokens();
    const before = tokenRequestCount(sim);
    const [a, b] = await Promise.all([
      client.request({ path: '/sites' }),
      client.request({ path: '/sites' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(tokenRequestCount(sim) - before).toBe(1);
    expect(activeConsents()).toHaveLength(consentCount);
  });

  it('refreshes early (70 s tokens, 60 s margin) so the server never refuses one', async () => {
    const shortLived = await startSimulator({ port: 0, sites: 1, accessTokenTtlSeconds: 70 });
    try {
      const auth = createAuthorizationCodeAuth(
        options({
          authorizeUrl: shortLived.urls.authorize,
          tokenUrl: shortLived.urls.token,
          refreshMarginMs: 60_000,
        }),
      );
      const request = auth.createAuthorizationRequest();
      const callback = readAuthorizationResponse(await decideConsent(request.url));
      await auth.exchangeCode({
        code: callback.code,
        state: callback.state,
        expectedState: request.state,
        codeVerifier: request.codeVerifier ?? '',
      });
      const first = auth.currentTokens()?.accessToken;
      runtime.advance(30_000);
      await auth.apply(outgoing());
      expect(auth.currentTokens()?.accessToken).toBe(first);
      runtime.advance(6_000); // within the margin (capped at half the token's life)
      const applied = outgoing();
      await auth.apply(applied);
      expect(auth.credentialOf(applied)).not.toBe(first);
      const grants = shortLived.control
        .requests({ pathPrefix: '/ecostruxure/v1/oauth/token' })
        .map((entry) => (entry.body as Record<string, string>).grant_type);
      expect(grants).toEqual(['authorization_code', 'refresh_token']);
    } finally {
      await shortLived.close();
    }
  });

  it('a refresh without refresh_token keeps the old one, and the next refresh still works', async () => {
    const auth = await connect();
    const original = auth.currentTokens()?.refreshToken;
    sim.control.omitRefreshTokenOnNextRefreshes(1);
    const kept = await auth.refresh();
    expect(kept.refreshToken).toBe(original);
    expect(saved.at(-1)?.refreshToken).toBe(original);
    const rotated = await auth.refresh();
    expect(rotated.refreshToken).toBeDefined();
    expect(rotated.refreshToken).not.toBe(original);
    await expect(clientFor(auth).request({ path: '/sites' })).resolves.toMatchObject({ status: 200 });
  });

  it('server clock ahead (skew): the refused token is replaced once and the request replayed', async () => {
    const auth = await connect();
    const client = clientFor(auth);
    sim.control.setClockSkew(3_700_000);
    const before = tokenRequestCount(sim);
    await expect(client.request({ path: '/sites' })).resolves.toMatchObject({ status: 200 });
    expect(tokenRequestCount(sim) - before).toBe(1);
  });

  it('restored tokens (from storage) are used and refreshed without a new consent', async () => {
    const first = await connect();
    const stored = first.currentTokens();
    if (stored === undefined) throw new Error('not connected');
    // A restart: a new strategy from what was persisted; the old one is gone.
    const restored = createAuthorizationCodeAuth(options({ tokens: stored }));
    await expect(clientFor(restored).request({ path: '/sites' })).resolves.toMatchObject({ status: 200 });
    runtime.advance(3_600_000);
    await expect(clientFor(restored).request({ path: '/sites' })).resolves.toMatchObject({ status: 200 });
    expect(saved.at(-1)?.refreshToken).not.toBe(stored.refreshToken);
  });
});

describe('consent revoked mid-session', () => {
  it('fails with ReauthorizationRequiredError after one refresh attempt, then fast, until reconnected', async () => {
    const auth = await connect();
    const client = clientFor(auth, 20);
    await client.request({ path: '/sites' });
    const consent = activeConsents().at(-1);
    if (consent === undefined) throw new Error('no consent');
    sim.control.revokeConsent(consent.id, 'customer revoked access');
    const before = tokenRequestCount(sim);

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => client.request({ path: '/sites' }).catch((caught: unknown) => caught)),
    );
    expect(outcomes.every((outcome) => outcome instanceof ReauthorizationRequiredError)).toBe(true);
    expect(said(outcomes[0])).toMatch(/Authorize the app again/);
    expect(tokenRequestCount(sim) - before).toBe(1);

    // Later calls fail at once: no token request, not even an API request.
    const apiBefore = sim.control.requests().length;
    await expect(client.request({ path: '/sites' })).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    await expect(auth.refresh()).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(sim.control.requests().length).toBe(apiBefore);

    // A new consent brings it back.
    const request = auth.createAuthorizationRequest();
    const callback = readAuthorizationResponse(await decideConsent(request.url));
    await auth.exchangeCode({
      code: callback.code,
      state: callback.state,
      expectedState: request.state,
      codeVerifier: request.codeVerifier ?? '',
    });
    await expect(client.request({ path: '/sites' })).resolves.toMatchObject({ status: 200 });
  });

  it('a replayed (already rotated) refresh token is refused as reauthorization, not retried', async () => {
    const auth = await connect();
    const stale = auth.currentTokens();
    if (stale === undefined) throw new Error('not connected');
    await auth.refresh(); // rotates: `stale.refreshToken` is now retired
    // A second process that never saw the rotation (the n8n #25926 situation).
    const lagging = createAuthorizationCodeAuth(
      options({ tokens: { ...stale, expiresAt: runtime.now() - 1 } }),
    );
    const before = tokenRequestCount(sim);
    await expect(lagging.apply(outgoing())).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    await expect(lagging.apply(outgoing())).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(tokenRequestCount(sim) - before).toBe(1);
  });
});

describe('token requests are never retried', () => {
  const TOKEN_ROUTE = 'POST /ecostruxure/v1/oauth/token';

  it.each([
    { name: 'a 503', rule: { kind: 'status', status: 503 } as const, type: ApiError },
    { name: 'a connection reset', rule: { kind: 'reset' } as const, type: NetworkError },
  ])(
    'a refresh that fails with $name is sent once, even by a client with retries, and the grant survives',
    async ({ rule, type }) => {
      const auth = await connect();
      const refreshToken = auth.currentTokens()?.refreshToken;
      const client = createHttpClient({
        baseUrl: sim.urls.carbonApi,
        auth,
        transport,
        runtime,
        retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 },
      });
      runtime.advance(3_600_000); // the access token is past its life by the client's clock
      sim.control.addFault({ ...rule, route: TOKEN_ROUTE, count: 1 });
      const before = tokenRequestCount(sim);

      const error = await client.request({ path: '/sites' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(type);
      expect(tokenRequestCount(sim) - before).toBe(1);
      if (error instanceof NetworkError) expect(error.message).toContain('not sent again');
      expect(auth.currentTokens()?.refreshToken).toBe(refreshToken);

      // The lost request never reached the grant: the same refresh token still works, once.
      await expect(client.request({ path: '/sites' })).resolves.toMatchObject({ status: 200 });
      expect(tokenRequestCount(sim) - before).toBe(2);
      expect(auth.currentTokens()?.refreshToken).not.toBe(refreshToken);
      expect(activeConsents().length).toBeGreaterThan(0);
    },
  );
});
