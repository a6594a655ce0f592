/**
 * Auth pieces that need no server: PKCE vectors, URL building, option validation, token-endpoint error
 * mapping and the single-flight cache on a counting fake transport. Everything end to end runs against
 * the simulator in the other auth-*.test.ts files.
 */
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  InvalidResponseError,
  NetworkError,
  RateLimitError,
  ReauthorizationRequiredError,
  TimeoutError,
  TransportFailure,
  ValidationError,
  type OutgoingRequest,
  type TransportRequest,
  type TransportResponse,
} from '../src/index.js';
import {
  SecretRegistry,
  createApiKeyAuth,
  createAuthorizationCodeAuth,
  createClientCredentialsAuth,
  createPersonalAccessTokenAuth,
  readAuthorizationResponse,
} from '../src/advanced.js';
import { basicCredentials, requestToken } from '../src/auth/token-endpoint.js';
import { codeChallengeS256, createCodeVerifier, isValidCodeVerifier } from '../src/auth/pkce.js';
import type { TokenEndpoint } from '../src/auth/token-request.js';
import { createFakeRuntime } from './support/fake-runtime.js';
import { json, scriptedTransport } from './support/scripted-transport.js';

/** What an error tells the user: what happened, then what to do. */
const said = (error: unknown) => {
  const { message, description } = error as { message: string; description?: string };
  return `${message} ${description ?? ''}`;
};

const TOKEN_URL = 'https://auth.example/oauth/token';
const AUTHORIZE_URL = 'https://auth.example/oauth/authorize';
const REDIRECT_URI = 'http://127.0.0.1/callback';

function outgoing(method: OutgoingRequest['method'] = 'GET'): OutgoingRequest {
  return { method, url: new URL('https://api.example/sites'), headers: {} };
}

function endpointWith(
  transport: TokenEndpoint['transport'],
  overrides: Partial<TokenEndpoint> = {},
): TokenEndpoint {
  return {
    tokenUrl: TOKEN_URL,
    clientId: 'client one',
    clientSecret: 's3cret+value/x',
    clientAuthentication: 'client_secret_basic',
    basicCredentialsEncoding: 'raw',
    transport,
    runtime: createFakeRuntime(),
    secrets: new SecretRegistry(),
    ...overrides,
  };
}

