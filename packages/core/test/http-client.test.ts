import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  InvalidResponseError,
  type Logger,
  NetworkError,
  PermissionError,
  RateLimitError,
  ReauthorizationRequiredError,
  resolveEndpoints,
  TimeoutError,
  TransportFailure,
  ValidationError,
  type Transport,
  type TransportRequest,
} from '../src/index.js';
import { createHttpClient, createPersonalAccessTokenAuth, type HttpClientOptions } from '../src/advanced.js';
import { buildUrl } from '../src/http/http-client.js';
import { createFakeRuntime, type FakeRuntime } from './support/fake-runtime.js';
import { json, problem, scriptedTransport, type ScriptedTransport } from './support/scripted-transport.js';
import { createTestAuth, DEMO_PAT, type TestAuth } from './support/test-auth.js';

/** What an error tells the user: what happened, then what to do. */
const said = (error: unknown) => {
  const { message, description } = error as { message: string; description?: string };
  return `${message} ${description ?? ''}`;
};

const BASE = 'https://api.example.test/ecostruxure/carbon-emission/v1';

function setup(
  transport: Transport,
  overrides: Partial<HttpClientOptions> & { auth?: TestAuth; runtime?: FakeRuntime } = {},
) {
  const runtime = overrides.runtime ?? createFakeRuntime();
  const auth = overrides.auth ?? createTestAuth();
  const client = createHttpClient({
    baseUrl: BASE,
    transport,
    runtime,
    ...overrides,
    auth,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, budgetMs: 10_000, ...overrides.retry },
  });
  return { client, runtime, auth };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the request to fail');
  return outcome;
}

const ok = json(200, [{ id: 'site-0001' }]);

describe('buildUrl', () => {
  it('joins base URL and path and encodes the query, skipping undefined values', () => {
    const url = buildUrl(`${BASE}/`, '/sites/site%201/carbon-emissions', {
      from: '2025-01-01T00:00:00+01:00',
      to: undefined,
      page: 2,
      simplify: false,
    });
    expect(url.href).toBe(
      `${BASE}/sites/site%201/carbon-emissions?from=2025-01-01T00%3A00%3A00%2B01%3A00&page=2&simplify=false`,
    );
    expect(buildUrl(BASE, 'sites').href).toBe(`${BASE}/sites`);
    expect(buildUrl(BASE, '/sites', { a: undefined }).href).toBe(`${BASE}/sites`);
    expect(buildUrl(BASE, '/sites?x=1', { page: 2 }).href).toBe(`${BASE}/sites?x=1&page=2`);
    expect(buildUrl(BASE, '/sites', { q: 'a&b=c' }).href).toBe(`${BASE}/sites?q=a%26b%3Dc`);
  });

  it('rejects a base URL that is not absolute and a bad concurrency', () => {
    expect(() => setup(scriptedTransport(ok), { baseUrl: 'api.example.test' })).toThrow(
      /Base URL is not a URL: it does not start with https:\/\//,
    );
    expect(() => setup(scriptedTransport(ok), { baseUrl: 'https://user:pw@api.example.test/v1' })).toThrow(
      /must not contain a user name or password/,
    );
    expect(() => setup(scriptedTransport(ok), { maxConcurrency: 0 })).toThrow(/maxConcurrency/);
  });
});

