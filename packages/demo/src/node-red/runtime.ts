/**
 * An embedded Node-RED 5, as its documentation describes embedding: `RED.init(server, settings)` and
 * `RED.start()` on a loopback port, the editor at `/`, HTTP-in endpoints and the dashboard under it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The part of Node-RED's embedding API the demo uses. */
interface NodeRedModule {
  init(server: Server, settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: (req: unknown, res: unknown, next: () => void) => void;
  httpNode: (req: unknown, res: unknown, next: () => void) => void;
  events: { once(event: string, listener: () => void): void };
}

export interface FlowNode {
  id: string;
  type: string;
  [property: string]: unknown;
}

export interface RunningNodeRed {
  /** The editor, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Replaces every flow, as the editor's Deploy button does, and waits until they run. */
  deploy(flows: FlowNode[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startNodeRed(userDir: string): Promise<RunningNodeRed> {
  const RED = require('node-red') as NodeRedModule;
  const server = createServer((req, res) => {
    RED.httpAdmin(req, res, () =>
      RED.httpNode(req, res, () => {
        res.statusCode = 404;
        res.end();
      }),
    );
  });
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    // A fresh user directory per run: a random secret is enough to encrypt its credentials file.
    credentialSecret: randomBytes(16).toString('hex'),
    uiHost: '127.0.0.1',
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    telemetry: { enabled: false },
    externalModules: { palette: { allowInstall: false } },
    logging: { console: { level: process.env.DEMO_NODE_RED_LOG ?? 'error', audit: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  // RED.start can resolve before the (empty) first flows have started: wait for both, so the next
  // `flows:started` is the deploy's own.
  const firstStart = new Promise<void>((resolve) => RED.events.once('flows:started', resolve));
  await RED.start();
  await firstStart;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    async deploy(flows) {
      const started = new Promise<void>((resolve) => RED.events.once('flows:started', resolve));
      const response = await fetch(`${url}/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
        body: JSON.stringify(flows),
      });
      if (!response.ok)
        throw new Error(`Node-RED refused the demo flows: ${response.status} ${await response.text()}`);
      await started;
    },
    async stop() {
      await RED.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
