/**
 * The PostgreSQL sync template in a real n8n 2.41.1, against Debian's PostgreSQL started here on loopback
 * (as the queue-mode suite starts it) and the simulator: run twice, the table holds one row per key; an
 * interval the API revised updates its one row.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { installN8n, startN8n, type N8nProcess, type N8nRestClient } from '@ecostruxure-connector/n8n-host';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureQueueServicesInstalled, startPostgres, type Database } from '../queue/services.mjs';
import { packPackage, type PackedPackage } from './package-tarball.mjs';
import { prepare, readTemplate } from './workflows.mjs';

const SITES = 2;
let sim: SimulatorHandle;
let n8n: N8nProcess;
let rest: N8nRestClient;
let packed: PackedPackage;
let postgres: Database;
const credentials: Record<string, { id: string; name: string }> = {};

beforeAll(async () => {
  const installation = await installN8n({ onProgress: (line) => console.error(line) });
  postgres = await startPostgres(ensureQueueServicesInstalled());
  packed = packPackage();
  sim = await startSimulator({ port: 0, sites: SITES });
  n8n = await startN8n({ n8nDir: installation.dir, extensionsDir: packed.directory });
  rest = n8n.restClient();
  await rest.setupOwner();
  const pat = await rest.createCredential('PAT', 'ecoStruxurePersonalAccessTokenApi', {
    baseUrl: sim.url,
    token: DEMO_CREDENTIALS.personalAccessToken.value,
  });
  credentials.ecoStruxurePersonalAccessTokenApi = { id: pat.id, name: pat.name };
  const database = await rest.createCredential('Postgres', 'postgres', {
    host: '127.0.0.1',
    port: postgres.port,
    database: postgres.database,
    user: postgres.user,
    password: postgres.password,
    ssl: 'disable',
  });
  credentials.postgres = { id: database.id, name: database.name };
});

afterAll(async () => {
  await n8n?.stop();
  await postgres?.stop();
  await sim?.close();
  packed?.remove();
});

/** The table's rows as `key kwh source_updated_at`, read with psql. */
function tableRows(): Array<{ key: string; kwh: number; updatedAt: string }> {
  const out = execFileSync(
    'psql',
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(postgres.port),
      '-U',
      postgres.user,
      '-d',
      postgres.database,
      '-At',
      '-F',
      '\t',
      '-c',
      `SELECT key, kwh, to_char(source_updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM ecostruxure_emissions`,
    ],
    { encoding: 'utf8', env: { ...process.env, PGPASSWORD: postgres.password } },
  );
  return out
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [key = '', kwh = '', updatedAt = ''] = line.split('\t');
      return { key, kwh: Number(kwh), updatedAt };
    });
}

describe('the PostgreSQL sync template in a real n8n', () => {
  it('leaves one row per key when run twice; a revised interval updates its row', async () => {
    const { id } = await rest.importWorkflow(
      prepare(readTemplate('emissions-to-postgres.json'), { credentials }),
    );
    const run = async () => {
      const execution = await rest.runManually(id, 'Every hour', 120_000);
      expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
      return execution;
    };
    const first = await run();
    const rows = (first.output['Last 24 hours'] ?? []).map(
      (item) => item.json as { key: string; siteId: string; timestamp: string; kWh: number },
    );
    expect(rows).toHaveLength(SITES * 24);
    expect(tableRows()).toHaveLength(SITES * 24);
    await run();
    expect(tableRows()).toHaveLength(SITES * 24);

    const target = rows[3]!;
    const revision = sim.control.reviseEmissionInterval({
      siteId: target.siteId,
      start: target.timestamp,
      scale: 2,
    });
    await run();
    const after = tableRows();
    // The window may have moved on by an hour between runs: new hours add rows, a key never twice.
    expect(new Set(after.map((row) => row.key)).size).toBe(after.length);
    const updated = after.filter((row) => row.key === target.key);
    expect(updated).toHaveLength(1);
    expect(updated[0]!.kwh).toBeCloseTo(target.kWh * 2, 2);
    expect(updated[0]!.updatedAt).toBe(revision.updatedAt);
  }, 600_000);
});