describe('a secret pasted into a URL field', () => {
  const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2VjcmV0LXNpZ25hdHVyZQ';
  it.each([
    ['the token alone', token],
    ['the token with spaces around', `  ${token} `],
    ['a Bearer header', `Bearer ${token}`],
    ['a URL with credentials and a broken host', `https://me:${token}@exa mple.test/v1`],
    ['a URL with the key in its query and a broken host', `https://exa mple.test/v1?apikey=${token}`],
  ])('is not echoed by the base URL check (%s)', (_label, baseUrl) => {
    for (const check of [() => setup(scriptedTransport(ok), { baseUrl }), () => resolveEndpoints(baseUrl)]) {
      const error = (() => {
        try {
          check();
        } catch (caught) {
          return caught as ValidationError;
        }
        throw new Error('expected a ValidationError');
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe('baseUrl');
      expect(said(error)).toMatch(/not a URL/);
      expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(token.slice(0, 12));
    }
  });
});

describe('createHttpClient: success', () => {
  it('applies credentials and headers, sends JSON and parses the answer', async () => {
    const transport = scriptedTransport(json(200, { ok: true }));
    const { client } = setup(transport, { userAgent: 'test-agent/1.0', timeoutMs: 1234 });
    const response = await client.request<{ ok: boolean }>({
      method: 'POST',
      path: '/graphql',
      json: { query: '{ a }' },
      query: { x: 1 },
    });
    expect(response).toMatchObject({ status: 200, data: { ok: true }, requestId: 'req-123' });
    const sent = transport.requests[0] as TransportRequest;
    expect(sent).toMatchObject({
      method: 'POST',
      url: `${BASE}/graphql?x=1`,
      body: '{"query":"{ a }"}',
      timeoutMs: 1234,
    });
    expect(sent.headers).toMatchObject({
      authorization: 'Bearer demo-personal-access-token',
      'content-type': 'application/json',
      'user-agent': 'test-agent/1.0',
    });
    expect(client.maxConcurrency).toBe(10);
    expect(client.baseUrl).toBe(BASE);
  });

  it('answers undefined data for an empty body', async () => {
    const { client } = setup(scriptedTransport({ status: 204, headers: {}, body: '' }));
    expect((await client.request({ path: '/x', method: 'DELETE' })).data).toBeUndefined();
  });
});

describe('createHttpClient: retries', () => {
  it.each([502, 503, 504])('retries a GET on %i, then succeeds', async (status) => {
    const transport = scriptedTransport(
      problem(status, 'Gateway', 'upstream down'),
      problem(status, 'Gateway', 'again'),
      ok,
    );
    const { client, runtime } = setup(transport);
    const response = await client.request({ path: '/sites' });
    expect(response.data).toEqual([{ id: 'site-0001' }]);
    expect(transport.requests).toHaveLength(3);
    // Equal jitter with random() = 0.5: three quarters of 100, then of 200.
    expect(runtime.sleeps).toEqual([75, 150]);
  });

  it('gives up after maxAttempts with a retryable ApiError saying so', async () => {
    const transport = scriptedTransport(problem(503, 'Service Unavailable', 'maintenance'));
    const { client } = setup(transport);
    const error = await failureOf(client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 503,
      retryable: true,
      requestId: 'req-123',
      request: 'GET /ecostruxure/carbon-emission/v1/sites',
    });
    expect(said(error)).toContain('gave up after 4 attempts');
    expect(said(error)).toContain('Try again later');
    expect(transport.requests).toHaveLength(4);
  });

  it('gives up when the time budget is spent', async () => {
    const runtime = createFakeRuntime({ random: () => 0.99 });
    // Each attempt takes 3 s of (virtual) time.
    const transport = scriptedTransport(() => {
      runtime.advance(3_000);
      return problem(503, 'Service Unavailable', 'slow');
    });
    const { client } = setup(transport, { runtime, retry: { maxAttempts: 10, budgetMs: 7_000 } });
    const error = await failureOf(client.request({ path: '/sites' }));
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(transport.requests.length).toBeLessThan(10);
    expect(runtime.now() - Date.UTC(2025, 0, 15, 12, 0, 0)).toBeLessThanOrEqual(7_000 + 3_000);
  });

  it('waits as long as Retry-After (seconds) says on 429', async () => {
    const transport = scriptedTransport(
      problem(429, 'Too Many Requests', 'slow down', {}, { 'retry-after': '2' }),
      ok,
    );
    const { client, runtime } = setup(transport);
    await client.request({ path: '/sites' });
    expect(runtime.sleeps).toEqual([2_000]);
  });

  it('measures a Retry-After date against the response Date header, whatever the client clock says', async () => {
    const runtime = createFakeRuntime();
    const serverNow = runtime.now() - 2 * 3_600_000; // server two hours behind
    const transport = scriptedTransport(
      problem(
        429,
        'Too Many Requests',
        'slow down',
        {},
        {
          'retry-after': new Date(serverNow + 4_000).toUTCString(),
          date: new Date(serverNow).toUTCString(),
        },
      ),
      ok,
    );
    const { client } = setup(transport, { runtime });
    await client.request({ path: '/sites' });
    expect(runtime.sleeps).toEqual([4_000]);
  });

  it('ends with a RateLimitError saying how long to wait when Retry-After exceeds the budget', async () => {
    const transport = scriptedTransport(
      problem(429, 'Too Many Requests', 'quota', {}, { 'retry-after': '120' }),
      ok,
    );
    const { client, runtime } = setup(transport);
    const error = await failureOf(client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 120_000, retryable: true, status: 429 });
    expect(said(error)).toContain('The server asks to wait 2 min');
    expect(said(error)).toContain('longer than the 10 s left');
    expect(transport.requests).toHaveLength(1);
    expect(runtime.sleeps).toEqual([]);
  });

  it('does not resend a POST after a 503', async () => {
    const transport = scriptedTransport(problem(503, 'Service Unavailable', 'busy'), ok);
    const { client } = setup(transport);
    const error = await failureOf(client.request({ method: 'POST', path: '/things', json: {} }));
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(said(error)).toContain('not safe to repeat');
    expect(transport.requests).toHaveLength(1);
  });

  it('resends a POST marked idempotent (a GraphQL query) after a 503', async () => {
    const transport = scriptedTransport(problem(503, 'Service Unavailable', 'busy'), ok);
    const { client } = setup(transport);
    await client.request({ method: 'POST', path: '/graphql', json: {}, idempotent: true });
    expect(transport.requests).toHaveLength(2);
  });

  it('resends a POST only when the connection was refused (it never reached the server)', async () => {
    const refused = scriptedTransport(new TransportFailure('refused', 'ECONNREFUSED', false), ok);
    await setup(refused).client.request({ method: 'POST', path: '/x', json: {} });
    expect(refused.requests).toHaveLength(2);

    const reset = scriptedTransport(new TransportFailure('reset', 'ECONNRESET', false), ok);
    const error = await failureOf(setup(reset).client.request({ method: 'POST', path: '/x', json: {} }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(said(error)).toContain('not safe to repeat');
    expect(reset.requests).toHaveLength(1);
  });

  it('retries a reset GET and reports a NetworkError when it keeps failing', async () => {
    const transport = scriptedTransport(new TransportFailure('socket hang up', 'ECONNRESET', false));
    const error = await failureOf(setup(transport).client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ networkCode: 'ECONNRESET', retryable: true });
    expect(said(error)).toContain('https://api.example.test');
    expect(said(error)).toContain('gave up after 4 attempts');
    expect(transport.requests).toHaveLength(4);
  });

  it('maps a timed-out attempt to a TimeoutError', async () => {
    const transport = scriptedTransport(new TransportFailure('no response', 'ETIMEDOUT', true));
    const error = await failureOf(
      setup(transport, { timeoutMs: 500, retry: { maxAttempts: 2 } }).client.request({ path: '/sites' }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 500, code: 'TIMEOUT' });
    expect(said(error)).toContain('within 500 ms');
    // Advice a user can follow: neither platform has a timeout setting to raise.
    expect(said(error)).toContain('a shorter range');
    expect(said(error)).not.toContain('raise the timeout');
    expect(transport.requests).toHaveLength(2);
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    const runtime = createFakeRuntime();
    const transport = scriptedTransport(() => {
      controller.abort(new Error('user cancelled'));
      return problem(503, 'Service Unavailable', 'busy');
    });
    const error = await failureOf(
      setup(transport, { runtime }).client.request({ path: '/sites', signal: controller.signal }),
    );
    expect(error.message).toBe('user cancelled');
    expect(transport.requests).toHaveLength(1);
  });
});

describe('createHttpClient: rejected credentials', () => {
  const invalidToken = problem(
    401,
    'Unauthorized',
    'The access token expired.',
    {},
    { 'www-authenticate': 'Bearer error="invalid_token"' },
  );

  it('asks the strategy for fresh credentials on 401 and replays once', async () => {
    const auth = createTestAuth({ token: 'stale-token-1', onRejected: () => 'fresh-token-2' });
    const transport = scriptedTransport(invalidToken, ok);
    const { client } = setup(transport, { auth });
    await client.request({ path: '/sites' });
    expect(auth.rejections).toEqual([{ status: 401, usedCredential: 'stale-token-1' }]);
    expect(transport.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer stale-token-1',
      'Bearer fresh-token-2',
    ]);
  });

  it('replays only once, then reports an AuthenticationError with advice for the credential kind', async () => {
    const auth = createTestAuth({ onRejected: () => 'another-token' });
    const transport = scriptedTransport(invalidToken);
    const error = await failureOf(setup(transport, { auth }).client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(said(error)).toContain('personal access token');
    expect(auth.rejections).toHaveLength(1);
    expect(transport.requests).toHaveLength(2);
  });

  it('does not replay when the strategy has nothing fresher', async () => {
    const auth = createTestAuth({ kind: 'authorizationCode' });
    const transport = scriptedTransport(invalidToken);
    const error = await failureOf(setup(transport, { auth }).client.request({ path: '/sites' }));
    expect(said(error)).toContain('Reconnect the credential');
    expect(transport.requests).toHaveLength(1);
  });

  it('passes on a ReauthorizationRequiredError thrown by the strategy', async () => {
    const auth = createTestAuth({ kind: 'authorizationCode' });
    auth.handleRejected = async () => {
      throw new ReauthorizationRequiredError({ message: 'The consent was revoked: authorize again.' });
    };
    const error = await failureOf(
      setup(scriptedTransport(invalidToken), { auth }).client.request({ path: '/sites' }),
    );
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
  });

  it('treats a 403 about a stale token as a rejection for client-credentials tokens', async () => {
    const auth = createTestAuth({
      kind: 'clientCredentials',
      token: 'cc-token-1',
      onRejected: () => 'cc-token-2',
    });
    const transport = scriptedTransport(problem(403, 'Forbidden', 'Token expired or invalid.'), ok);
    await setup(transport, { auth }).client.request({ path: '/sites' });
    expect(auth.rejections).toEqual([{ status: 403, usedCredential: 'cc-token-1' }]);
    expect(transport.requests).toHaveLength(2);
  });

  it('maps a 403 for a missing scope to a PermissionError naming the scope, when the strategy declines a refresh', async () => {
    const auth = createTestAuth({ kind: 'clientCredentials' });
    const transport = scriptedTransport(
      problem(
        403,
        'Forbidden',
        'The token lacks the scope read:carbon-emission.',
        {},
        {
          'www-authenticate': 'Bearer error="insufficient_scope" scope="read:carbon-emission"',
        },
      ),
    );
    const error = await failureOf(
      setup(transport, { auth }).client.request({ path: '/sites/site-0001/carbon-emissions' }),
    );
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ requiredScope: 'read:carbon-emission', status: 403 });
    expect(said(error)).toContain('lack the scope "read:carbon-emission"');
    // The client asks the strategy once (it owns what a 403 means) and replays nothing when it declines.
    expect(auth.rejections).toEqual([{ status: 403, usedCredential: DEMO_PAT }]);
    expect(transport.requests).toHaveLength(1);
  });

  it('never replays a 403 for a personal access token', async () => {
    const transport = scriptedTransport(problem(403, 'Forbidden', 'invalid_token'), json(200, []));
    const client = createHttpClient({
      baseUrl: BASE,
      transport,
      runtime: createFakeRuntime(),
      auth: createPersonalAccessTokenAuth({ token: 'pat-for-403' }),
    });
    await failureOf(client.request({ path: '/sites' }));
    expect(transport.requests).toHaveLength(1);
  });
});

