/**
 * Secrets canary. The simulator is configured with recognisable fake secrets (every one starts with
 * `CANARY-`), every token it issues is learnt on the way back, and then every auth strategy is driven
 * through its success path, its refusals, its grant failures and every injected fault. No collected error
 * (message, stack, cause, JSON, util.inspect) and no log line may show a secret in any form: raw, URL- or
 * form-encoded, or as a Base64 `clientId:secret` pair. Where a real server could echo a secret back, an
 * answer is rewritten to do so, which proves redaction rather than mere absence. Every scenario also
 * asserts the typed error it expects, so the canary cannot pass by checking nothing.
 */
import { startSimulator, type FaultRule, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { syncDocSection } from '@ecostruxure-connector/simulator/harness';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  GraphQLResponseError,
  InvalidResponseError,
  NetworkError,
  PermissionError,
  RateLimitError,
  ReauthorizationRequiredError,
  TimeoutError,
  ValidationError,
  type AuthStrategy,
  type EcoStruxureError,
  type ErrorCode,
  type Runtime,
  type TransportRequest,
  type TransportResponse,
} from '../src/index.js';
import {
  createApiKeyAuth,
  createAuthorizationCodeAuth,
  createCarbonClient,
  createClientCredentialsAuth,
  createEnergyHubClient,
  createHttpClient,
  createPersonalAccessTokenAuth,
  readAuthorizationResponse,
  type ApiKeyPlacement,
  type AuthorizationCodeAuth,
  type RetryOptions,
} from '../src/advanced.js';
import type { ClientAuthentication } from '../src/auth/token-request.js';
import { errorFromGraphQL, type RawGraphQLError } from '../src/energy-hub-api/graphql.js';
import { createAxiosTransport, type AxiosTransport } from '../src/node/index.js';
import {
  CanaryList,
  capturingLogger,
  leaksInError,
  leaksInLogLine,
  tapTransport,
  type Rewrite,
  type TappedTransport,
} from './support/canary.js';
import { createFakeRuntime } from './support/fake-runtime.js';
import { decideConsent } from './support/simulator-oauth.js';

/** Client IDs are not secret (they travel in authorization URLs), so they carry no canary marker. */
const ID = {
  isv: 'canary-isv-app',
  partner: 'canary-partner',
  viewer: 'canary-viewer',
  restricted: 'canary-restricted',
  noAccess: 'canary-no-access',
} as const;

const SECRET = {
  isv: 'CANARY-isv-secret-7f3a9c',
  // Characters that URL, form and Base64 encoding all change, so the encoded forms differ from the raw one.
  partner: 'CANARY-partner-secret-4b1e8d/+=&?',
  viewer: 'CANARY-viewer-secret-2c9d1a',
  restricted: 'CANARY-restricted-secret-8e7f6a',
  noAccess: 'CANARY-no-access-secret-3a4b5c',
  pat: 'CANARY-pat-5e6f7a8b',
  patSitesOnly: 'CANARY-pat-sites-only-1d2e3f',
  apiKey: 'CANARY-apikey-9d8c7b6a/+x',
  apiKeySitesOnly: 'CANARY-apikey-sites-only-4f5e6d',
  wrongSecret: 'CANARY-wrong-secret-0f9e8d',
  wrongPat: 'CANARY-wrong-pat-6c5b4a',
  wrongApiKey: 'CANARY-wrong-apikey-2b3c4d/+y',
  // A value that only ever travels as a stray query parameter, never registered by any strategy.
  strayApiKey: 'CANARY-stray-apikey-7a8b9c',
} as const;

const CARBON_SCOPES = ['read:site', 'read:carbon-emission'];
const REDIRECT_URI = 'http://127.0.0.1/callback';
const SITES_ROUTE = 'GET /ecostruxure/carbon-emission/v1/sites*';
const FAST_RETRY: RetryOptions = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, budgetMs: 5_000 };
/** Long enough for any real answer from a local simulator, short enough that `hang` faults end quickly. */
const HANG_TIMEOUT_MS = 250;

const canaries = new CanaryList();
const logs = capturingLogger();
const checked: Array<{ scenario: string; error: unknown }> = [];
const succeeded: string[] = [];
/** Tokens the servers issued, learnt from the token endpoints' answers. */
const issued = new Set<string>();

let sim: SimulatorHandle;
let axios: AxiosTransport;
let transport: TappedTransport;

function learnIssuedTokens(request: TransportRequest, response: TransportResponse): void {
  if (!new URL(request.url).pathname.endsWith('/oauth/token') || response.status !== 200) return;
  let data: unknown;
  try {
    data = JSON.parse(response.body);
  } catch {
    return;
  }
  if (typeof data !== 'object' || data === null) return;
  const record = data as Record<string, unknown>;
  for (const field of ['access_token', 'refresh_token'] as const) {
    const value = record[field];
    if (typeof value === 'string') {
      issued.add(value);
      canaries.add(`issued ${field}`, value);
    }
  }
}

