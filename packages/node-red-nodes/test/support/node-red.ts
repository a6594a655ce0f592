/**
 * Starts a real Node-RED (5.x or 4.1.x, both installed as devDependencies) in a child process with this
 * package installed in its user directory, and drives it over its admin HTTP API like the editor does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { packageRoot } from './paths.js';

export type NodeRedVersion = '5' | '4';

/** The npm alias each version is installed under (see package.json). */
export const RUNTIME_MODULES: Record<NodeRedVersion, string> = { '5': 'node-red', '4': 'node-red-4' };

export const ADMIN = { username: 'admin', password: 'correct-horse-battery' };
export const CREDENTIAL_SECRET = 'integration-test-credential-secret';

export interface FlowNode {
  id: string;
  type: string;
  [key: string]: unknown;
}

export interface NodeRed {
  version: NodeRedVersion;
  url: string;
  userDir: string;
  /** The admin's bearer token (for the comms websocket). */
  token: string;
  /** A request to the admin API with the admin's bearer token (unless `anonymous`). */
  request(path: string, init?: RequestInit & { anonymous?: boolean }): Promise<Response>;
  deploy(flows: FlowNode[]): Promise<void>;
  /** Stops the process and starts it again on the same user directory (no deploy). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Everything the runtime logged, for assertions that nothing secret was written. */
  output(): string;
}

export interface StartOptions {
  version: NodeRedVersion;
  /** A user directory to reuse (otherwise a new temporary one, removed on stop). */
  userDir?: string;
  /** Serve `GET /_test/memory` (heap after a full GC, RSS, open sockets) for the soak. */
  memoryProbe?: boolean;
  /** Environment variables for the runtime on top of this process's, e.g. its TZ. */
  env?: Record<string, string>;
}

function prepareUserDir(): string {
  const userDir = mkdtempSync(join(tmpdir(), 'ecostruxure-node-red-'));
  writeFileSync(
    join(userDir, 'package.json'),
    JSON.stringify({
      name: 'node-red-user-dir',
      private: true,
      dependencies: { '@ecostruxure-connector/node-red-nodes': '*' },
    }),
  );
  const installed = join(userDir, 'node_modules', '@ecostruxure-connector', 'node-red-nodes');
  mkdirSync(dirname(installed), { recursive: true });
  symlinkSync(packageRoot, installed, 'dir');
  return userDir;
}

export async function startNodeRed(options: StartOptions): Promise<NodeRed> {
  const userDir = options.userDir ?? prepareUserDir();
  const ownsUserDir = options.userDir === undefined;
  const settingsFile = join(userDir, 'test-settings.json');
  let output = '';
  let child: ChildProcess | undefined;
  let url = '';
  let token = '';

  async function launch(port: number): Promise<void> {
    writeFileSync(
      settingsFile,
      JSON.stringify({
        runtimeModule: RUNTIME_MODULES[options.version],
        userDir,
        port,
        credentialSecret: CREDENTIAL_SECRET,
        admin: ADMIN,
        memoryProbe: options.memoryProbe === true,
      }),
    );
    const started = spawn(
      process.execPath,
      [
        ...(options.memoryProbe ? ['--expose-gc'] : []),
        join(packageRoot, 'test', 'support', 'node-red-main.cjs'),
        settingsFile,
      ],
      {
        // Like a real install, the runtime's working directory is not this package (example flows write files there).
        cwd: userDir,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(options.env === undefined ? {} : { env: { ...process.env, ...options.env } }),
      },
    );
    child = started;
    started.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const lines = createInterface({ input: started.stdout });
    const listening = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Node-RED did not start:\n${output}`)), 45_000);
      lines.on('line', (line) => {
        output += `${line}\n`;
        const match = /^listening (\d+)$/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Node-RED exited with ${code}:\n${output}`));
      });
    });
    url = `http://127.0.0.1:${listening}`;
    token = await login(url);
  }

  async function halt(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  }

  const request: NodeRed['request'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (!init.anonymous) headers.set('authorization', `Bearer ${token}`);
    return fetch(`${url}${path}`, { ...init, headers });
  };

  await launch(0);
  const port = Number(new URL(url).port);

  return {
    version: options.version,
    get url() {
      return url;
    },
    userDir,
    get token() {
      return token;
    },
    request,
    async deploy(flows) {
      const response = await request('/flows', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
        body: JSON.stringify(flows),
      });
      if (response.status !== 200 && response.status !== 204) {
        throw new Error(`Deploy failed: ${response.status} ${await response.text()}`);
      }
    },
    async restart() {
      await halt();
      // The same port, as after a real restart (the account's redirect URI names it).
      await launch(port);
    },
    async stop() {
      await halt();
      if (ownsUserDir) rmSync(userDir, { recursive: true, force: true });
    },
    output: () => output,
  };
}

/** Signs in like the editor's login form does (adminAuth is on in every test runtime). */
async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: 'node-red-admin',
      grant_type: 'password',
      scope: '*',
      username: ADMIN.username,
      password: ADMIN.password,
    }),
  });
  if (!response.ok) throw new Error(`Admin login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