describe('createHttpClient: error mapping', () => {
  it('names every invalid parameter of a 400', async () => {
    const transport = scriptedTransport(
      problem(400, 'Bad Request', 'Invalid request parameters: from, granularity.', {
        invalidParams: [
          { name: 'from', reason: 'must be ISO 8601 with an offset' },
          { name: 'granularity', reason: 'must be one of PT15M, PT1H, P1D, P1M' },
        ],
      }),
    );
    const error = await failureOf(
      setup(transport).client.request({ path: '/sites/site-0001/carbon-emissions' }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', retryable: false });
    expect(said(error)).toContain('from: must be ISO 8601 with an offset; granularity: must be one of PT15M');
    expect((error as ApiError).problem.invalidParams).toHaveLength(2);
    expect((error as ApiError).problem.title).toBe('Bad Request');
  });

  it('says which resource a 404 is about', async () => {
    const transport = scriptedTransport(problem(404, 'Not Found', 'Unknown site site-9999.'));
    const error = await failureOf(setup(transport).client.request({ path: '/sites/site-9999' }));
    expect(error).toMatchObject({ status: 404, retryable: false, requestId: 'req-123' });
    expect(said(error)).toContain('Unknown site site-9999.');
    expect(said(error)).toContain('"/ecostruxure/carbon-emission/v1/sites/site-9999" does not exist');
  });

  it('reports malformed JSON with what came back', async () => {
    const transport = scriptedTransport({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"id": "site-0001", "na',
    });
    const error = await failureOf(setup(transport).client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 200, retryable: false, code: 'INVALID_RESPONSE' });
    expect(said(error)).toContain('not valid JSON');
    expect(said(error)).toContain('{"id": "site-0001", "na');
  });

  it('reports an HTML gateway page as a retryable InvalidResponseError after retrying', async () => {
    const page = {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
    };
    const transport = scriptedTransport(page);
    const error = await failureOf(setup(transport).client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(said(error)).toContain('an HTML page ("502 Bad Gateway") instead of JSON');
    expect(transport.requests).toHaveLength(4);
  });

  it('points at the base URL when a 200 is an HTML page', async () => {
    const transport = scriptedTransport({
      status: 200,
      headers: {},
      body: '<!DOCTYPE html><title>Sign in</title>',
    });
    const error = await failureOf(setup(transport).client.request({ path: '/sites' }));
    expect(error).toMatchObject({ retryable: false });
    expect(said(error)).toContain('Check the base URL');
  });

  it('maps a 500 to a retryable ApiError without retrying it', async () => {
    const transport = scriptedTransport(problem(500, 'Internal Server Error', 'oops'));
    const error = await failureOf(setup(transport).client.request({ path: '/sites' }));
    expect(error).toMatchObject({ status: 500, retryable: true, code: 'API_ERROR' });
    expect(said(error)).toContain('Quote request ID req-123');
    expect(transport.requests).toHaveLength(1);
  });

  it('reports a redirect instead of following it', async () => {
    const transport = scriptedTransport({
      status: 301,
      headers: { location: 'https://elsewhere.test/' },
      body: '',
    });
    const error = await failureOf(setup(transport).client.request({ path: '/sites' }));
    expect(said(error)).toContain('redirected (301 to https://elsewhere.test/)');
  });

  it('reads GraphQL-style error bodies', async () => {
    const transport = scriptedTransport(
      json(401, { errors: [{ message: 'Missing token', extensions: { code: 'UNAUTHENTICATED' } }] }),
    );
    const error = await failureOf(
      setup(transport).client.request({ method: 'POST', path: '/graphql', json: {}, idempotent: true }),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(said(error)).toContain('Missing token');
  });
});

describe('createHttpClient: redaction', () => {
  const SECRET = 'sk-live-SUPER-SECRET-4242';

  function expectClean(error: Error, logs: string[]) {
    const places = [error.message, JSON.stringify(error), String(error.cause), error.stack ?? '', ...logs];
    for (const place of places) expect(place).not.toContain(SECRET);
  }

  function capturingLogger(): { logger: Logger; lines: string[] } {
    const lines: string[] = [];
    const record = (message: string, meta?: Record<string, unknown>) =>
      lines.push(`${message} ${JSON.stringify(meta ?? {})}`);
    return { logger: { debug: record, info: record, warn: record, error: record }, lines };
  }

  it('keeps a secret echoed by the server out of messages, JSON, causes and logs', async () => {
    const auth = createTestAuth({ token: SECRET });
    const { logger, lines } = capturingLogger();
    const transport = scriptedTransport(
      problem(503, 'Service Unavailable', `token ${SECRET} is overloaded`),
      problem(400, 'Bad Request', `bad ${SECRET}`, {
        invalidParams: [{ name: 'apikey', reason: `value ${SECRET} is wrong` }],
      }),
    );
    const error = await failureOf(setup(transport, { auth, logger }).client.request({ path: '/sites' }));
    expect(said(error)).toContain('[REDACTED]');
    expectClean(error, lines);
    expect(lines.length).toBeGreaterThan(0);
    // Metadata survives redaction (only secret-named keys are masked).
    expect(lines.some((line) => line.includes('"errorCode":"VALIDATION_FAILED"'))).toBe(true);
  });

  it('keeps a secret out of a transport error that broke the contract (an axios-like error with headers)', async () => {
    const auth = createTestAuth({ token: SECRET });
    const { logger, lines } = capturingLogger();
    const transport: Transport = {
      async send(request) {
        const error = new Error(
          `Request failed with Authorization ${request.headers.authorization}`,
        ) as Error & Record<string, unknown>;
        error.code = 'ECONNRESET';
        error.config = { headers: request.headers };
        throw error;
      },
    };
    const error = await failureOf(setup(transport, { auth, logger }).client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ networkCode: 'ECONNRESET' });
    expectClean(error, lines);
  });

  it('keeps a secret out of a raw error thrown while applying credentials', async () => {
    const auth = createTestAuth({ token: SECRET });
    auth.apply = async () => {
      throw new Error(`token endpoint said no to client_secret=${SECRET}`);
    };
    const error = await failureOf(setup(scriptedTransport(ok), { auth }).client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expectClean(error, []);
  });
});

describe('createHttpClient: concurrency', () => {
  it('runs at most maxConcurrency requests at once across all callers', async () => {
    let inFlight = 0;
    let peak = 0;
    const transport: ScriptedTransport = scriptedTransport(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return ok;
    });
    const { client } = setup(transport, { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, index) => client.request({ path: `/sites/${index}` })));
    expect(peak).toBe(3);
    expect(transport.requests).toHaveLength(12);
  });
});
