/**
 * One real n8n process: its own user folder, a loopback port, extra node packages loaded through
 * N8N_CUSTOM_EXTENSIONS (their node types read `CUSTOM.<name>`), and its output kept line by line so that
 * callers can wait for what n8n says instead of sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { N8nRestClient } from './rest-client.js';

export interface StartOptions {
  /** The installed n8n (`installN8n().dir`). */
  n8nDir: string;
  /** A folder holding node packages to load; without it n8n starts with its own nodes only. */
  extensionsDir?: string;
  /** Default: a free loopback port. */
  port?: number;
  /** Default: a new temporary folder, removed by `stop()`. */
  userFolder?: string;
  /** Added to (and overriding) the environment below, e.g. `N8N_LOG_LEVEL`. */
  env?: Record<string, string>;
  /** Default 180 s. */
  readyTimeoutMs?: number;
}

export interface N8nProcess {
  url: string;
  port: number;
  /** n8n's user folder (its SQLite database, config and encryption key live under `.n8n`). */
  userFolder: string;
  /** Milliseconds from spawn to a ready REST API, for the last start. */
  startupMs: number;
  /** Everything n8n printed on stdout and stderr, across restarts. */
  output(): string;
  /** Calls `listener` with each line n8n prints from now on; returns the function that stops it. */
  onLine(listener: (line: string) => void): () => void;
  /**
   * The first line printed from now on that `matches`. Call it before doing what makes n8n print the line,
   * so that a quick answer is not missed.
   */
  waitForLine(matches: (line: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** A REST client for this n8n (not signed in). */
  restClient(): N8nRestClient;
  /** Stops n8n and starts it again on the same port, user folder and database. */
  restart(): Promise<void>;
  /** Stops n8n; removes the user folder if `startN8n` created it. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Settings {
  n8nDir: string;
  extensionsDir: string | undefined;
  userFolder: string;
  port: number;
  brokerPort: number;
  env: Record<string, string>;
  readyTimeoutMs: number;
}

type LineListener = (line: string) => void;

export async function startN8n(options: StartOptions): Promise<N8nProcess> {
  const ownsUserFolder = options.userFolder === undefined;
  const settings: Settings = {
    n8nDir: options.n8nDir,
    extensionsDir: options.extensionsDir,
    userFolder: options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-user-')),
    port: options.port ?? (await freePort()),
    brokerPort: await freePort(),
    env: options.env ?? {},
    readyTimeoutMs: options.readyTimeoutMs ?? 180_000,
  };
  const output = new Output();
  let running: Running;
  try {
    running = await spawnReady(settings, output);
  } catch (error) {
    if (ownsUserFolder) rmSync(settings.userFolder, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${settings.port}`;
  const instance: N8nProcess = {
    url,
    port: settings.port,
    userFolder: settings.userFolder,
    startupMs: running.startupMs,
    output: () => output.text,
    onLine: (listener) => output.subscribe(listener),
    waitForLine: (matches, what, timeoutMs) => output.waitForLine(matches, what, timeoutMs),
    restClient: () => new N8nRestClient(url, { n8nDir: settings.n8nDir }),
    async restart() {
      await running.stop();
      running = await spawnReady(settings, output);
      instance.startupMs = running.startupMs;
    },
    async stop() {
      await running.stop();
      if (ownsUserFolder) rmSync(settings.userFolder, { recursive: true, force: true });
    },
  };
  return instance;
}

/** n8n's output: the whole text, and each complete line handed to whoever listens. */
class Output {
  text = '';
  private readonly listeners = new Set<LineListener>();

  add(line: string): void {
    this.text += `${line}\n`;
    for (const listener of [...this.listeners]) listener(line);
  }

  subscribe(listener: LineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async waitForLine(matches: (line: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for n8n to print ${what}`));
      }, timeoutMs);
      const stop = this.subscribe((line) => {
        if (!matches(line)) return;
        clearTimeout(timer);
        stop();
        resolve(line);
      });
    });
  }
}

interface Running {
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * What every n8n process started here shares, a single instance or a queue-mode main and its workers:
 * its own user folder, loopback only, plain-HTTP cookies, and none of n8n's calls home.
 */
export function localN8nEnvironment(userFolder: string): Record<string, string> {
  return {
    // The task runner is spawned with `node` from PATH: this Node first.
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: userFolder,
    N8N_USER_FOLDER: userFolder,
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_SECURE_COOKIE: 'false',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_LOG_LEVEL: 'info',
  };
}

function environment(settings: Settings): Record<string, string> {
  const { userFolder, port, brokerPort, extensionsDir } = settings;
  return {
    ...localN8nEnvironment(userFolder),
    N8N_PORT: String(port),
    // Where OAuth2 consent pages send the browser back to (n8n's callback).
    N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
    N8N_RUNNERS_BROKER_PORT: String(brokerPort),
    ...(extensionsDir ? { N8N_CUSTOM_EXTENSIONS: extensionsDir } : {}),
    N8N_ENCRYPTION_KEY: 'local-n8n-host-encryption-key',
    DB_SQLITE_POOL_SIZE: '2',
    ...settings.env,
  };
}

/** Spawns `n8n start` and resolves once its REST API is ready. */
async function spawnReady(settings: Settings, output: Output): Promise<Running> {
  const { n8nDir, port, readyTimeoutMs } = settings;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [join(n8nDir, 'node_modules/n8n/bin/n8n'), 'start'], {
    env: environment(settings),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => output.add(line));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`n8n exited with ${child.exitCode} while starting:\n${output.text}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz/readiness`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`n8n was not ready within ${readyTimeoutMs / 1000} s:\n${output.text}`);
    }
    // Readiness is only observable by asking; a quarter second keeps the start-up figure honest.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    startupMs: Math.round(performance.now() - started),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
