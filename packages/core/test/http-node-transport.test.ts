/** The Node-only pieces: the axios and undici transports and the timer-based runtime. */
import { type SimulatorHandle, startSimulator } from '@ecostruxure-connector/simulator';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, RESPONSE_TOO_LARGE } from '../src/advanced.js';
import { InvalidResponseError, TransportFailure, ValidationError } from '../src/index.js';
import { createAxiosTransport, createUndiciTransport, nodeRuntime } from '../src/node/index.js';
import { countingTransport } from './support/counting-transport.js';
import { createFakeRuntime } from './support/fake-runtime.js';
import { createTestAuth, DEMO_PAT } from './support/test-auth.js';

let sim: SimulatorHandle;
const transports = {
  axios: createAxiosTransport({ maxSockets: 8 }),
  undici: createUndiciTransport({ connections: 8 }),
};

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});

afterAll(async () => {
  transports.axios.close();
  transports.undici.close();
  await sim.close();
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe.each(Object.entries(transports))('the %s transport', (_name, transport) => {
  it('returns every status with the raw text body and lower-case headers', async () => {
    const response = await transport.send({
      method: 'GET',
      url: `${sim.urls.carbonApi}/sites/site-9999`,
      headers: { Authorization: `Bearer ${DEMO_PAT}` },
      timeoutMs: 5_000,
    });
    expect(response.status).toBe(404);
    expect(typeof response.body).toBe('string');
    expect(JSON.parse(response.body)).toMatchObject({ status: 404 });
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it('does not follow redirects', async () => {
    const response = await transport.send({
      method: 'GET',
      url: `${sim.urls.authorize}?client_id=demo-isv-app&response_type=code&redirect_uri=${encodeURIComponent('http://127.0.0.1/callback')}&scope=nope&state=s`,
      headers: {},
      timeoutMs: 5_000,
    });
    expect(response.status).toBe(302);
    expect(response.headers.location).toContain('error=invalid_scope');
  });

  it('fails with a TransportFailure carrying the code, never the library error', async () => {
    const port = await closedPort();
    const error = await rejectionOf(
      transport.send({
        method: 'GET',
        url: `http://127.0.0.1:${port}/x`,
        headers: { authorization: 'Bearer sk-FAKE-TRANSPORT-SECRET' },
        timeoutMs: 2_000,
      }),
    );
    expect(error).toBeInstanceOf(TransportFailure);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', timedOut: false });
    const failure = error as TransportFailure;
    expect(failure.cause).toBeUndefined();
    expect(JSON.stringify(failure)).not.toContain('sk-FAKE-TRANSPORT-SECRET');
    expect(Object.keys(failure)).not.toContain('config');
  });

  it('flags a timeout and tells a caller abort apart from it', async () => {
    sim.control.addFault({ kind: 'hang', route: 'GET /ecostruxure/carbon-emission/v1/sites', count: 2 });
    const request = {
      method: 'GET' as const,
      url: `${sim.urls.carbonApi}/sites`,
      headers: {},
      timeoutMs: 150,
    };
    expect(await rejectionOf(transport.send(request))).toMatchObject({ code: 'ETIMEDOUT', timedOut: true });
    const controller = new AbortController();
    const pending = rejectionOf(transport.send({ ...request, timeoutMs: 5_000, signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ code: 'ABORTED', timedOut: false });
    sim.control.clearFaults();
  });

  it('reports a connection reset as ECONNRESET', async () => {
    sim.control.addFault({ kind: 'reset', route: 'GET /ecostruxure/carbon-emission/v1/sites', count: 1 });
    const error = await rejectionOf(
      transport.send({ method: 'GET', url: `${sim.urls.carbonApi}/sites`, headers: {}, timeoutMs: 5_000 }),
    );
    expect(error).toMatchObject({ code: 'ECONNRESET', timedOut: false });
  });

  it('lets the client resend a POST whose connection was refused', async () => {
    const port = await closedPort();
    const counting = countingTransport(transport);
    const client = createHttpClient({
      baseUrl: `http://127.0.0.1:${port}/api`,
      auth: createTestAuth(),
      transport: counting,
      runtime: createFakeRuntime(),
      retry: { maxAttempts: 3 },
    });
    const error = await rejectionOf(client.request({ method: 'POST', path: '/things', json: {} }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', networkCode: 'ECONNREFUSED' });
    expect(counting.sent).toHaveLength(3);
  });
});

describe.each([
  ['axios', createAxiosTransport],
  ['undici', createUndiciTransport],
] as const)('the %s transport with a response size limit', (_name, create) => {
  const sitesUrl = () => `${sim.urls.carbonApi}/sites`;
  const get = (transport: ReturnType<typeof create>) =>
    transport.send({
      method: 'GET',
      url: sitesUrl(),
      headers: { authorization: `Bearer ${DEMO_PAT}` },
      timeoutMs: 5_000,
    });

  it('drops a body over the limit with RESPONSE_TOO_LARGE and keeps one under it', async () => {
    const small = create({ maxResponseBytes: 1_000 });
    const roomy = create({ maxResponseBytes: 1_000_000 });
    try {
      const error = await rejectionOf(get(small));
      expect(error).toBeInstanceOf(TransportFailure);
      expect(error).toMatchObject({ code: RESPONSE_TOO_LARGE, timedOut: false });
      const response = await get(roomy);
      expect(response.status).toBe(200);
      expect(response.body.length).toBeGreaterThan(1_000);
    } finally {
      small.close();
      roomy.close();
    }
  });

  it('the client reports it once, as an invalid response with what to do, without retrying', async () => {
    const counting = countingTransport(create({ maxResponseBytes: 1_000 }));
    const client = createHttpClient({
      baseUrl: sim.urls.carbonApi,
      auth: createTestAuth(),
      transport: counting,
      runtime: createFakeRuntime(),
      retry: { maxAttempts: 4 },
    });
    const error = await rejectionOf(client.request({ path: '/sites' }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    const { message, description } = error as InvalidResponseError;
    expect(`${message} ${description}`).toMatch(
      /larger than the transport's limit.*shorter date range.*maxResponseBytes/,
    );
    expect(counting.sent).toHaveLength(1);
  });

  it.each([0, -5, 1.5, Number.NaN])('refuses maxResponseBytes %s, naming the option', (value) => {
    expect(() => create({ maxResponseBytes: value })).toThrow(ValidationError);
    expect(() => create({ maxResponseBytes: value })).toThrow(
      /maxResponseBytes must be a whole number of bytes/,
    );
  });
});

describe('nodeRuntime', () => {
  it('sleeps, and stops sleeping when aborted', async () => {
    const started = nodeRuntime.now();
    await nodeRuntime.sleep(20);
    expect(nodeRuntime.now() - started).toBeGreaterThanOrEqual(15);

    const controller = new AbortController();
    const pending = rejectionOf(nodeRuntime.sleep(10_000, controller.signal));
    controller.abort(new Error('stop'));
    expect(await pending).toMatchObject({ message: 'stop' });
    expect(await rejectionOf(nodeRuntime.sleep(10, controller.signal))).toMatchObject({ message: 'stop' });

    const value = nodeRuntime.random();
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(1);
  });
});
