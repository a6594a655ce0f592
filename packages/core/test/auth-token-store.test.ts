/**
 * The OAuth strategies with a TokenStore, against the simulator: a restart continues from the saved set
 * without a new consent, a rotated refresh token is saved before it can be used (so a process killed right
 * after a refresh never leaves the retired token behind), saves are one at a time and in order, a revoked
 * grant clears the store, and an unusable store fails loudly until the customer authorizes again.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ReauthorizationRequiredError,
  TokenStoreError,
  type AuthStrategy,
  type OutgoingRequest,
  type TokenSet,
  type TokenStore,
} from '../src/index.js';
import {
  createAuthorizationCodeAuth,
  createClientCredentialsAuth,
  createHttpClient,
  createMemoryTokenStore,
  readAuthorizationResponse,
  type AuthorizationCodeAuth,
  type AuthorizationCodeAuthOptions,
} from '../src/advanced.js';
import { createAxiosTransport } from '../src/node/index.js';
import { capturingLogger } from './support/canary.js';
import { recordingTokenStore } from './support/recording-token-store.js';
import {
  decideConsent,
  shiftableRuntime,
  tokenRequestCount,
  type ShiftableRuntime,
} from './support/simulator-oauth.js';

const app = DEMO_CREDENTIALS.isvApp;
const partner = DEMO_CREDENTIALS.partner;
const transport = createAxiosTransport();
const HOUR = 3_600_000;
let sim: SimulatorHandle;
let runtime: ShiftableRuntime;

beforeAll(async () => {
  // `all`: the client-credentials tests read the Carbon API, which documents no client credentials.
  sim = await startSimulator({ port: 0, sites: 2, carbonCredentials: 'all' });
});
afterAll(async () => {
  transport.close();
  await sim.close();
});
beforeEach(() => {
  sim.control.clearRequests();
  runtime = shiftableRuntime();
});

function codeAuth(tokenStore: TokenStore, overrides: Partial<AuthorizationCodeAuthOptions> = {}) {
  return createAuthorizationCodeAuth({
    authorizeUrl: sim.urls.authorize,
    tokenUrl: sim.urls.token,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: 'read:site read:carbon-emission offline_access',
    transport,
    runtime,
    tokenStore,
    ...overrides,
  });
}

async function authorize(auth: AuthorizationCodeAuth): Promise<void> {
  const request = auth.createAuthorizationRequest();
  const callback = readAuthorizationResponse(await decideConsent(request.url));
  await auth.exchangeCode({
    code: callback.code,
    state: callback.state,
    expectedState: request.state,
    codeVerifier: request.codeVerifier ?? '',
  });
}

function sitesWith(auth: AuthStrategy) {
  const client = createHttpClient({
    baseUrl: sim.urls.carbonApi,
    auth,
    transport,
    runtime,
    retry: { maxAttempts: 1 },
  });
  return client.request<unknown[]>({ path: '/sites' });
}

const outgoing = (): OutgoingRequest => ({
  method: 'GET',
  url: new URL(`${sim.urls.carbonApi}/sites`),
  headers: {},
});

const grantsSent = () =>
  sim.control
    .requests({ pathPrefix: '/ecostruxure/v1/oauth/token' })
    .map((entry) => (entry.body as Record<string, string>).grant_type);

const activeConsents = () => sim.control.consents().filter((consent) => consent.revokedAt === null);

describe('authorization code with a token store', () => {
  it('a restart (new strategy, same store) keeps working without a new authorization', async () => {
    const store = recordingTokenStore();
    const first = codeAuth(store);
    await authorize(first);
    expect(await store.peek()).toEqual(first.currentTokens());
    await expect(sitesWith(first)).resolves.toMatchObject({ status: 200 });

    const restarted = codeAuth(store);
    expect(restarted.currentTokens()).toBeUndefined();
    await expect(sitesWith(restarted)).resolves.toMatchObject({ status: 200 });
    expect(restarted.currentTokens()).toEqual(first.currentTokens());
    // Expired by the client's clock: refreshed with the saved refresh token, and the new set saved.
    runtime.advance(HOUR);
    await expect(sitesWith(restarted)).resolves.toMatchObject({ status: 200 });
    expect(grantsSent()).toEqual(['authorization_code', 'refresh_token']);
    expect(await store.peek()).toEqual(restarted.currentTokens());
    expect(restarted.currentTokens()?.refreshToken).not.toBe(first.currentTokens()?.refreshToken);
  });

  it('a rotated refresh token is saved before the refresh returns: the next process uses it, and the grant lives', async () => {
    // A slow disk: a save that was not awaited would still be running when the first process dies.
    const store = recordingTokenStore({ delayMs: 40 });
    const first = codeAuth(store);
    await authorize(first);
    const original = first.currentTokens();
    const rotated = await first.refresh();
    expect(rotated.refreshToken).not.toBe(original?.refreshToken);
    // The first process is killed here: only what the store holds survives.
    const saved = await store.peek();
    expect(saved?.refreshToken).toBe(rotated.refreshToken);

    const second = codeAuth(store);
    runtime.advance(HOUR);
    const consents = activeConsents().length;
    await expect(sitesWith(second)).resolves.toMatchObject({ status: 200 });
    // Presenting the retired token would have revoked the consent (refresh token reuse detection).
    expect(activeConsents()).toHaveLength(consents);
    expect(grantsSent()).toEqual(['authorization_code', 'refresh_token', 'refresh_token']);
    expect((await store.peek())?.refreshToken).toBe(second.currentTokens()?.refreshToken);
  });

  it('the new access token is handed out only after its set is saved', async () => {
    const store = recordingTokenStore({ delayMs: 30 });
    const auth = codeAuth(store);
    await authorize(auth);
    runtime.advance(HOUR);
    const request = outgoing();
    await auth.apply(request);
    expect(store.saved.at(-1)?.accessToken).toBe(auth.credentialOf(request));
  });

  it('loads once for many concurrent first requests, and concurrent refreshes save once', async () => {
    const seed = recordingTokenStore();
    await authorize(codeAuth(seed));
    const store = recordingTokenStore({ initial: await seed.peek(), delayMs: 20 });
    const auth = codeAuth(store);
    runtime.advance(HOUR);
    const before = tokenRequestCount(sim);
    await Promise.all(Array.from({ length: 50 }, () => auth.apply(outgoing())));
    expect(store.loads).toBe(1);
    expect(tokenRequestCount(sim) - before).toBe(1);
    expect(store.saved).toHaveLength(1);
    expect(store.saved[0]).toEqual(auth.currentTokens());
  });

  it('saves one at a time, in the order they were made', async () => {
    // The first save is the slowest: a store written concurrently would finish them out of order.
    const store = recordingTokenStore({ delayMs: (index) => [60, 30, 1][index] ?? 1 });
    const auth = codeAuth(store);
    const a: TokenSet = { accessToken: 'access-a', tokenType: 'Bearer', refreshToken: 'refresh-a' };
    const b: TokenSet = { accessToken: 'access-b', tokenType: 'Bearer', refreshToken: 'refresh-b' };
    await Promise.all([auth.setTokens(a), auth.setTokens(b), auth.setTokens(undefined)]);
    expect(store.saved).toEqual([a, b, undefined]);
    expect(store.maxConcurrentSaves).toBe(1);
    expect(await store.peek()).toBeUndefined();
  });

  it('a revoked grant clears the store, so a restart does not present the dead refresh token', async () => {
    const store = recordingTokenStore();
    const auth = codeAuth(store);
    await authorize(auth);
    await sitesWith(auth);
    const consent = activeConsents().at(-1);
    if (consent === undefined) throw new Error('no consent');
    sim.control.revokeConsent(consent.id, 'customer revoked access');
    sim.control.expireAllTokens();
    await expect(sitesWith(auth)).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(await store.peek()).toBeUndefined();

    const restarted = codeAuth(store);
    const before = tokenRequestCount(sim);
    await expect(sitesWith(restarted)).rejects.toThrow(/not authorized yet/);
    expect(tokenRequestCount(sim)).toBe(before);
  });

  it('a store that cannot be read fails every call with the reason until the customer authorizes again', async () => {
    const broken: TokenStore = {
      load: () => Promise.reject(new Error('EIO: i/o error, read')),
      save: () => Promise.resolve(),
    };
    const auth = codeAuth(broken);
    const before = sim.control.requests().length;
    const error = await auth.apply(outgoing()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenStoreError);
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect((error as TokenStoreError).reason).toBe('unreadable');
    expect((error as TokenStoreError).message).toMatch(/could not be loaded/);
    expect((error as TokenStoreError).description).toMatch(/authorize again/i);
    await expect(auth.refresh()).rejects.toBe(error);
    expect(sim.control.requests().length).toBe(before);

    await authorize(auth);
    await expect(sitesWith(auth)).resolves.toMatchObject({ status: 200 });
  });

  it('a set saved in the store wins over the `tokens` option (which was configured before it)', async () => {
    const store = recordingTokenStore();
    await authorize(codeAuth(store));
    const saved = await store.peek();
    const auth = codeAuth(store, { tokens: { accessToken: 'configured-long-ago', tokenType: 'Bearer' } });
    const request = outgoing();
    await auth.apply(request);
    expect(auth.credentialOf(request)).toBe(saved?.accessToken);
  });

  it('a failed save is an AuthenticationError that says what to do, without the token it was saving', async () => {
    const store = recordingTokenStore();
    const auth = codeAuth(store);
    await authorize(auth);
    store.failSaves = true;
    const error = await auth.refresh().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/saving them failed.*fix the storage/);
    const rotated = auth.currentTokens()?.refreshToken ?? '';
    expect(rotated).not.toBe('');
    expect(JSON.stringify(error)).not.toContain(rotated);
    expect(String((error as Error).cause)).not.toContain(rotated);
    // Kept in memory: this process goes on with the rotated token.
    store.failSaves = false;
    await expect(sitesWith(auth)).resolves.toMatchObject({ status: 200 });
  });

  it('tokens and onTokens still work beside a store', async () => {
    const reported: TokenSet[] = [];
    const store = createMemoryTokenStore();
    const auth = codeAuth(store, { onTokens: (tokens) => void reported.push(tokens) });
    await authorize(auth);
    await auth.refresh();
    expect(reported).toHaveLength(2);
    expect(await store.load()).toEqual(reported[1]);
  });
});

describe('client credentials with a token store', () => {
  const ccAuth = (tokenStore: TokenStore, logger = capturingLogger()) =>
    createClientCredentialsAuth({
      tokenUrl: sim.urls.token,
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
      transport,
      runtime,
      tokenStore,
      logger,
    });

  it('a restart reuses the saved token while it lasts, then replaces and saves it', async () => {
    const store = recordingTokenStore();
    const first = ccAuth(store);
    await expect(sitesWith(first)).resolves.toMatchObject({ status: 200 });
    expect(store.saved).toHaveLength(1);

    const restarted = ccAuth(store);
    const request = outgoing();
    await restarted.apply(request);
    expect(restarted.credentialOf(request)).toBe(store.saved[0]?.accessToken);
    expect(grantsSent()).toEqual(['client_credentials']);

    runtime.advance(HOUR);
    await expect(sitesWith(restarted)).resolves.toMatchObject({ status: 200 });
    expect(grantsSent()).toEqual(['client_credentials', 'client_credentials']);
    expect(store.saved).toHaveLength(2);
    expect(store.saved[1]?.accessToken).not.toBe(store.saved[0]?.accessToken);
  });

  it('an unusable saved token is logged and replaced by a new one (no user needed to get it)', async () => {
    const saves: Array<TokenSet | undefined> = [];
    const broken: TokenStore = {
      load: () =>
        Promise.reject(
          new TokenStoreError({ reason: 'damaged', message: 'The saved tokens in /x are damaged.' }),
        ),
      save: async (tokens) => void saves.push(tokens),
    };
    const logger = capturingLogger();
    await expect(sitesWith(ccAuth(broken, logger))).resolves.toMatchObject({ status: 200 });
    expect(saves).toHaveLength(1);
    expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
      expect.stringMatching(/saved token could not be used.*damaged.*getting a new one/),
    ]);
  });
});
