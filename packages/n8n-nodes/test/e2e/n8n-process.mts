/**
 * One real n8n process for the end-to-end tests: its own temporary user folder, a loopback port, our
 * package loaded through N8N_CUSTOM_EXTENSIONS (node types `CUSTOM.<name>`), and a REST client that signs in
 * as the owner the way the editor does (cookie plus browser-id header).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface N8nProcess {
  url: string;
  /** Milliseconds from spawn to a ready REST API, for the last start. */
  startupMs: number;
  /** Everything n8n printed, across restarts, for failure messages and the secrets check. */
  output(): string;
  /** Stops n8n and starts it again on the same port, user folder and database. */
  restart(): Promise<void>;
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
  cacheDir: string;
  extensionsDir: string;
  userFolder: string;
  port: number;
  brokerPort: number;
}

export async function startN8n(options: { cacheDir: string; extensionsDir: string }): Promise<N8nProcess> {
  const settings: Settings = {
    ...options,
    userFolder: mkdtempSync(join(tmpdir(), 'n8n-e2e-user-')),
    port: await freePort(),
    brokerPort: await freePort(),
  };
  const log = { text: '' };
  let running = await spawnReady(settings, log);
  const instance: N8nProcess = {
    url: `http://127.0.0.1:${settings.port}`,
    startupMs: running.startupMs,
    output: () => log.text,
    async restart() {
      await running.stop();
      running = await spawnReady(settings, log);
      instance.startupMs = running.startupMs;
    },
    async stop() {
      await running.stop();
      rmSync(settings.userFolder, { recursive: true, force: true });
    },
  };
  return instance;
}

/** Spawns `n8n start` and resolves once its REST API is ready. */
async function spawnReady(
  settings: Settings,
  log: { text: string },
): Promise<{ startupMs: number; stop(): Promise<void> }> {
  const { cacheDir, extensionsDir, userFolder, port, brokerPort } = settings;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [join(cacheDir, 'node_modules/n8n/bin/n8n'), 'start'], {
    env: {
      // The task runner is spawned with `node` from PATH: this Node first.
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
      HOME: userFolder,
      N8N_USER_FOLDER: userFolder,
      N8N_PORT: String(port),
      N8N_LISTEN_ADDRESS: '127.0.0.1',
      N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
      N8N_RUNNERS_BROKER_PORT: String(brokerPort),
      N8N_CUSTOM_EXTENSIONS: extensionsDir,
      N8N_ENCRYPTION_KEY: 'e2e-only-encryption-key',
      N8N_SECURE_COOKIE: 'false',
      N8N_DIAGNOSTICS_ENABLED: 'false',
      N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
      N8N_TEMPLATES_ENABLED: 'false',
      N8N_PERSONALIZATION_ENABLED: 'false',
      N8N_LOG_LEVEL: 'info',
      DB_SQLITE_POOL_SIZE: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log.text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log.text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`n8n exited with ${child.exitCode} while starting:\n${log.text}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz/readiness`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`n8n was not ready within 180 s:\n${log.text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    startupMs: Math.round(performance.now() - started),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
