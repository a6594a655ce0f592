/**
 * The HTTP client against the real simulator over real sockets (axios transport, and the default undici
 * one for every fault kind), with faults injected through its control API. Waits between retries run on
 * virtual time, so nothing here sleeps for long.
 */
import { type SimulatorHandle, startSimulator } from '@ecostruxure-connector/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BatchError,
  InvalidResponseError,
  type Logger,
  NetworkError,
  PermissionError,
  RateLimitError,
  TimeoutError,
  type Transport,
} from '../src/index.js';
import {
  createHttpClient,
  type HttpClient,
  mapWithConcurrency,
  type ProgressEvent,
  type RetryOptions,
} from '../src/advanced.js';
import { encodePathSegment } from '../src/http/types.js';
import {
  type AxiosTransport,
  createAxiosTransport,
  createUndiciTransport,
  type UndiciTransport,
} from '../src/node/index.js';
import { countingTransport, type CountingTransport } from './support/counting-transport.js';
import { createFakeRuntime, type FakeRuntime } from './support/fake-runtime.js';
import { createTestAuth, DEMO_PAT, type TestAuth } from './support/test-auth.js';

/** What an error tells the user: what happened, then what to do. */
const said = (error: unknown) => {
  const { message, description } = error as { message: string; description?: string };
  return `${message} ${description ?? ''}`;
};

const SITES = '/ecostruxure/carbon-emission/v1/sites';
const FAKE_SECRET = 'sk-FAKE-SECRET-0042-do-not-log';

let sim: SimulatorHandle;
let axiosTransport: AxiosTransport;
let undiciTransport: UndiciTransport;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    personalAccessTokens: [
      { value: DEMO_PAT, scopes: ['read:site', 'read:carbon-emission'] },
      { value: FAKE_SECRET, scopes: ['read:site', 'read:carbon-emission'] },
      { value: 'sites-only-token', scopes: ['read:site'] },
    ],
  });
  axiosTransport = createAxiosTransport({ keepAlive: true });
  undiciTransport = createUndiciTransport();
});

afterEach(() => {
  sim.control.clearFaults();
  sim.control.setClockSkew(0);
});

afterAll(async () => {
  axiosTransport.close();
  undiciTransport.close();
  await sim.close();
});

interface Setup {
  client: HttpClient;
  runtime: FakeRuntime;
  transport: CountingTransport;
  auth: TestAuth;
  logs: string[];
}

function setup(
  options: {
    auth?: TestAuth;
    retry?: RetryOptions;
    timeoutMs?: number;
    maxConcurrency?: number;
    random?: () => number;
    transport?: Transport;
  } = {},
): Setup {
  const runtime = createFakeRuntime(options.random ? { random: options.random } : {});
  const transport = countingTransport(options.transport ?? axiosTransport);
  const auth = options.auth ?? createTestAuth();
  const logs: string[] = [];
  const record = (message: string, meta?: Record<string, unknown>) =>
    logs.push(`${message} ${JSON.stringify(meta ?? {})}`);
  const logger: Logger = { debug: record, info: record, warn: record, error: record };
  const client = createHttpClient({
    baseUrl: sim.urls.carbonApi,
    auth,
    transport,
    runtime,
    logger,
    timeoutMs: options.timeoutMs ?? 5_000,
    retry: { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 2_000, budgetMs: 20_000, ...options.retry },
    ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
  });
  return { client, runtime, transport, auth, logs };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the request to fail');
  return outcome;
}