beforeAll(async () => {
  for (const [name, value] of Object.entries(SECRET)) canaries.add(name, value);
  canaries.addClientSecret('isv secret', ID.isv, SECRET.isv);
  canaries.addClientSecret('partner secret', ID.partner, SECRET.partner);
  canaries.addClientSecret('viewer secret', ID.viewer, SECRET.viewer);
  canaries.addClientSecret('restricted secret', ID.restricted, SECRET.restricted);
  canaries.addClientSecret('no-access secret', ID.noAccess, SECRET.noAccess);
  for (const id of Object.values(ID)) canaries.addClientSecret('wrong secret', id, SECRET.wrongSecret);

  sim = await startSimulator({
    port: 0,
    sites: 3,
    // Every credential kind carries secrets, so the Carbon API accepts them all here.
    carbonCredentials: 'all',
    // Short-lived tokens, so the early-replacement path runs within a test.
    accessTokenTtlSeconds: 120,
    clients: [
      {
        clientId: ID.isv,
        clientSecret: SECRET.isv,
        name: 'Canary Dashboard',
        redirectUris: [REDIRECT_URI],
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: [...CARBON_SCOPES, 'offline_access'],
      },
      {
        clientId: ID.partner,
        clientSecret: SECRET.partner,
        name: 'Canary Partner',
        redirectUris: [],
        grantTypes: ['client_credentials'],
        scopes: CARBON_SCOPES,
      },
    ],
    accessClients: [
      {
        clientId: ID.viewer,
        clientSecret: SECRET.viewer,
        name: 'Viewer',
        role: 'viewer',
        permissions: 'all',
      },
      {
        clientId: ID.restricted,
        clientSecret: SECRET.restricted,
        name: 'Restricted',
        role: 'viewer',
        permissions: ['region-1'],
      },
      {
        clientId: ID.noAccess,
        clientSecret: SECRET.noAccess,
        name: 'No access',
        role: 'no-access',
        permissions: 'all',
      },
    ],
    personalAccessTokens: [
      { value: SECRET.pat, scopes: CARBON_SCOPES },
      { value: SECRET.patSitesOnly, scopes: ['read:site'] },
    ],
    apiKeys: [
      { value: SECRET.apiKey, scopes: CARBON_SCOPES },
      { value: SECRET.apiKeySitesOnly, scopes: ['read:site'] },
    ],
  });
  axios = createAxiosTransport({ keepAlive: false });
  transport = tapTransport(axios, learnIssuedTokens);
});

afterEach(() => {
  sim.control.clearFaults();
  transport.rewrite = undefined;
});

afterAll(async () => {
  axios.close();
  await sim.close();
});

// ---------------------------------------------------------------------------------------------------
// Scenario helpers

type ErrorClass<E> = new (...args: never[]) => E;

/** Runs a scenario that must fail with `type` and `code`, and checks the error for every canary. */
async function expectFailure<E extends EcoStruxureError>(
  scenario: string,
  run: () => Promise<unknown>,
  type: ErrorClass<E>,
  code: ErrorCode,
): Promise<E> {
  let thrown: unknown;
  let threw = false;
  try {
    await run();
  } catch (error) {
    thrown = error;
    threw = true;
  }
  expect(threw, `${scenario}: expected ${type.name}, but it succeeded`).toBe(true);
  checked.push({ scenario, error: thrown });
  expect(leaksInError(thrown, canaries), scenario).toEqual([]);
  expect(thrown, `${scenario}: got ${String(thrown)}`).toBeInstanceOf(type);
  expect((thrown as E).code, scenario).toBe(code);
  return thrown as E;
}

async function expectSuccess<T>(scenario: string, run: () => Promise<T>): Promise<T> {
  const result = await run();
  succeeded.push(scenario);
  return result;
}

