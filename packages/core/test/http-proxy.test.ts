/**
 * The undici transport behind a proxy: with HTTP_PROXY / HTTPS_PROXY set, requests to the simulator go
 * through a small local CONNECT proxy (the way undici tunnels), NO_PROXY lets listed hosts go straight,
 * and without the variables nothing changes.
 */
import { type SimulatorHandle, startSimulator } from '@ecostruxure-connector/simulator';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUndiciTransport, proxyInEnvironment } from '../src/node/index.js';

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

interface Proxy {
  url: string;
  /** The `host:port` of every tunnel asked for, in order. */
  tunnels: string[];
  close(): Promise<void>;
}

/** A forwarding proxy that only tunnels (HTTP CONNECT), and records where to. */
async function startProxy(): Promise<Proxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_request, response) => {
    response.writeHead(405).end('This proxy only tunnels.');
  });
  server.on('connect', (request, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push(target);
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let sim: SimulatorHandle;
let proxy: Proxy;
const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  proxy = await startProxy();
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});
afterEach(() => {
  for (const name of PROXY_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  proxy.tunnels.length = 0;
});

function useEnvironment(values: Record<string, string>): void {
  for (const name of PROXY_VARIABLES) delete process.env[name];
  Object.assign(process.env, values);
}

async function fetchSites(options: Parameters<typeof createUndiciTransport>[0] = {}): Promise<number> {
  const transport = createUndiciTransport(options);
  try {
    const response = await transport.send({
      method: 'GET',
      url: `${sim.url}/ecostruxure/carbon-emission/v1/sites`,
      headers: { authorization: 'Bearer demo-personal-access-token' },
      timeoutMs: 10_000,
    });
    return response.status;
  } finally {
    transport.close();
  }
}

const simHost = () => new URL(sim.url).host;

describe('the undici transport and the proxy environment variables', () => {
  it('goes through the proxy HTTP_PROXY names', async () => {
    useEnvironment({ HTTP_PROXY: proxy.url });
    expect(await fetchSites()).toBe(200);
    expect(proxy.tunnels).toEqual([simHost()]);
  });

  it('reads the lower-case variable too', async () => {
    useEnvironment({ http_proxy: proxy.url });
    expect(proxyInEnvironment()).toBe(true);
    expect(await fetchSites()).toBe(200);
    expect(proxy.tunnels).toEqual([simHost()]);
  });

  it('keeps HTTPS_PROXY for https: a plain-http URL (the local simulator) goes straight', async () => {
    useEnvironment({ HTTPS_PROXY: proxy.url });
    expect(proxyInEnvironment()).toBe(true);
    expect(await fetchSites()).toBe(200);
    expect(proxy.tunnels).toEqual([]);
  });

  it('goes straight to a host NO_PROXY lists', async () => {
    useEnvironment({ HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' });
    expect(await fetchSites()).toBe(200);
    expect(proxy.tunnels).toEqual([]);
  });

  it('goes straight without the variables, or when told not to use them', async () => {
    useEnvironment({});
    expect(proxyInEnvironment()).toBe(false);
    expect(await fetchSites()).toBe(200);
    useEnvironment({ HTTP_PROXY: proxy.url });
    expect(await fetchSites({ useEnvironmentProxy: false })).toBe(200);
    expect(proxy.tunnels).toEqual([]);
  });
});
