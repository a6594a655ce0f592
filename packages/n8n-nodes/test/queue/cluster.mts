/**
 * n8n in queue mode: one main (editor, REST API, webhooks, triggers) and workers that take executions from
 * the Redis queue. They share the PostgreSQL database and the encryption key; each has its own user folder
 * and task-runner broker port, and each loads our package through N8N_CUSTOM_EXTENSIONS.
 */
import { freePort, localN8nEnvironment } from '@ecostruxure-connector/n8n-host';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, Service } from './services.mjs';

export interface QueueProcess {
  name: string;
  /** Milliseconds from spawn to ready (REST API for the main, "worker is now ready" for a worker). */
  startupMs: number;
  output(): string;
  stop(): Promise<void>;
}

export interface QueueCluster {
  url: string;
  main: QueueProcess;
  workers: QueueProcess[];
  stop(): Promise<void>;
}

export interface ClusterOptions {
  cacheDir: string;
  extensionsDir: string;
  redis: Service;
  postgres: Database;
  workers: number;
  /** Executions one worker runs at a time. */
  workerConcurrency: number;
}

const READY_TIMEOUT_MS = 180_000;

export async function startQueueCluster(options: ClusterOptions): Promise<QueueCluster> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started: QueueProcess[] = [];
  try {
    // The editor URL is where the OAuth2 consent redirects back to (n8n's callback on the main).
    const mainEnv = { N8N_PORT: String(port), N8N_EDITOR_BASE_URL: `http://localhost:${port}` };
    const main = await startProcess(options, 'main', ['start'], mainEnv, async () => {
      try {
        return (await fetch(`${url}/healthz/readiness`)).ok;
      } catch {
        return false;
      }
    });
    started.push(main);
    // Workers start once the main has run the database migrations.
    const workers = await Promise.all(
      Array.from({ length: options.workers }, async (_, index) => {
        const worker = await startProcess(
          options,
          `worker-${index + 1}`,
          ['worker', `--concurrency=${options.workerConcurrency}`],
          // A worker opens no HTTP port unless asked to; N8N_PORT is set so it never reaches for the main's.
          { N8N_PORT: String(await freePort()) },
          (output) => Promise.resolve(output.includes('n8n worker is now ready')),
        );
        started.push(worker);
        return worker;
      }),
    );
    return {
      url,
      main,
      workers,
      async stop() {
        await stopAll(started);
      },
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

async function stopAll(processes: QueueProcess[]): Promise<void> {
  // Workers first, so none is left waiting on a main that went away.
  for (const member of [...processes].reverse()) await member.stop();
}

async function startProcess(
  options: ClusterOptions,
  name: string,
  args: string[],
  env: Record<string, string>,
  isReady: (output: string) => Promise<boolean>,
): Promise<QueueProcess> {
  const userFolder = mkdtempSync(join(tmpdir(), `n8n-queue-${name}-`));
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(options.cacheDir, 'node_modules/n8n/bin/n8n'), ...args],
    {
      env: {
        ...queueEnvironment(options, userFolder),
        N8N_RUNNERS_BROKER_PORT: String(await freePort()),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(userFolder, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await isReady(output))) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`n8n ${name} exited with ${child.exitCode} while starting:\n${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`n8n ${name} was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { name, startupMs: Math.round(performance.now() - started), output: () => output, stop };
}

/** What the main and every worker must agree on, plus the per-process user folder. */
function queueEnvironment(options: ClusterOptions, userFolder: string): Record<string, string> {
  const { redis, postgres } = options;
  return {
    ...localN8nEnvironment(userFolder),
    N8N_CUSTOM_EXTENSIONS: options.extensionsDir,
    N8N_ENCRYPTION_KEY: 'queue-suite-only-encryption-key',
    EXECUTIONS_MODE: 'queue',
    QUEUE_BULL_REDIS_HOST: '127.0.0.1',
    QUEUE_BULL_REDIS_PORT: String(redis.port),
    DB_TYPE: 'postgresdb',
    DB_POSTGRESDB_HOST: '127.0.0.1',
    DB_POSTGRESDB_PORT: String(postgres.port),
    DB_POSTGRESDB_DATABASE: postgres.database,
    DB_POSTGRESDB_USER: postgres.user,
    DB_POSTGRESDB_PASSWORD: postgres.password,
  };
}
