/**
 * The PostgreSQL sync template in a real n8n 2.41.1, against Debian's PostgreSQL started here on loopback
 * (as the queue-mode suite starts it) and the simulator: run twice, the table holds one row per key; an
 * interval the API revised updates its one row.
 */
import type { N8nRestClient } from '@ecostruxure-connector/n8n-host';
import type { SimulatorHandle } from '@ecostruxure-connector/simulator';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureQueueServicesInstalled, startPostgres, type Database } from '../queue/services.mjs';
import { startTemplateHost, type TemplateHost } from './template-host.mjs';
import { prepare, readTemplate } from './workflows.mjs';

const SITES = 2;
let host: TemplateHost;
let sim: SimulatorHandle;
let rest: N8nRestClient;
let postgres: Database;

beforeAll(async () => {
  postgres = await startPostgres(ensureQueueServicesInstalled());
  host = await startTemplateHost(SITES);
  ({ sim, rest } = host);
  const database = await rest.createCredential('Postgres', 'postgres', {
    host: '127.0.0.1',
    port: postgres.port,
    database: postgres.database,
    user: postgres.user,
    password: postgres.password,
    ssl: 'disable',
  });
  host.credentials.postgres = { id: database.id, name: database.name };
});

afterAll(async () => {
  await host?.stop();
  await postgres?.stop();
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
      prepare(readTemplate('emissions-to-postgres.json'), { credentials: host.credentials }),
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