describe('HTTP client against the simulator', () => {
  it('lists sites with the demo personal access token', async () => {
    const { client } = setup();
    const response = await client.request<Array<{ id: string }>>({ path: '/sites' });
    expect(response.status).toBe(200);
    expect(response.data[0]?.id).toBe('site-0001');
    expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([502, 503, 504])('retries on %i, then succeeds', async (status) => {
    sim.control.addFault({ kind: 'status', status, route: `GET ${SITES}`, count: 2 });
    const { client, transport, runtime } = setup();
    const response = await client.request({ path: '/sites' });
    expect(response.status).toBe(200);
    expect(transport.sent).toHaveLength(3);
    expect(runtime.sleeps).toHaveLength(2);
  });

  it('gives up when the budget is spent, with a typed retryable error', async () => {
    sim.control.addFault({ kind: 'status', status: 503, route: `GET ${SITES}` });
    const { client, transport } = setup({
      retry: { maxAttempts: 10, baseDelayMs: 400, budgetMs: 1_000 },
      random: () => 0.99,
    });
    const error = await failureOf(client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, retryable: true, code: 'API_ERROR' });
    expect((error as ApiError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(said(error)).toContain('gave up after 2 attempts');
    expect(transport.sent).toHaveLength(2);
  });

  it('waits as long as Retry-After in seconds says', async () => {
    sim.control.addFault({
      kind: 'rate-limit',
      route: `GET ${SITES}`,
      count: 1,
      retryAfterSeconds: 3,
      retryAfterFormat: 'seconds',
    });
    const { client, runtime, transport } = setup();
    await client.request({ path: '/sites' });
    expect(runtime.sleeps).toEqual([3_000]);
    expect(transport.sent).toHaveLength(2);
  });

  it.each([3 * 3_600_000, -2 * 3_600_000])(
    'waits right for a Retry-After HTTP date whatever the server clock skew (%i ms)',
    async (skewMs) => {
      sim.control.setClockSkew(skewMs);
      sim.control.addFault({
        kind: 'rate-limit',
        route: `GET ${SITES}`,
        count: 1,
        retryAfterSeconds: 4,
        retryAfterFormat: 'http-date',
      });
      // The fake runtime's clock is another year altogether: only the server's Date header can give the wait.
      const { client, runtime } = setup();
      await client.request({ path: '/sites' });
      expect(runtime.sleeps).toHaveLength(1);
      // HTTP dates have whole seconds, so the measured wait may lose up to one second.
      expect(runtime.sleeps[0]).toBeGreaterThanOrEqual(3_000);
      expect(runtime.sleeps[0]).toBeLessThanOrEqual(4_000);
    },
  );

  it('ends with a RateLimitError saying how long to wait when Retry-After exceeds the budget', async () => {
    sim.control.addFault({
      kind: 'rate-limit',
      route: `GET ${SITES}`,
      retryAfterSeconds: 90,
      retryAfterFormat: 'seconds',
    });
    const { client, transport, runtime } = setup();
    const error = await failureOf(client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 90_000, retryable: true, code: 'RATE_LIMITED' });
    expect(said(error)).toContain('The server asks to wait 90 s');
    expect(transport.sent).toHaveLength(1);
    expect(runtime.sleeps).toEqual([]);
  });

  it('does not resend a non-idempotent POST after a 503', async () => {
    sim.control.clearRequests();
    sim.control.addFault({ kind: 'status', status: 503, route: `POST ${SITES}`, count: 1 });
    const { client, transport } = setup();
    const error = await failureOf(client.request({ method: 'POST', path: '/sites', json: { name: 'x' } }));
    expect(error).toMatchObject({ status: 503 });
    expect(transport.sent).toHaveLength(1);
    const posts = sim.control.requests({ pathPrefix: SITES }).filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(1);
  });

  it('turns a hung request into a TimeoutError after retrying', async () => {
    sim.control.addFault({ kind: 'hang', route: `GET ${SITES}` });
    const { client, transport } = setup({ timeoutMs: 300, retry: { maxAttempts: 2 } });
    const error = await failureOf(client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 300, retryable: true });
    expect(said(error)).toContain('within 300 ms');
    expect(transport.sent).toHaveLength(2);
  });

  it('retries a reset connection and succeeds', async () => {
    sim.control.addFault({ kind: 'reset', route: `GET ${SITES}`, count: 1 });
    const { client, transport } = setup();
    expect((await client.request({ path: '/sites' })).status).toBe(200);
    expect(transport.sent).toHaveLength(2);
  });

  it('reports a NetworkError when the connection keeps being reset', async () => {
    sim.control.addFault({ kind: 'reset', route: `GET ${SITES}` });
    const { client } = setup({ retry: { maxAttempts: 2 } });
    const error = await failureOf(client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).networkCode).toMatch(/^(ECONNRESET|EPIPE|ERR_BAD_RESPONSE)$/);
  });

  it('reports malformed JSON as an InvalidResponseError', async () => {
    sim.control.addFault({ kind: 'malformed-json', route: `GET ${SITES}`, count: 1 });
    const error = await failureOf(setup().client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(said(error)).toContain('not valid JSON');
    expect(said(error)).toContain('{"items":');
  });

  it('retries an HTML gateway page and reports it as a retryable InvalidResponseError when it persists', async () => {
    sim.control.addFault({ kind: 'html-error', route: `GET ${SITES}` });
    const { client, transport } = setup({ retry: { maxAttempts: 2 } });
    const error = await failureOf(client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(said(error)).toContain('HTML page ("502 Bad Gateway")');
    expect(transport.sent).toHaveLength(2);
  });

  it('does not retry a 500 (a server bug, not a passing state) and says what to do', async () => {
    sim.control.addFault({ kind: 'status', status: 500, route: `GET ${SITES}`, count: 1 });
    const { client, transport, runtime } = setup();
    const error = await failureOf(client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500, code: 'API_ERROR', retryable: true });
    expect(said(error)).toMatch(/failed with 500 .*Try again later/);
    expect(transport.sent).toHaveLength(1);
    expect(runtime.sleeps).toEqual([]);
  });

  it('a delay shorter than the timeout is only slower; a longer one is a TimeoutError', async () => {
    sim.control.addFault({ kind: 'delay', route: `GET ${SITES}`, delayMs: 100, count: 1 });
    const patient = setup({ timeoutMs: 10_000 });
    expect((await patient.client.request({ path: '/sites' })).status).toBe(200);
    expect(patient.transport.sent).toHaveLength(1);

    // The simulator waits 5 s; the client gives up after 300 ms (wide apart, so a loaded machine agrees).
    sim.control.addFault({ kind: 'delay', route: `GET ${SITES}`, delayMs: 5_000, count: 1 });
    const hasty = setup({ timeoutMs: 300, retry: { maxAttempts: 1 } });
    const error = await failureOf(hasty.client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 300, retryable: true });
  });

  it('on 401 asks the strategy for fresh credentials and replays once', async () => {
    const auth = createTestAuth({ token: 'expired-token-123', onRejected: () => DEMO_PAT });
    const { client, transport } = setup({ auth });
    expect((await client.request({ path: '/sites' })).status).toBe(200);
    expect(auth.rejections).toEqual([{ status: 401, usedCredential: 'expired-token-123' }]);
    expect(transport.sent).toHaveLength(2);
  });

  it('on a second 401 reports an AuthenticationError', async () => {
    const auth = createTestAuth({ token: 'expired-token-123', onRejected: () => 'still-wrong-token' });
    const { client, transport } = setup({ auth });
    const error = await failureOf(client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(said(error)).toContain('The access token is unknown.');
    expect(auth.rejections).toHaveLength(1);
    expect(transport.sent).toHaveLength(2);
  });

  it('maps a missing scope to a PermissionError naming it', async () => {
    const auth = createTestAuth({ token: 'sites-only-token' });
    const error = await failureOf(
      setup({ auth }).client.request({ path: '/sites/site-0001/carbon-emissions' }),
    );
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as PermissionError).requiredScope).toBe('read:carbon-emission');
    // Asked once; the strategy declined, so nothing was replayed.
    expect(auth.rejections).toHaveLength(1);
  });

  it('says which site a 404 is about', async () => {
    const error = await failureOf(
      setup().client.request({ path: `/sites/${encodePathSegment('site-9999')}` }),
    );
    expect(error).toMatchObject({ status: 404, retryable: false });
    expect(said(error)).toContain('/sites/site-9999');
  });

  it('names each invalid parameter of a 400', async () => {
    const error = await failureOf(
      setup().client.request({
        path: '/sites/site-0001/carbon-emissions',
        query: { from: 'yesterday', to: '2025-01-02T00:00:00Z', granularity: 'PT5M' },
      }),
    );
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(said(error)).toMatch(/from: .+; .*granularity: /);
  });

  it('never runs more requests at once than maxConcurrency, and reports progress', async () => {
    sim.control.addFault({ kind: 'delay', route: `GET ${SITES}/*`, delayMs: 60 });
    const { client, transport } = setup({ maxConcurrency: 4 });
    const siteIds = sim.control.siteIds().slice(0, 16);
    const events: ProgressEvent[] = [];
    // The batch asks for more parallelism than the client allows: the client's limit must win.
    const sites = await mapWithConcurrency(
      siteIds,
      16,
      async (siteId) =>
        (await client.request<{ id: string }>({ path: `/sites/${encodePathSegment(siteId)}` })).data,
      { onProgress: (event) => events.push(event) },
    );
    expect(sites.map((site) => site.id)).toEqual(siteIds);
    expect(transport.peak).toBe(4);
    expect(transport.sent).toHaveLength(16);
    expect(events).toHaveLength(16);
    expect(events.at(-1)).toEqual({ completed: 16, total: 16, failed: 0 });
  });

  it('lists every failed item of a batch and keeps the others', async () => {
    const { client } = setup();
    const error = await failureOf(
      mapWithConcurrency(
        ['site-0001', 'site-9999', 'site-0002'],
        3,
        async (siteId) => (await client.request({ path: `/sites/${encodePathSegment(siteId)}` })).data,
        { describe: (siteId) => siteId },
      ),
    );
    expect(error).toBeInstanceOf(BatchError);
    const batch = error as BatchError;
    expect(batch.failures.map((failure) => failure.label)).toEqual(['site-9999']);
    expect(batch.failures[0]?.error).toBeInstanceOf(ApiError);
    expect(batch.results.filter(Boolean)).toHaveLength(2);
  });

  describe('redaction', () => {
    function expectNoSecret(error: Error, logs: string[]) {
      expect(logs.length).toBeGreaterThan(0);
      for (const text of [
        error.message,
        JSON.stringify(error),
        String(error.cause),
        error.stack ?? '',
        ...logs,
      ]) {
        expect(text).not.toContain(FAKE_SECRET);
      }
    }

    it('keeps the token out of a refused request', async () => {
      const auth = createTestAuth({ token: `${FAKE_SECRET}-wrong` });
      const { client, logs } = setup({ auth });
      const error = await failureOf(client.request({ path: '/sites' }));
      expect(error).toBeInstanceOf(AuthenticationError);
      expectNoSecret(error, logs);
    });

    it('keeps the token out of network failures (no axios error escapes)', async () => {
      sim.control.addFault({ kind: 'reset', route: `GET ${SITES}` });
      const auth = createTestAuth({ token: FAKE_SECRET });
      const { client, logs } = setup({ auth, retry: { maxAttempts: 2 } });
      const error = await failureOf(client.request({ path: '/sites' }));
      expect(error).toBeInstanceOf(NetworkError);
      expect(String(error.cause)).not.toMatch(/authorization|AxiosError/i);
      expectNoSecret(error, logs);
    });

    it('keeps the token out of timeouts and gateway errors', async () => {
      const auth = createTestAuth({ token: FAKE_SECRET });
      sim.control.addFault({ kind: 'hang', route: `GET ${SITES}`, count: 1 });
      const timeout = setup({ auth, timeoutMs: 200, retry: { maxAttempts: 1 } });
      expectNoSecret(await failureOf(timeout.client.request({ path: '/sites' })), timeout.logs);

      sim.control.addFault({ kind: 'status', status: 503, route: `GET ${SITES}` });
      const gateway = setup({ auth, retry: { maxAttempts: 2 } });
      expectNoSecret(await failureOf(gateway.client.request({ path: '/sites' })), gateway.logs);
    });
  });
});

