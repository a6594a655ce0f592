/**
 * Redis and PostgreSQL for n8n's queue mode, from the Debian packages, each on a free loopback port with its
 * data in a temporary folder. No service manager is involved: the suite starts them and stops them by the
 * process ids they wrote, so nothing else on the machine is touched.
 */
import { freePort } from '@ecostruxure-connector/n8n-host';
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const installer = fileURLToPath(new URL('../../scripts/install-queue-services.sh', import.meta.url));

export interface Service {
  port: number;
  stop(): Promise<void>;
}

export interface Database extends Service {
  database: string;
  user: string;
  password: string;
}

/** Installs the Debian packages when missing; returns PostgreSQL's bin folder (initdb, pg_ctl). */
export function ensureQueueServicesInstalled(): string {
  const result = spawnSync('bash', [installer], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const folder = result.stdout.trim().split('\n').pop();
  if (result.status !== 0 || !folder) {
    throw new Error(`install-queue-services.sh failed with exit code ${String(result.status)}`);
  }
  return folder;
}

export async function startRedis(): Promise<Service> {
  const folder = mkdtempSync(join(tmpdir(), 'n8n-queue-redis-'));
  const port = await freePort();
  const pidFile = join(folder, 'redis.pid');
  // No persistence: the queue only lives as long as the suite.
  execFileSync('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--daemonize',
    'yes',
    '--pidfile',
    pidFile,
    '--logfile',
    join(folder, 'redis.log'),
    '--dir',
    folder,
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  await waitUntil(`Redis on port ${port}`, () => {
    const ping = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], {
      encoding: 'utf8',
    });
    return ping.stdout.trim() === 'PONG';
  });
  return {
    port,
    async stop() {
      await stopByPidFile(pidFile);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * A throw-away cluster: `initdb` and `pg_ctl` run as the `postgres` user when the suite runs as root (the
 * server refuses to run as root), so its folders are handed to that user first.
 */
export async function startPostgres(binFolder: string): Promise<Database> {
  const folder = mkdtempSync(join(tmpdir(), 'n8n-queue-postgres-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(folder, uid, gid);
  }
  const run = (command: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(binFolder, command),
      asRoot ? ['-u', 'postgres', '--', join(binFolder, command), ...args] : args,
      { cwd: folder, encoding: 'utf8', stdio: 'pipe' },
    );
  const port = await freePort();
  const data = join(folder, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  run('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-o', options, '-w', 'start']);
  const database = { database: 'n8n', user: 'n8n', password: 'queue-suite-only' };
  const psql = (sql: string) =>
    execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1'], {
      input: sql,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  psql(
    `CREATE USER ${database.user} PASSWORD '${database.password}';\n` +
      `CREATE DATABASE ${database.database} OWNER ${database.user};\n`,
  );
  return {
    port,
    ...database,
    async stop() {
      // SIGINT is PostgreSQL's fast shutdown: it does not wait for n8n's pooled connections to close.
      await stopByPidFile(join(data, 'postmaster.pid'), 'SIGINT');
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Asks the server whose id the pid file holds to shut down, and waits until it has. */
async function stopByPidFile(pidFile: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return; // never started, or already gone
  }
  if (!Number.isInteger(pid) || pid <= 0) return;
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, signal);
  try {
    await waitUntil(`process ${pid} to stop`, () => !alive(), 20_000);
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

async function waitUntil(what: string, probe: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
