/**
 * A throw-away PostgreSQL from Debian's package for the database example: its own cluster in a temporary
 * folder, on a free loopback port, started and stopped by the test (no service manager, nothing else on
 * the machine touched). The package is installed through the repository's serialized installer when
 * missing.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from './paths.js';

export interface Postgres {
  /** What `psql` and `pg` read: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD. */
  env: Record<string, string>;
  /** Runs SQL as the database's owner; the rows tab-separated, one a line. */
  query(sql: string): string[][];
  stop(): void;
}

const POSTGRES_ROOT = '/usr/lib/postgresql';

/** Debian keeps initdb and pg_ctl out of PATH, in /usr/lib/postgresql/<major>/bin; the newest wins. */
function binFolder(): string {
  const installer = join(packageRoot, '..', '..', 'scripts', 'system-packages.sh');
  execFileSync('bash', [installer, '--no-recommends', 'postgresql'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const majors = readdirSync(POSTGRES_ROOT)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(a) - Number(b));
  if (majors.length === 0) throw new Error(`No PostgreSQL under ${POSTGRES_ROOT}`);
  return join(POSTGRES_ROOT, majors[majors.length - 1]!, 'bin');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The server refuses to run as root: then initdb and pg_ctl run as the `postgres` user, owning the folder. */
export async function startPostgres(): Promise<Postgres> {
  const bin = binFolder();
  const folder = mkdtempSync(join(tmpdir(), 'node-red-postgres-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    chownSync(folder, id('-u'), id('-g'));
  }
  const run = (command: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(bin, command),
      asRoot ? ['-u', 'postgres', '--', join(bin, command), ...args] : args,
      { cwd: folder, stdio: 'pipe' },
    );
  const data = join(folder, 'data');
  const port = String(await freePort());
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`;
  run('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-o', options, '-w', 'start']);
  const psql = (user: string, database: string, sql: string) =>
    execFileSync(
      'psql',
      [
        '-h',
        '127.0.0.1',
        '-p',
        port,
        '-U',
        user,
        '-d',
        database,
        '-v',
        'ON_ERROR_STOP=1',
        '-AtF',
        '\t',
        '-c',
        sql,
      ],
      {
        encoding: 'utf8',
      },
    );
  const env = {
    PGHOST: '127.0.0.1',
    PGPORT: port,
    PGDATABASE: 'emissions',
    PGUSER: 'node_red',
    PGPASSWORD: 'database-example-only',
  };
  psql('postgres', 'postgres', `CREATE USER ${env.PGUSER} PASSWORD '${env.PGPASSWORD}'`);
  psql('postgres', 'postgres', `CREATE DATABASE ${env.PGDATABASE} OWNER ${env.PGUSER}`);
  return {
    env,
    query: (sql) =>
      psql(env.PGUSER, env.PGDATABASE, sql)
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t')),
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