describe('PKCE', () => {
  it('matches RFC 7636 appendix B', () => {
    // The 32 octets of appendix B; their base64url is the verifier, and its S256 the challenge.
    const octets = Uint8Array.from([
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214,
      191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ]);
    const verifier = createCodeVerifier(() => octets);
    expect(verifier).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect(codeChallengeS256(verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('creates valid, distinct verifiers', () => {
    const a = createCodeVerifier();
    const b = createCodeVerifier();
    expect(a).not.toBe(b);
    expect(isValidCodeVerifier(a)).toBe(true);
    expect(a).toHaveLength(43);
    expect(isValidCodeVerifier('too-short')).toBe(false);
    expect(isValidCodeVerifier('x'.repeat(129))).toBe(false);
  });
});

describe('authorization URL', () => {
  const auth = createAuthorizationCodeAuth({
    authorizeUrl: `${AUTHORIZE_URL}?audience=x`,
    tokenUrl: TOKEN_URL,
    clientId: 'demo-isv-app',
    clientSecret: 'secret-value',
    redirectUri: REDIRECT_URI,
    scopes: 'read:site read:carbon-emission offline_access',
    transport: scriptedTransport(json(500, {})),
    runtime: createFakeRuntime(),
  });

  it('carries client, redirect, scopes, state and an S256 challenge of the returned verifier', () => {
    const request = auth.createAuthorizationRequest();
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe(AUTHORIZE_URL);
    expect(url.searchParams.get('audience')).toBe('x');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe('demo-isv-app');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('scope')).toBe('read:site read:carbon-emission offline_access');
    expect(url.searchParams.get('state')).toBe(request.state);
    expect(request.state.length).toBeGreaterThanOrEqual(22);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toBe(codeChallengeS256(request.codeVerifier ?? ''));
    expect(auth.createAuthorizationRequest().state).not.toBe(request.state);
  });

  it('cannot be made to drop state or PKCE through extra parameters', () => {
    const request = auth.createAuthorizationRequest({
      extraParameters: { state: 'forced', code_challenge_method: 'plain', prompt: 'consent' },
      scopes: ['read:site'],
    });
    const url = new URL(request.url);
    expect(url.searchParams.get('state')).toBe(request.state);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('scope')).toBe('read:site');
  });

  it('rejects a state mismatch and a missing verifier before sending anything', async () => {
    const transport = scriptedTransport(json(200, { access_token: 'never' }));
    const strategy = createAuthorizationCodeAuth({
      authorizeUrl: AUTHORIZE_URL,
      tokenUrl: TOKEN_URL,
      clientId: 'demo-isv-app',
      clientSecret: 'secret-value',
      redirectUri: REDIRECT_URI,
      transport,
      runtime: createFakeRuntime(),
    });
    const { state, codeVerifier } = strategy.createAuthorizationRequest();
    await expect(
      strategy.exchangeCode({ code: 'abc', state: 'other', expectedState: state, codeVerifier }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'state' });
    await expect(
      strategy.exchangeCode({ code: 'abc', state: undefined, expectedState: state, codeVerifier }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(strategy.exchangeCode({ code: 'abc', state, expectedState: state })).rejects.toMatchObject({
      field: 'codeVerifier',
    });
    expect(transport.requests).toHaveLength(0);
  });

  it('reads the callback: code and state, or the refusal as a typed error', () => {
    expect(readAuthorizationResponse(`${REDIRECT_URI}?code=c1&state=s1`)).toEqual({
      code: 'c1',
      state: 's1',
    });
    expect(() => readAuthorizationResponse(`${REDIRECT_URI}?error=access_denied&state=s1`)).toThrow(
      /denied on the consent page/,
    );
    expect(() => readAuthorizationResponse(`${REDIRECT_URI}?state=s1`)).toThrow(ValidationError);
  });
});

describe('client authentication defaults (what each document shows)', () => {
  const common = {
    tokenUrl: TOKEN_URL,
    clientId: 'id',
    clientSecret: 'p+s/w=rd',
    runtime: createFakeRuntime(),
  };
  const sentBy = async (
    auth: { refresh(): Promise<unknown> },
    transport: ReturnType<typeof scriptedTransport>,
  ) => {
    await auth.refresh();
    const sent = transport.requests[0] as TransportRequest;
    return {
      authorization: sent.headers.authorization,
      body: Object.fromEntries(new URLSearchParams(sent.body)),
    };
  };

  it('client credentials: raw HTTP Basic (seed 001)', async () => {
    const transport = scriptedTransport(json(200, { access_token: 'at-1' }));
    const sent = await sentBy(createClientCredentialsAuth({ ...common, transport }), transport);
    expect(sent.authorization).toBe(`Basic ${Buffer.from('id:p+s/w=rd').toString('base64')}`);
    expect(sent.body.client_secret).toBeUndefined();
  });

  it('authorization code refresh: client_id and client_secret in the body (seeds 000 and 003)', async () => {
    const transport = scriptedTransport(json(200, { access_token: 'at-2' }));
    const auth = createAuthorizationCodeAuth({
      ...common,
      transport,
      authorizeUrl: AUTHORIZE_URL,
      redirectUri: REDIRECT_URI,
      tokens: { accessToken: 'at-1', tokenType: 'Bearer', refreshToken: 'rt-1' },
    });
    const sent = await sentBy(auth, transport);
    expect(sent.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_id: 'id',
      client_secret: 'p+s/w=rd',
    });
  });

  it.each([
    ['basic', 'Basic'],
    ['client_secret_basic', 'Basic'],
    ['body', undefined],
    ['client_secret_post', undefined],
  ] as const)(
    'clientAuthentication %s is accepted (older names kept as aliases)',
    async (clientAuthentication, scheme) => {
      const transport = scriptedTransport(json(200, { access_token: 'at-1' }));
      const sent = await sentBy(
        createClientCredentialsAuth({ ...common, transport, clientAuthentication }),
        transport,
      );
      expect(sent.authorization?.split(' ')[0]).toBe(scheme);
      expect(sent.body.client_secret).toBe(scheme === undefined ? 'p+s/w=rd' : undefined);
    },
  );
});

describe('option validation', () => {
  const base = {
    tokenUrl: TOKEN_URL,
    clientId: 'id',
    clientSecret: 'secret',
    transport: scriptedTransport(json(500, {})),
    runtime: createFakeRuntime(),
  };

  it.each([
    [{ clientId: '  ' }, 'clientId', /Client ID is empty: enter/],
    [{ clientSecret: '' }, 'clientSecret', /Client secret is empty: enter/],
    [{ tokenUrl: 'ftp://x/token' }, 'tokenUrl', /must start with https:\/\//],
    [{ tokenUrl: 'not a url' }, 'tokenUrl', /is not a URL/],
    [{ tokenUrl: 'https://user:pw@x/token' }, 'tokenUrl', /must not contain a user name/],
    [
      { clientAuthentication: 'header' },
      'clientAuthentication',
      /"client_secret_basic".*"client_secret_post"/,
    ],
    [{ basicCredentialsEncoding: 'rfc' }, 'basicCredentialsEncoding', /"raw".*"form-urlencoded"/],
    [{ scopes: 'read:site "bad"' }, 'scopes', /characters scopes cannot have/],
    [{ refreshMarginMs: -1 }, 'refreshMarginMs', /milliseconds/],
  ])('client credentials %o -> %s', (override, field, message) => {
    const attempt = () => createClientCredentialsAuth({ ...base, ...override } as never);
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it('names the field for authorization code, personal access token and API key', () => {
    expect(() =>
      createAuthorizationCodeAuth({ ...base, authorizeUrl: '', redirectUri: REDIRECT_URI }),
    ).toThrow(/Authorization URL is empty/);
    expect(() =>
      createAuthorizationCodeAuth({ ...base, authorizeUrl: AUTHORIZE_URL, redirectUri: 'javascript:x' }),
    ).toThrow(/Redirect URI must start with https/);
    expect(() => createPersonalAccessTokenAuth({ token: '' })).toThrow(/Personal access token is empty/);
    expect(() => createApiKeyAuth({ apiKey: ' ' })).toThrow(/API key is empty/);
    expect(() => createApiKeyAuth({ apiKey: 'key-1234', placement: 'cookie' as never })).toThrow(/placement/);
  });
});

describe('static strategies', () => {
  it('personal access token: Bearer, never replays', async () => {
    const auth = createPersonalAccessTokenAuth({ token: ' pat-value-1 ' });
    const request = outgoing();
    request.headers.Authorization = 'Bearer stale';
    await auth.apply(request);
    expect(request.headers).toEqual({ authorization: 'Bearer pat-value-1' });
    expect(auth.credentialOf(request)).toBe('pat-value-1');
    expect(await auth.handleRejected(401, 'pat-value-1')).toBe(false);
    expect(auth.secrets.redact('token pat-value-1')).toBe('token [REDACTED]');
  });

  it('API key: query or header, on every method, never in errors', async () => {
    const query = createApiKeyAuth({ apiKey: 'key-value-1' });
    const request = outgoing();
    await query.apply(request);
    expect(request.url.searchParams.get('apikey')).toBe('key-value-1');
    expect(query.credentialOf(request)).toBe('key-value-1');

    const header = createApiKeyAuth({ apiKey: 'key-value-1', placement: 'header' });
    const headed = outgoing();
    await header.apply(headed);
    expect(headed.headers['x-api-key']).toBe('key-value-1');
    expect(headed.url.search).toBe('');
    expect(header.credentialOf(headed)).toBe('key-value-1');

    // Seed 001 only says GET works in a browser; nothing says other methods refuse a key.
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const other = outgoing(method);
      await query.apply(other);
      expect(other.url.searchParams.get('apikey')).toBe('key-value-1');
    }
    expect(query.secrets.redact('GET /sites?apikey=key-value-1')).not.toContain('key-value-1');
  });
});

describe('token endpoint', () => {
  it('form-encodes the grant and authenticates with Basic (the raw id and secret, as seed 001 does)', async () => {
    const transport = scriptedTransport(
      json(200, { access_token: 'at-1', token_type: 'bearer', expires_in: 3600, scope: 'read:site' }),
    );
    const endpoint = endpointWith(transport);
    const tokens = await requestToken(endpoint, {
      grantType: 'client_credentials',
      scopes: ['read:site', 'x:y'],
    });
    expect(tokens).toEqual({
      accessToken: 'at-1',
      tokenType: 'Bearer',
      expiresAt: endpoint.runtime.now() + 3_600_000,
      scope: 'read:site',
    });
    const sent = transport.requests[0] as TransportRequest;
    expect(sent.method).toBe('POST');
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent.headers.authorization).toBe(`Basic ${basicCredentials('client one', 's3cret+value/x')}`);
    const decoded = Buffer.from(basicCredentials('client one', 's3cret+value/x'), 'base64').toString();
    expect(decoded).toBe('client one:s3cret+value/x');
    expect(new URLSearchParams(sent.body)).toEqual(
      new URLSearchParams({ grant_type: 'client_credentials', scope: 'read:site x:y' }),
    );
    // Everything secret it saw is registered.
    expect(endpoint.secrets.redact(`${sent.headers.authorization} at-1 s3cret+value/x`)).not.toMatch(
      /at-1|s3cret|Y2xp/,
    );
  });

  it('form-encodes the Basic id and secret first with basicCredentialsEncoding form-urlencoded (RFC 6749 Appendix B)', async () => {
    const transport = scriptedTransport(json(200, { access_token: 'at-1' }));
    await requestToken(endpointWith(transport, { basicCredentialsEncoding: 'form-urlencoded' }), {
      grantType: 'client_credentials',
    });
    const sent = transport.requests[0] as TransportRequest;
    const decoded = Buffer.from(String(sent.headers.authorization).slice('Basic '.length), 'base64');
    expect(decoded.toString()).toBe('client+one:s3cret%2Bvalue%2Fx');
    // Every character on which the two encodings differ, and a non-ASCII one (UTF-8 in both).
    const tricky = 'a+b/c=d:e%f&g h~é';
    expect(Buffer.from(basicCredentials('id', tricky), 'base64').toString()).toBe(`id:${tricky}`);
    expect(Buffer.from(basicCredentials('id', tricky, 'form-urlencoded'), 'base64').toString()).toBe(
      'id:a%2Bb%2Fc%3Dd%3Ae%25f%26g+h%7E%C3%A9',
    );
  });

  it.each([
    [
      'client_secret_basic',
      'raw',
      /set basicCredentialsEncoding to "form-urlencoded".*clientAuthentication to "client_secret_post"/,
    ],
    ['client_secret_basic', 'form-urlencoded', /set basicCredentialsEncoding to "raw"/],
    ['client_secret_post', 'raw', /set clientAuthentication to "client_secret_basic"/],
  ] as const)(
    'an invalid_client answer to %s (%s) names the option to try next',
    async (clientAuthentication, basicCredentialsEncoding, hint) => {
      for (const response of [json(401, { error: 'invalid_client' }), json(401, {})]) {
        const error = await requestToken(
          endpointWith(scriptedTransport(response), { clientAuthentication, basicCredentialsEncoding }),
          { grantType: 'client_credentials' },
        ).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(AuthenticationError);
        expect(said(error)).toMatch(hint);
      }
    },
  );

  it('sends the client in the body for client_secret_post', async () => {
    const transport = scriptedTransport(json(200, { access_token: 'at-1' }));
    await requestToken(endpointWith(transport, { clientAuthentication: 'client_secret_post' }), {
      grantType: 'refresh_token',
      refreshToken: 'rt-1',
    });
    const sent = transport.requests[0] as TransportRequest;
    expect(sent.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_id: 'client one',
      client_secret: 's3cret+value/x',
    });
  });

  const html: TransportResponse = {
    status: 502,
    headers: { 'content-type': 'text/html' },
    body: '<html><title>Bad Gateway</title></html>',
  };
  it.each<
    [
      string,
      TransportResponse,
      'client_credentials' | 'refresh_token',
      new (...args: never[]) => Error,
      RegExp,
    ]
  >([
    [
      'invalid_client',
      json(401, { error: 'invalid_client' }),
      'client_credentials',
      AuthenticationError,
      /Check the client ID and secret/,
    ],
    [
      'invalid_grant on refresh',
      json(400, { error: 'invalid_grant', error_description: 'revoked' }),
      'refresh_token',
      ReauthorizationRequiredError,
      /revoked.*Authorize the app again/,
    ],
    [
      'invalid_grant on client credentials',
      json(400, { error: 'invalid_grant' }),
      'client_credentials',
      AuthenticationError,
      /client credentials grant/,
    ],
    [
      'invalid_scope',
      json(400, { error: 'invalid_scope' }),
      'client_credentials',
      AuthenticationError,
      /scopes the app is registered for/,
    ],
    [
      'unauthorized_client',
      json(400, { error: 'unauthorized_client' }),
      'client_credentials',
      AuthenticationError,
      /authentication type/,
    ],
    ['invalid_request', json(400, { error: 'invalid_request' }), 'client_credentials', ApiError, /malformed/],
    ['5xx HTML', html, 'client_credentials', ApiError, /failed with 502 \(an HTML error page\)/],
    [
      'HTML 200',
      { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' },
      'client_credentials',
      InvalidResponseError,
      /HTML page.*Check the token URL/,
    ],
    [
      'malformed JSON',
      { status: 200, headers: {}, body: '{"access_token":' },
      'client_credentials',
      InvalidResponseError,
      /not JSON/,
    ],
    [
      'no access_token',
      json(200, { token_type: 'Bearer' }),
      'client_credentials',
      InvalidResponseError,
      /without an access_token/,
    ],
    [
      'not Bearer',
      json(200, { access_token: 'x-1234', token_type: 'mac' }),
      'client_credentials',
      InvalidResponseError,
      /only Bearer/,
    ],
    [
      '404',
      { status: 404, headers: {}, body: 'nope' },
      'client_credentials',
      InvalidResponseError,
      /Check the token URL/,
    ],
    ['429', json(429, {}, { 'retry-after': '7' }), 'client_credentials', RateLimitError, /wait 7 s/],
  ])('maps %s', async (_name, response, grantType, type, message) => {
    const transport = scriptedTransport(response);
    const grant =
      grantType === 'refresh_token'
        ? ({ grantType, refreshToken: 'rt-secret-1' } as const)
        : ({ grantType } as const);
    const error = await requestToken(endpointWith(transport), grant).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect(said(error)).toMatch(message);
    expect(JSON.stringify(error)).not.toMatch(/rt-secret-1|s3cret/);
    // Exactly one request, whatever the failure: never retried blindly.
    expect(transport.requests).toHaveLength(1);
  });

  it('maps transport failures without retrying, and warns about rotation on refresh', async () => {
    const lost = scriptedTransport(new TransportFailure('socket hang up', 'ECONNRESET', false));
    const error = await requestToken(endpointWith(lost), {
      grantType: 'refresh_token',
      refreshToken: 'rt-1234',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect(said(error)).toMatch(/not sent again automatically: the server may already have replaced/);
    expect(lost.requests).toHaveLength(1);

    const slow = scriptedTransport(new TransportFailure('timeout', 'ETIMEDOUT', true));
    await expect(
      requestToken(endpointWith(slow), { grantType: 'client_credentials' }),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(slow.requests).toHaveLength(1);
  });
});

describe('single flight (fake transport; the simulator tests prove it end to end)', () => {
  function countingTokenServer(delayMs = 5) {
    let issued = 0;
    const transport = scriptedTransport(async () => {
      issued += 1;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return json(200, { access_token: `token-${issued}`, expires_in: 3600 });
    });
    return { transport, issued: () => issued };
  }

  it('500 concurrent apply() on an empty cache send one token request', async () => {
    const server = countingTokenServer();
    const auth = createClientCredentialsAuth({ ...baseCc(server.transport) });
    const requests = Array.from({ length: 500 }, () => outgoing());
    await Promise.all(requests.map((request) => auth.apply(request)));
    expect(server.issued()).toBe(1);
    expect(new Set(requests.map((request) => request.headers.authorization))).toEqual(
      new Set(['Bearer token-1']),
    );
  });

  it('refreshes early, caps the margin at half the lifetime, and falls back on a transient failure', async () => {
    const runtime = createFakeRuntime();
    let issued = 0;
    let failNext = false;
    const transport = scriptedTransport(async () => {
      issued += 1;
      if (failNext) return json(503, {});
      return json(200, { access_token: `token-${issued}`, expires_in: 100 });
    });
    const auth = createClientCredentialsAuth({ ...baseCc(transport), runtime, refreshMarginMs: 60_000 });
    const request = outgoing();
    await auth.apply(request);
    runtime.advance(49_000);
    await auth.apply(request);
    expect(issued).toBe(1); // 60 s margin capped at 50 s of a 100 s token
    runtime.advance(2_000);
    await auth.apply(request);
    expect(issued).toBe(2);
    expect(auth.credentialOf(request)).toBe('token-2');
    runtime.advance(51_000);
    failNext = true;
    await auth.apply(request); // still valid for 49 s: the 503 costs nothing
    expect(auth.credentialOf(request)).toBe('token-2');
    runtime.advance(50_000);
    await expect(auth.apply(request)).rejects.toBeInstanceOf(ApiError);
  });

  it('a burst of rejections of the same token costs one refresh; a stale rejection none', async () => {
    const server = countingTokenServer();
    const auth = createClientCredentialsAuth(baseCc(server.transport));
    const request = outgoing();
    await auth.apply(request);
    const used = auth.credentialOf(request);
    const results = await Promise.all(Array.from({ length: 50 }, () => auth.handleRejected(403, used)));
    expect(results.every(Boolean)).toBe(true);
    expect(server.issued()).toBe(2);
    expect(await auth.handleRejected(401, used)).toBe(true);
    expect(server.issued()).toBe(2);
    expect(await auth.handleRejected(400, used)).toBe(false);
  });

  it('authorization code: refresh keeps the old refresh token when none comes back; onTokens first', async () => {
    const events: string[] = [];
    const transport = scriptedTransport(async (request) => {
      events.push(`request ${new URLSearchParams(request.body).get('refresh_token')}`);
      return json(200, { access_token: 'at-2', expires_in: 3600 });
    });
    const runtime = createFakeRuntime();
    const auth = createAuthorizationCodeAuth({
      authorizeUrl: AUTHORIZE_URL,
      tokenUrl: TOKEN_URL,
      clientId: 'demo-isv-app',
      clientSecret: 'secret-value',
      redirectUri: REDIRECT_URI,
      transport,
      runtime,
      tokens: {
        accessToken: 'at-1',
        tokenType: 'Bearer',
        expiresAt: runtime.now() + 30_000,
        refreshToken: 'rt-1',
        scope: 'read:site',
      },
      onTokens: async (tokens) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`saved ${tokens.accessToken} ${tokens.refreshToken}`);
      },
    });
    const requests = Array.from({ length: 20 }, () => outgoing());
    await Promise.all(
      requests.map(async (request) => {
        await auth.apply(request);
        events.push(`used ${auth.credentialOf(request)}`);
      }),
    );
    expect(events.slice(0, 3)).toEqual(['request rt-1', 'saved at-2 rt-1', 'used at-2']);
    expect(events.filter((event) => event.startsWith('request'))).toHaveLength(1);
    expect(auth.currentTokens()).toMatchObject({ refreshToken: 'rt-1', scope: 'read:site' });
  });

  it('a failed save of new tokens is reported, and the tokens are kept in memory', async () => {
    let issued = 0;
    const transport = scriptedTransport(async () => {
      issued += 1;
      return json(200, {
        access_token: `at-${issued + 1}`,
        refresh_token: `rt-${issued + 1}`,
        expires_in: 3600,
      });
    });
    const runtime = createFakeRuntime();
    const auth = createAuthorizationCodeAuth({
      authorizeUrl: AUTHORIZE_URL,
      tokenUrl: TOKEN_URL,
      clientId: 'demo-isv-app',
      clientSecret: 'secret-value',
      redirectUri: REDIRECT_URI,
      transport,
      runtime,
      tokens: {
        accessToken: 'at-1',
        tokenType: 'Bearer',
        expiresAt: runtime.now() - 1,
        refreshToken: 'rt-1',
      },
      onTokens: () => {
        throw new Error('disk full while writing rt-2');
      },
    });
    const error = await auth.apply(outgoing()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(said(error)).toMatch(/saving them failed/);
    expect(JSON.stringify(error)).not.toContain('rt-2');
    const request = outgoing();
    await auth.apply(request);
    expect(auth.credentialOf(request)).toBe('at-2');
    expect(issued).toBe(1);
  });

  it('authorization code without tokens fails fast until connected', async () => {
    const transport = scriptedTransport(json(200, { access_token: 'never' }));
    const auth = createAuthorizationCodeAuth({
      authorizeUrl: AUTHORIZE_URL,
      tokenUrl: TOKEN_URL,
      clientId: 'demo-isv-app',
      clientSecret: 'secret-value',
      redirectUri: REDIRECT_URI,
      transport,
      runtime: createFakeRuntime(),
    });
    await expect(auth.apply(outgoing())).rejects.toThrow(/not authorized yet/);
    await expect(auth.apply(outgoing())).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(transport.requests).toHaveLength(0);
    auth.setTokens({ accessToken: 'restored-1', tokenType: 'Bearer' });
    const request = outgoing();
    await auth.apply(request);
    expect(auth.credentialOf(request)).toBe('restored-1');
  });
});

function baseCc(transport: TokenEndpoint['transport']) {
  return {
    tokenUrl: TOKEN_URL,
    clientId: 'demo-partner',
    clientSecret: 'demo-partner-secret',
    transport,
    runtime: createFakeRuntime(),
  };
}

describe('what a 403 means is the strategy’s call', () => {
  it('an OAuth strategy replaces its token on a 403 that names a stale token, never on a missing scope', async () => {
    const runtime = createFakeRuntime();
    let issued = 0;
    const transport = {
      send: async () => ({
        status: 200,
        headers: {},
        body: JSON.stringify({ access_token: `token-${++issued}`, expires_in: 3600 }),
      }),
    };
    const auth = createClientCredentialsAuth({
      tokenUrl: 'https://auth.example.test/token',
      clientId: 'client',
      clientSecret: 'secret-value',
      transport,
      runtime,
    });
    const request = { method: 'GET' as const, url: new URL('https://api.example.test/x'), headers: {} };
    await auth.apply(request);
    const used = auth.credentialOf(request);
    const scope = {
      status: 403,
      headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="read:site"' },
      body: '{}',
    };
    expect(await auth.handleRejected(403, used, scope)).toBe(false);
    expect(issued).toBe(1);
    const stale = { status: 403, headers: {}, body: '{"detail":"The access token expired"}' };
    expect(await auth.handleRejected(403, used, stale)).toBe(true);
    expect(issued).toBe(2);
  });
});