function carbon(auth: AuthStrategy, options: { runtime?: Runtime; timeoutMs?: number } = {}) {
  const http = createHttpClient({
    baseUrl: sim.urls.carbonApi,
    auth,
    transport,
    runtime: options.runtime ?? createFakeRuntime(),
    logger: logs,
    retry: FAST_RETRY,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return { http, api: createCarbonClient(http) };
}

const pat = (token: string = SECRET.pat) => createPersonalAccessTokenAuth({ token });

const apiKey = (placement: ApiKeyPlacement, key: string = SECRET.apiKey) =>
  createApiKeyAuth({ apiKey: key, placement });

function partner(
  clientAuthentication: ClientAuthentication,
  options: { secret?: string; scopes?: string; runtime?: Runtime; tokenTimeoutMs?: number } = {},
) {
  return createClientCredentialsAuth({
    tokenUrl: sim.urls.token,
    clientId: ID.partner,
    clientSecret: options.secret ?? SECRET.partner,
    clientAuthentication,
    transport,
    runtime: options.runtime ?? createFakeRuntime(),
    logger: logs,
    ...(options.scopes === undefined ? {} : { scopes: options.scopes }),
    ...(options.tokenTimeoutMs === undefined ? {} : { tokenTimeoutMs: options.tokenTimeoutMs }),
  });
}

type AccessClientName = 'viewer' | 'restricted' | 'noAccess';

function energyHub(
  name: AccessClientName,
  options: { secret?: string; timeoutMs?: number; clientAuthentication?: ClientAuthentication } = {},
) {
  const runtime = createFakeRuntime();
  const auth = createClientCredentialsAuth({
    tokenUrl: sim.urls.energyHubToken,
    clientId: ID[name],
    clientSecret: options.secret ?? SECRET[name],
    clientAuthentication: options.clientAuthentication ?? 'client_secret_basic',
    transport,
    runtime,
    logger: logs,
  });
  const http = createHttpClient({
    baseUrl: `${sim.url}/energy-hub/v1/graphql`,
    auth,
    transport,
    runtime,
    logger: logs,
    retry: FAST_RETRY,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return { auth, http, hub: createEnergyHubClient(http) };
}

interface IsvOptions {
  secret?: string;
  scopes?: string;
  runtime?: Runtime;
  tokenTimeoutMs?: number;
  onTokens?: Parameters<typeof createAuthorizationCodeAuth>[0]['onTokens'];
}

function isvAuth(options: IsvOptions = {}): AuthorizationCodeAuth {
  return createAuthorizationCodeAuth({
    authorizeUrl: sim.urls.authorize,
    tokenUrl: sim.urls.token,
    clientId: ID.isv,
    clientSecret: options.secret ?? SECRET.isv,
    redirectUri: REDIRECT_URI,
    scopes: options.scopes ?? 'read:site read:carbon-emission offline_access',
    transport,
    runtime: options.runtime ?? createFakeRuntime(),
    logger: logs,
    ...(options.tokenTimeoutMs === undefined ? {} : { tokenTimeoutMs: options.tokenTimeoutMs }),
    onTokens:
      options.onTokens ??
      ((tokens) => {
        canaries.add('onTokens access token', tokens.accessToken);
        canaries.add('onTokens refresh token', tokens.refreshToken);
      }),
  });
}

/** Plays the consent (approve) and returns the code and verifier to exchange, both registered as canaries. */
async function authorize(auth: AuthorizationCodeAuth) {
  const request = auth.createAuthorizationRequest();
  const callback = readAuthorizationResponse(await decideConsent(request.url));
  canaries.add('authorization code', callback.code);
  canaries.add('PKCE code verifier', request.codeVerifier);
  expect(request.codeVerifier, 'PKCE is on').toBeDefined();
  return { request, callback };
}

/** A connected authorization-code strategy (consent approved, code exchanged with state and PKCE). */
async function connectIsv(options: IsvOptions = {}): Promise<AuthorizationCodeAuth> {
  const auth = isvAuth(options);
  const { request, callback } = await authorize(auth);
  await auth.exchangeCode({
    code: callback.code,
    state: callback.state,
    expectedState: request.state,
    ...(request.codeVerifier === undefined ? {} : { codeVerifier: request.codeVerifier }),
  });
  return auth;
}

function latestIsvConsentId(): string {
  const consent = sim.control
    .consents()
    .filter((record) => record.clientId === ID.isv && record.revokedAt === null)
    .at(-1);
  if (consent === undefined) throw new Error('no active consent');
  return consent.id;
}

/** Keeps the real answer's headers (request ID, date) and replaces its status and body. */
function rewritten(
  response: TransportResponse,
  status: number,
  body: string,
  contentType = 'application/problem+json',
): TransportResponse {
  return { status, headers: { ...response.headers, 'content-type': contentType }, body };
}

/** Rewrites the answers to requests whose path ends with `pathEnd`. */
function echoOn(
  pathEnd: string,
  make: (request: TransportRequest, response: TransportResponse) => TransportResponse,
): Rewrite {
  return (request, response) =>
    new URL(request.url).pathname.endsWith(pathEnd) ? make(request, response) : undefined;
}

function bearerOfRequest(request: TransportRequest): string {
  const value = request.headers.authorization ?? '';
  return value.replace(/^Bearer\s+/i, '');
}

// ---------------------------------------------------------------------------------------------------
// Personal access token

describe('personal access token', () => {
  it('succeeds, then refusals, scope, 404 and 400 errors carry no secret', async () => {
    await expectSuccess('PAT: list sites', () => carbon(pat()).api.listSites());
    await expectFailure(
      'PAT: wrong token (401)',
      () => carbon(pat(SECRET.wrongPat)).api.listSites(),
      AuthenticationError,
      'AUTHENTICATION_FAILED',
    );
    const denied = await expectFailure(
      'PAT: missing scope (403)',
      () => carbon(pat(SECRET.patSitesOnly)).api.getEmissions('site-0001'),
      PermissionError,
      'PERMISSION_DENIED',
    );
    expect(denied.requiredScope).toBe('read:carbon-emission');
    const missing = await expectFailure(
      'PAT: unknown site (404)',
      () => carbon(pat()).api.getSite('site-9999'),
      ApiError,
      'API_ERROR',
    );
    expect(missing.status).toBe(404);
    // A stray, unregistered API key in the query must not reach the request description either.
    const invalid = await expectFailure(
      'PAT: bad parameters (400) with a stray apikey in the URL',
      () =>
        carbon(pat()).http.request({
          path: '/sites/site-0001/carbon-emissions',
          query: { granularity: 'PT7M', pageSize: 0, apikey: SECRET.strayApiKey },
        }),
      ApiError,
      'VALIDATION_FAILED',
    );
    expect(invalid.status).toBe(400);
    expect(invalid.problem.invalidParams?.map((param) => param.name).sort()).toEqual([
      'granularity',
      'pageSize',
    ]);
    const stray = await expectFailure(
      'PAT: unknown site (404) with a stray apikey in the URL',
      () => carbon(pat()).http.request({ path: '/sites/site-0404', query: { apikey: SECRET.strayApiKey } }),
      ApiError,
      'API_ERROR',
    );
    expect(stray.request).toBe('GET /ecostruxure/carbon-emission/v1/sites/site-0404');
  });
});

// ---------------------------------------------------------------------------------------------------
// API keys

describe.each<ApiKeyPlacement>(['query', 'header'])('API key in the %s', (placement) => {
  it('succeeds, then refusals, POST, scope, 404 and 400 errors carry no secret', async () => {
    await expectSuccess(`API key (${placement}): list sites`, () =>
      carbon(apiKey(placement)).api.listSites(),
    );
    const refused = await expectFailure(
      `API key (${placement}): wrong key (401)`,
      () => carbon(apiKey(placement, SECRET.wrongApiKey)).api.listSites(),
      AuthenticationError,
      'AUTHENTICATION_FAILED',
    );
    expect(refused.status).toBe(401);
    // Keys go out on every method (seed 001 only says GET works in a browser); the simulator has no
    // POST /sites, so the answer is a 405 that must not show the key either.
    await expectFailure(
      `API key (${placement}): POST sent with the key (405)`,
      () => carbon(apiKey(placement)).http.request({ method: 'POST', path: '/sites', json: {} }),
      ApiError,
      'API_ERROR',
    );
    await expectFailure(
      `API key (${placement}): missing scope (403)`,
      () => carbon(apiKey(placement, SECRET.apiKeySitesOnly)).api.getGlobalRates({ countryIsoCode: 'FR' }),
      PermissionError,
      'PERMISSION_DENIED',
    );
    await expectFailure(
      `API key (${placement}): unknown site (404)`,
      () => carbon(apiKey(placement)).api.getSite('site-9999'),
      ApiError,
      'API_ERROR',
    );
    await expectFailure(
      `API key (${placement}): bad parameters (400)`,
      () =>
        carbon(apiKey(placement)).http.request({
          path: '/sites/site-0001/carbon-emissions',
          query: { method: 'guesswork' },
        }),
      ApiError,
      'VALIDATION_FAILED',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Client credentials (partner)

describe.each<ClientAuthentication>(['client_secret_basic', 'client_secret_post'])(
  'client credentials (%s)',
  (clientAuthentication) => {
    it('succeeds, renews expired tokens, and its refusals carry no secret', async () => {
      const runtime = createFakeRuntime();
      const auth = partner(clientAuthentication, { runtime });
      const { api } = carbon(auth, { runtime });
      await expectSuccess(`client credentials (${clientAuthentication}): list sites`, () => api.listSites());
      sim.control.expireAllTokens();
      await expectSuccess(`client credentials (${clientAuthentication}): replay after expired token`, () =>
        api.listSites(),
      );
      // Past the early-replacement point of the 120 s token: a new one is fetched before the request.
      runtime.advance(100_000);
      await expectSuccess(`client credentials (${clientAuthentication}): early replacement`, () =>
        api.getSite('site-0001'),
      );

      const refused = await expectFailure(
        `client credentials (${clientAuthentication}): wrong secret (invalid_client)`,
        () => carbon(partner(clientAuthentication, { secret: SECRET.wrongSecret })).api.listSites(),
        AuthenticationError,
        'AUTHENTICATION_FAILED',
      );
      expect(refused.status).toBe(401);
      expect(refused.message).toContain('invalid_client');
      await expectFailure(
        `client credentials (${clientAuthentication}): missing scope (403)`,
        () => carbon(partner(clientAuthentication, { scopes: 'read:site' })).api.getGlobalRates(),
        PermissionError,
        'PERMISSION_DENIED',
      );
      await expectFailure(
        `client credentials (${clientAuthentication}): unknown site (404)`,
        () => api.getSite('site-9999'),
        ApiError,
        'API_ERROR',
      );
      await expectFailure(
        `client credentials (${clientAuthentication}): bad parameters (400)`,
        () =>
          carbon(auth, { runtime }).http.request({
            path: '/sites/site-0001/carbon-emissions',
            query: { from: 'yesterday', to: 'today' },
          }),
        ApiError,
        'VALIDATION_FAILED',
      );
    });
  },
);

// ---------------------------------------------------------------------------------------------------
// Authorization code with PKCE

describe('authorization code with PKCE', () => {
  it('connects, refreshes and calls the API', async () => {
    const runtime = createFakeRuntime();
    const auth = await connectIsv({ runtime });
    const { api } = carbon(auth, { runtime });
    await expectSuccess('authorization code: list sites', () => api.listSites());
    sim.control.expireAllTokens();
    await expectSuccess('authorization code: refresh after expired token', () => api.listSites());
    // The server keeps the refresh token and sends none: the client keeps the one it has.
    sim.control.omitRefreshTokenOnNextRefreshes(1);
    const kept = auth.currentTokens()?.refreshToken;
    await expectSuccess('authorization code: refresh answered without refresh_token', () => auth.refresh());
    expect(auth.currentTokens()?.refreshToken).toBe(kept);
    await expectSuccess('authorization code: calls after that refresh', () => api.getSite('site-0002'));
    expect(issued.size).toBeGreaterThan(0);
  });

  it('wrong secret, state mismatch, scope, 404 and 400 carry no secret', async () => {
    const wrong = isvAuth({ secret: SECRET.wrongSecret });
    const { request, callback } = await authorize(wrong);
    await expectFailure(
      'authorization code: wrong secret on exchange (invalid_client)',
      () =>
        wrong.exchangeCode({
          code: callback.code,
          state: callback.state,
          expectedState: request.state,
          ...(request.codeVerifier === undefined ? {} : { codeVerifier: request.codeVerifier }),
        }),
      AuthenticationError,
      'AUTHENTICATION_FAILED',
    );

    const mismatch = isvAuth();
    const second = await authorize(mismatch);
    const stateError = await expectFailure(
      'authorization code: state mismatch',
      () =>
        mismatch.exchangeCode({
          code: second.callback.code,
          state: `${second.callback.state ?? ''}-forged`,
          expectedState: second.request.state,
          ...(second.request.codeVerifier === undefined ? {} : { codeVerifier: second.request.codeVerifier }),
        }),
      ValidationError,
      'VALIDATION_FAILED',
    );
    expect(stateError.field).toBe('state');

    const runtime = createFakeRuntime();
    const sitesOnly = await connectIsv({ runtime, scopes: 'read:site offline_access' });
    await expectFailure(
      'authorization code: missing scope (403)',
      () => carbon(sitesOnly, { runtime }).api.getEmissions('site-0001'),
      PermissionError,
      'PERMISSION_DENIED',
    );
    await expectFailure(
      'authorization code: unknown site (404)',
      () => carbon(sitesOnly, { runtime }).api.getSite('site-9999'),
      ApiError,
      'API_ERROR',
    );
    const full = await connectIsv({ runtime });
    await expectFailure(
      'authorization code: bad parameters (400)',
      () => carbon(full, { runtime }).http.request({ path: '/global-rates', query: { year: 'last' } }),
      ApiError,
      'VALIDATION_FAILED',
    );
  });

  it('lost grants (revoked, no refresh token, reused refresh token, failed storage) carry no secret', async () => {
    const runtime = createFakeRuntime();
    const auth = await connectIsv({ runtime });
    const { api } = carbon(auth, { runtime });
    await api.listSites();
    sim.control.revokeConsent(latestIsvConsentId(), 'canary test');
    await expectFailure(
      'authorization code: consent revoked mid-session',
      () => api.listSites(),
      ReauthorizationRequiredError,
      'REAUTHORIZATION_REQUIRED',
    );
    await expectFailure(
      'authorization code: every later call fails fast',
      () => api.getSite('site-0001'),
      ReauthorizationRequiredError,
      'REAUTHORIZATION_REQUIRED',
    );

    // Restored from storage without a refresh token, then the access token expires.
    const connected = await connectIsv();
    const accessOnly = isvAuth({ runtime });
    accessOnly.setTokens({ accessToken: connected.currentTokens()?.accessToken ?? '', tokenType: 'Bearer' });
    sim.control.expireAllTokens();
    await expectFailure(
      'authorization code: expired token and no refresh token',
      () => carbon(accessOnly, { runtime }).api.listSites(),
      ReauthorizationRequiredError,
      'REAUTHORIZATION_REQUIRED',
    );

    // A refresh rotates the refresh token; presenting the retired one again revokes the grant.
    const rotating = await connectIsv();
    const retired = rotating.currentTokens();
    await rotating.refresh();
    const replaying = isvAuth();
    replaying.setTokens({
      accessToken: retired?.accessToken ?? '',
      tokenType: 'Bearer',
      ...(retired?.refreshToken === undefined ? {} : { refreshToken: retired.refreshToken }),
    });
    await expectFailure(
      'authorization code: reused rotated refresh token',
      () => replaying.refresh(),
      ReauthorizationRequiredError,
      'REAUTHORIZATION_REQUIRED',
    );

    // Storage that fails with the tokens in its message (as a naive serializer would).
    const failing = isvAuth({
      onTokens: (tokens) => {
        throw new Error(`could not write ${JSON.stringify(tokens)} (refresh ${tokens.refreshToken ?? ''})`);
      },
    });
    const grant = await authorize(failing);
    const saveError = await expectFailure(
      'authorization code: token storage failure echoing the tokens',
      () =>
        failing.exchangeCode({
          code: grant.callback.code,
          state: grant.callback.state,
          expectedState: grant.request.state,
          ...(grant.request.codeVerifier === undefined ? {} : { codeVerifier: grant.request.codeVerifier }),
        }),
      AuthenticationError,
      'AUTHENTICATION_FAILED',
    );
    expect(saveError.cause).toBeInstanceOf(Error);
    expect(String(saveError.cause)).toContain('[REDACTED]');
  });
});

// ---------------------------------------------------------------------------------------------------
// Energy Hub access clients

describe('Energy Hub access clients', () => {
  it('succeed, and refusals, FORBIDDEN and GraphQL errors carry no secret', async () => {
    const viewer = energyHub('viewer');
    await expectSuccess('Energy Hub viewer: organization', () => viewer.hub.getOrganization());
    sim.control.expireAllTokens();
    await expectSuccess('Energy Hub viewer: replay after expired token', () => viewer.hub.getThing('site-1'));
    await expectSuccess('Energy Hub restricted (body auth): organization', () =>
      energyHub('restricted', { clientAuthentication: 'client_secret_post' }).hub.getOrganization(),
    );

    await expectFailure(
      'Energy Hub: wrong secret (invalid_client)',
      () => energyHub('viewer', { secret: SECRET.wrongSecret }).hub.getOrganization(),
      AuthenticationError,
      'AUTHENTICATION_FAILED',
    );
    await expectFailure(
      'Energy Hub: no-access client (FORBIDDEN)',
      () => energyHub('noAccess').hub.getOrganization(),
      PermissionError,
      'PERMISSION_DENIED',
    );
    await expectFailure(
      'Energy Hub: syntax error caught before sending',
      () => viewer.hub.query('{ organization { id '),
      ValidationError,
      'VALIDATION_FAILED',
    );
    await expectFailure(
      'Energy Hub: schema validation error from the server',
      () => viewer.hub.query('{ organization { id secretField } }'),
      GraphQLResponseError,
      'GRAPHQL_ERROR',
    );
    // The server's own syntax error, mapped exactly as the client maps GraphQL errors.
    const raw = await viewer.http.request<{ errors?: RawGraphQLError[] }>({
      method: 'POST',
      path: '',
      json: { query: '{ organization { id ' },
      idempotent: true,
    });
    const parseError = await expectFailure(
      'Energy Hub: syntax error from the server',
      async () => {
        throw errorFromGraphQL(
          raw.data.errors ?? [],
          null,
          { request: 'POST /energy-hub/v1/graphql', redact: (text) => viewer.http.secrets.redact(text) },
          'the query',
        );
      },
      GraphQLResponseError,
      'GRAPHQL_ERROR',
    );
    expect(parseError.errors[0]?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

// ---------------------------------------------------------------------------------------------------
// Faults, each hitting requests that carry credentials

interface FaultKindUnderTest {
  name: string;
  rule: FaultRule;
}

const FAULTS: FaultKindUnderTest[] = [
  ...[500, 502, 503, 504].map((status) => ({
    name: `status ${status}`,
    rule: { kind: 'status' as const, status },
  })),
  { name: 'rate limit (seconds)', rule: { kind: 'rate-limit', retryAfterSeconds: 120 } },
  {
    name: 'rate limit (HTTP date)',
    rule: { kind: 'rate-limit', retryAfterSeconds: 120, retryAfterFormat: 'http-date' },
  },
  { name: 'hang', rule: { kind: 'hang' } },
  { name: 'reset', rule: { kind: 'reset' } },
  { name: 'malformed JSON', rule: { kind: 'malformed-json' } },
  { name: 'HTML error page', rule: { kind: 'html-error' } },
];

interface Expected {
  type: ErrorClass<EcoStruxureError>;
  code: ErrorCode;
}

function expectedFor(fault: FaultKindUnderTest, tokenEndpoint: boolean): Expected {
  const kind = fault.rule.kind;
  if (kind === 'status') return { type: ApiError, code: 'API_ERROR' };
  if (kind === 'rate-limit') return { type: RateLimitError, code: 'RATE_LIMITED' };
  if (kind === 'hang') return { type: TimeoutError, code: 'TIMEOUT' };
  if (kind === 'reset') return { type: NetworkError, code: 'NETWORK_ERROR' };
  if (kind === 'malformed-json') return { type: InvalidResponseError, code: 'INVALID_RESPONSE' };
  // A token endpoint reports a 5xx HTML page as the server error it is; the API client as a non-JSON answer.
  return tokenEndpoint
    ? { type: ApiError, code: 'API_ERROR' }
    : { type: InvalidResponseError, code: 'INVALID_RESPONSE' };
}

interface FaultTarget {
  name: string;
  route: string;
  tokenEndpoint: boolean;
  /** Sets up (connects, fetches a first token) and returns the call the fault will hit. */
  prepare(timeoutMs: number | undefined): Promise<() => Promise<unknown>>;
}

const TARGETS: FaultTarget[] = [
  {
    name: 'PAT on the Carbon API',
    route: SITES_ROUTE,
    tokenEndpoint: false,
    prepare: async (timeoutMs) => {
      const { api } = carbon(pat(), timeoutMs === undefined ? {} : { timeoutMs });
      return () => api.listSites();
    },
  },
  {
    name: 'API key (query) on the Carbon API',
    route: SITES_ROUTE,
    tokenEndpoint: false,
    prepare: async (timeoutMs) => {
      const { api } = carbon(apiKey('query'), timeoutMs === undefined ? {} : { timeoutMs });
      return () => api.getSite('site-0001');
    },
  },
  {
    name: 'client credentials (body) at the token endpoint',
    route: 'POST /ecostruxure/v1/oauth/token',
    tokenEndpoint: true,
    prepare: async (timeoutMs) => {
      const auth = partner(
        'client_secret_post',
        timeoutMs === undefined ? {} : { tokenTimeoutMs: timeoutMs },
      );
      const { api } = carbon(auth);
      return () => api.listSites();
    },
  },
  {
    name: 'authorization code refresh at the token endpoint',
    route: 'POST /ecostruxure/v1/oauth/token',
    tokenEndpoint: true,
    prepare: async (timeoutMs) => {
      // Connected with the default timeout: the short one is for the hung refresh only, and a code
      // exchange on a loaded machine may well take longer than that.
      const connected = await connectIsv();
      if (timeoutMs === undefined) return () => connected.refresh();
      const auth = isvAuth({ tokenTimeoutMs: timeoutMs });
      auth.setTokens(connected.currentTokens());
      return () => auth.refresh();
    },
  },
  {
    name: 'Energy Hub access client on GraphQL',
    route: 'POST /energy-hub/v1/graphql',
    tokenEndpoint: false,
    prepare: async (timeoutMs) => {
      const { hub } = energyHub('viewer', timeoutMs === undefined ? {} : { timeoutMs });
      return () => hub.getOrganization();
    },
  },
];

/** Whether a request went out with a credential: a bearer or Basic header, an API key, or a body secret. */
function carriesCredential(request: TransportRequest): boolean {
  const body = new URLSearchParams(request.body ?? '');
  return (
    request.headers.authorization !== undefined ||
    request.headers['x-api-key'] !== undefined ||
    new URL(request.url).searchParams.has('apikey') ||
    body.has('client_secret') ||
    body.has('refresh_token')
  );
}

describe.each(TARGETS)('faults: $name', (target) => {
  it.each(FAULTS)('$name', async (fault) => {
    const hang = fault.rule.kind === 'hang';
    const run = await target.prepare(hang ? HANG_TIMEOUT_MS : undefined);
    sim.control.clearRequests();
    transport.sent.length = 0;
    sim.control.addFault({ ...fault.rule, route: target.route });
    const expected = expectedFor(fault, target.tokenEndpoint);
    const error = await expectFailure(`${target.name}: ${fault.name}`, run, expected.type, expected.code);
    const hit = sim.control.requests().filter((entry) => entry.fault !== undefined);
    expect(hit.length, 'the fault hit a request').toBeGreaterThan(0);
    // Every request the fault could hit carried a credential, so each error was built around one.
    const [method, path] = target.route.split(' ') as [string, string];
    const routed = transport.sent.filter(
      (request) =>
        request.method === method && new URL(request.url).pathname.startsWith(path.replace('*', '')),
    );
    expect(routed.length).toBeGreaterThanOrEqual(hit.length);
    for (const request of routed) expect(carriesCredential(request), request.url).toBe(true);
    if (fault.rule.kind === 'status') expect((error as ApiError).status).toBe(fault.rule.status);
    if (fault.rule.kind === 'rate-limit')
      expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(60_000);
  });
});

// ---------------------------------------------------------------------------------------------------
// Answers rewritten to echo secrets: redaction, not absence

describe('answers that echo secrets', () => {
  it('problem details, OAuth descriptions and GraphQL messages are redacted', async () => {
    transport.rewrite = echoOn('/sites', (_request, response) =>
      rewritten(
        response,
        400,
        JSON.stringify({ title: 'Bad Request', status: 400, detail: `bad token ${SECRET.pat}` }),
      ),
    );
    const badToken = await expectFailure(
      'echo: 400 problem detail naming the PAT',
      () => carbon(pat()).api.listSites(),
      ApiError,
      'API_ERROR',
    );
    expect(badToken.problem.detail).toContain('[REDACTED]');

    transport.rewrite = echoOn('/sites', (request, response) =>
      rewritten(
        response,
        401,
        JSON.stringify({
          detail: `token ${bearerOfRequest(request)} unknown`,
          note: request.headers.authorization,
        }),
      ),
    );
    await expectFailure(
      'echo: 401 detail naming the bearer token',
      () => carbon(pat()).api.listSites(),
      AuthenticationError,
      'AUTHENTICATION_FAILED',
    );

    transport.rewrite = echoOn('/site-0001', (request, response) =>
      rewritten(
        response,
        400,
        JSON.stringify({
          title: 'Bad Request',
          invalidParams: [
            {
              name: 'apikey',
              reason: `unknown key ${new URL(request.url).searchParams.get('apikey') ?? ''}`,
            },
            { name: 'echo', reason: `raw query ${new URL(request.url).search}` },
          ],
        }),
      ),
    );
    const params = await expectFailure(
      'echo: 400 invalidParams naming the API key (raw and URL-encoded)',
      () => carbon(apiKey('query')).api.getSite('site-0001'),
      ApiError,
      'VALIDATION_FAILED',
    );
    expect(params.problem.invalidParams).toHaveLength(2);

    transport.rewrite = echoOn('/oauth/token', (_request, response) =>
      rewritten(
        response,
        400,
        JSON.stringify({
          error: 'invalid_request',
          error_description: `client_secret ${SECRET.partner} (${encodeURIComponent(SECRET.partner)}) is malformed`,
        }),
        'application/json',
      ),
    );
    const oauth = await expectFailure(
      'echo: token endpoint invalid_request naming the client secret',
      () => carbon(partner('client_secret_post')).api.listSites(),
      ApiError,
      'API_ERROR',
    );
    expect(oauth.problem.detail).toContain('[REDACTED]');

    transport.rewrite = echoOn('/oauth/token', (request, response) =>
      rewritten(
        response,
        401,
        JSON.stringify({
          error: 'invalid_client',
          error_description: `unknown credentials ${request.headers.authorization ?? ''} / ${(request.headers.authorization ?? '').slice(6)}`,
        }),
        'application/json',
      ),
    );
    await expectFailure(
      'echo: token endpoint invalid_client naming the Basic pair',
      () => carbon(partner('client_secret_basic')).api.listSites(),
      AuthenticationError,
      'AUTHENTICATION_FAILED',
    );

    transport.rewrite = undefined;
    const auth = await connectIsv();
    const refreshToken = auth.currentTokens()?.refreshToken ?? '';
    transport.rewrite = echoOn('/oauth/token', (_request, response) =>
      rewritten(
        response,
        400,
        JSON.stringify({
          error: 'invalid_grant',
          error_description: `refresh token ${refreshToken} was used`,
        }),
        'application/json',
      ),
    );
    await expectFailure(
      'echo: invalid_grant naming the refresh token',
      () => auth.refresh(),
      ReauthorizationRequiredError,
      'REAUTHORIZATION_REQUIRED',
    );
  });

  it('GraphQL errors naming the token or the client secret are redacted', async () => {
    const viewer = energyHub('viewer');
    transport.rewrite = echoOn('/graphql', (request, response) =>
      rewritten(
        response,
        200,
        JSON.stringify({
          data: null,
          errors: [
            {
              message: `token ${bearerOfRequest(request)} may not read organization`,
              path: ['organization'],
              extensions: { code: 'FORBIDDEN' },
            },
          ],
        }),
        'application/json',
      ),
    );
    await expectFailure(
      'echo: GraphQL FORBIDDEN naming the access token',
      () => viewer.hub.getOrganization(),
      PermissionError,
      'PERMISSION_DENIED',
    );

    transport.rewrite = echoOn('/graphql', (_request, response) =>
      rewritten(
        response,
        200,
        JSON.stringify({
          data: null,
          errors: [{ message: `bad input near ${SECRET.viewer}`, extensions: { code: 'BAD_USER_INPUT' } }],
        }),
        'application/json',
      ),
    );
    const graphql = await expectFailure(
      'echo: GraphQL BAD_USER_INPUT naming the client secret',
      () => viewer.hub.getOrganization(),
      GraphQLResponseError,
      'GRAPHQL_ERROR',
    );
    expect(graphql.errors[0]?.message).toContain('[REDACTED]');
  });

  it('body snippets and HTML titles are redacted, even where a snippet cuts a secret in half', async () => {
    // The PAT starts 110 characters in, so a 120-character snippet would end inside it.
    const prefix = `{"echo":"${'x'.repeat(100)} `;
    expect(prefix).toHaveLength(110);
    transport.rewrite = echoOn('/sites', (_request, response) =>
      rewritten(response, 200, `${prefix}${SECRET.pat} and more`, 'application/json'),
    );
    await expectFailure(
      'echo: malformed JSON whose snippet cuts the PAT',
      () => carbon(pat()).api.listSites(),
      InvalidResponseError,
      'INVALID_RESPONSE',
    );

    // JSON.parse quotes the first characters of the body in its message, cut after about ten.
    transport.rewrite = echoOn('/sites', (_request, response) =>
      rewritten(response, 200, `${SECRET.pat} is not a site list at all`, 'application/json'),
    );
    await expectFailure(
      'echo: non-JSON body starting with the PAT',
      () => carbon(pat()).api.listSites(),
      InvalidResponseError,
      'INVALID_RESPONSE',
    );

    transport.rewrite = echoOn('/sites', (_request, response) =>
      rewritten(response, 404, `${prefix}${SECRET.pat} not found`, 'text/plain'),
    );
    await expectFailure(
      'echo: text error body whose snippet cuts the PAT',
      () => carbon(pat()).api.listSites(),
      InvalidResponseError,
      'INVALID_RESPONSE',
    );

    transport.rewrite = echoOn('/sites', (request, response) =>
      rewritten(
        response,
        502,
        `<html><head><title>Bad gateway for key ${request.headers['x-api-key'] ?? ''}</title></head></html>`,
        'text/html',
      ),
    );
    await expectFailure(
      'echo: HTML error page titled with the API key',
      () => carbon(apiKey('header')).api.listSites(),
      InvalidResponseError,
      'INVALID_RESPONSE',
    );

    transport.rewrite = echoOn('/sites', (request, response) =>
      rewritten(
        response,
        500,
        JSON.stringify({ title: 'Internal Server Error', detail: `upstream refused ${request.url}` }),
      ),
    );
    const upstream = await expectFailure(
      'echo: 500 detail naming the URL with the API key',
      () => carbon(apiKey('query')).api.listSites(),
      ApiError,
      'API_ERROR',
    );
    expect(upstream.status).toBe(500);
  });
});

// ---------------------------------------------------------------------------------------------------
// The sweep: everything collected, against every canary learnt by the end

describe('sweep', () => {
  it('no collected error and no log line shows any canary, and enough of both were checked', () => {
    const errorLeaks = checked.flatMap(({ scenario, error }) =>
      leaksInError(error, canaries).map((leak) => `${scenario}: ${leak}`),
    );
    expect(errorLeaks).toEqual([]);
    const logLeaks = logs.lines.flatMap((line) => leaksInLogLine(line, canaries));
    expect(logLeaks).toEqual([]);

    // Proof the canary was not vacuous: many errors, many log lines, issued tokens learnt.
    expect(checked.length).toBeGreaterThanOrEqual(90);
    expect(logs.lines.length).toBeGreaterThanOrEqual(150);
    expect(succeeded.length).toBeGreaterThanOrEqual(15);
    expect(issued.size).toBeGreaterThanOrEqual(20);
    const levels = new Set(logs.lines.map((line) => line.level));
    expect([...levels].sort()).toEqual(expect.arrayContaining(['debug', 'info', 'warn']));
    // Logs did see secret-bearing traffic: redaction markers show up where values were.
    expect(logs.lines.some((line) => JSON.stringify(line).includes('[REDACTED]'))).toBe(true);
    const report = [
      'Generated by `packages/core/test/secrets-canary.test.ts`: every auth strategy of core (authorization',
      'code with PKCE, client credentials with each client authentication, personal access token, API key in',
      'the header and the query, Energy Hub access clients) driven through its success paths, refusals, grant',
      'failures and every simulator fault, and answers rewritten to echo secrets back (which proves redaction',
      'rather than mere absence).',
      '',
      '| | |',
      '| --- | --- |',
      `| scenarios | ${succeeded.length} success paths, ${checked.length} failures each with its expected typed error |`,
      "| surfaces scanned | every error: `String(error)`, `JSON.stringify`, `util.inspect` (hidden fields too), message, stack, cause; every line logged through core's logger at every level, with its fields |",
      '| canaries | 13 configured secrets (client secrets, personal access tokens, API keys, wrong and stray values), each raw, URL- and form-encoded and as Basic pairs; every access and refresh token the servers issued, learnt from their answers; authorization codes and PKCE verifiers; the `CANARY-` marker of every secret |',
      '| result | no canary found |',
    ].join('\n');
    const section = {
      file: join(import.meta.dirname, '../../../docs/secret-canary.md'),
      doc: 'canary',
      section: 'core',
    };
    expect(syncDocSection(section, report)).toBe(report);
    console.info(
      `secrets canary: ${checked.length} errors and ${logs.lines.length} log lines checked against ${canaries.size} secret forms; ${succeeded.length} success paths; ${issued.size} issued tokens learnt`,
    );
  });
});