/**
 * Each fault kind the simulator can inject, observed through the client on the default undici transport
 * (the rest of this file uses axios): the error class, code and retry behaviour a user gets.
 */
describe('every fault kind through the undici transport', () => {
  interface Case {
    name: string;
    rule: Parameters<SimulatorHandle['control']['addFault']>[0];
    type: new (...args: never[]) => Error;
    code: string;
    /** Requests sent: retried kinds use all attempts, the others one. */
    sent: number;
  }
  const ATTEMPTS = 2;
  const cases: Case[] = [
    { name: 'status 500', rule: { kind: 'status', status: 500 }, type: ApiError, code: 'API_ERROR', sent: 1 },
    ...[502, 503, 504].map((status) => ({
      name: `status ${status}`,
      rule: { kind: 'status' as const, status },
      type: ApiError,
      code: 'API_ERROR',
      sent: ATTEMPTS,
    })),
    {
      name: 'rate limit, Retry-After in seconds',
      rule: { kind: 'rate-limit', retryAfterSeconds: 1 },
      type: RateLimitError,
      code: 'RATE_LIMITED',
      sent: ATTEMPTS,
    },
    {
      name: 'rate limit, Retry-After as an HTTP date',
      rule: { kind: 'rate-limit', retryAfterSeconds: 2, retryAfterFormat: 'http-date' },
      type: RateLimitError,
      code: 'RATE_LIMITED',
      sent: ATTEMPTS,
    },
    { name: 'hang', rule: { kind: 'hang' }, type: TimeoutError, code: 'TIMEOUT', sent: ATTEMPTS },
    { name: 'reset', rule: { kind: 'reset' }, type: NetworkError, code: 'NETWORK_ERROR', sent: ATTEMPTS },
    {
      name: 'malformed JSON',
      rule: { kind: 'malformed-json' },
      type: InvalidResponseError,
      code: 'INVALID_RESPONSE',
      sent: 1,
    },
    {
      name: 'HTML error page',
      rule: { kind: 'html-error' },
      type: InvalidResponseError,
      code: 'INVALID_RESPONSE',
      sent: ATTEMPTS,
    },
  ];

  it.each(cases)('$name', async ({ rule, type, code, sent }) => {
    sim.control.addFault({ ...rule, route: `GET ${SITES}` });
    const { client, transport, runtime } = setup({
      transport: undiciTransport,
      timeoutMs: rule.kind === 'hang' ? 300 : 10_000,
      retry: { maxAttempts: ATTEMPTS },
    });
    const error = await failureOf(client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ code });
    expect(transport.sent).toHaveLength(sent);
    if (rule.kind === 'rate-limit') {
      // Waited what the server asked (an HTTP date loses up to a second to rounding), then gave up.
      const asked = (rule.retryAfterSeconds ?? 1) * 1000;
      expect(runtime.sleeps).toHaveLength(1);
      expect(runtime.sleeps[0]).toBeGreaterThanOrEqual(asked - 1000);
      expect(runtime.sleeps[0]).toBeLessThanOrEqual(asked);
      expect((error as RateLimitError).retryAfterMs).toBeLessThanOrEqual(asked);
    }
    // A user-facing message: what happened and what to do.
    expect(said(error)).toMatch(/try again|check/i);
    // What adapters put in node outputs: the same facts, the cause included.
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: error.name,
      code,
      message: error.message,
      // Only a 200 with a broken body says nothing about later attempts.
      retryable: rule.kind !== 'malformed-json',
    });
    if (rule.kind === 'reset') {
      expect(json.cause).toMatchObject({ name: 'TransportFailure', code: 'ECONNRESET' });
      expect(json.cause).toHaveProperty('message');
    }
  });

  it('delay: the answer arrives, later', async () => {
    sim.control.addFault({ kind: 'delay', route: `GET ${SITES}`, delayMs: 50 });
    const { client, transport } = setup({ transport: undiciTransport, timeoutMs: 10_000 });
    expect((await client.request({ path: '/sites' })).status).toBe(200);
    expect(transport.sent).toHaveLength(1);
  });
});
