/**
 * The "Emissions to PostgreSQL" example, as shipped, in a real Node-RED runtime against the simulator and a
 * real PostgreSQL: loading twice and after a restart leaves one row per key, and an interval the API
 * revised updates exactly its one row.
 */
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, idOf } from '../support/examples.js';
import type { NodeRedVersion } from '../support/node-red.js';
import { packageRoot } from '../support/paths.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { startScenario, type Scenario } from '../support/scenario.js';

const EXAMPLE = 'Emissions to PostgreSQL';
const SITES = 2;
const HOURS = 7 * 24;
const HOUR = 3_600_000;

/**
 * `pg` in the user directory, as Node-RED leaves it after installing a function node's module on deploy:
 * listed in the directory's package.json and present in its node_modules (here the package's own copy,
 * so the test does not depend on the registry).
 */
function installPg(userDir: string): void {
  const pg = dirname(createRequire(join(packageRoot, 'package.json')).resolve('pg/package.json'));
  const version = (JSON.parse(readFileSync(join(pg, 'package.json'), 'utf8')) as { version: string }).version;
  const file = join(userDir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { dependencies: Record<string, string> };
  writeFileSync(
    file,
    JSON.stringify({ ...manifest, dependencies: { ...manifest.dependencies, pg: `~${version}` } }),
  );
  symlinkSync(pg, join(userDir, 'node_modules', 'pg'), 'dir');
}

interface Synced {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

interface TableRow {
  start: number;
  kwh: number;
  updatedAt: string;
}

describe.each<NodeRedVersion>(['5', '4'])('Emissions to PostgreSQL on Node-RED %s.x', (version) => {
  let postgres: Postgres;
  let s: Scenario;
  beforeAll(async () => {
    postgres = await startPostgres();
    s = await startScenario(version, { sites: 3 }, { env: postgres.env });
    installPg(s.red.userDir);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    postgres?.stop();
  });

  /** The table by key: interval start, kWh and the source's updatedAt. */
  const table = () =>
    new Map(
      postgres
        .query(
          `SELECT key, extract(epoch FROM interval_start) * 1000, kwh,
             to_char(source_updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
           FROM ecostruxure_emissions`,
        )
        .map(([key, start, kwh, updatedAt]): [string, TableRow] => [
          key!,
          { start: Number(start), kwh: Number(kwh), updatedAt: updatedAt! },
        ]),
    );
  /** The rows of intervals up to `last`: later hours may complete while the test runs, and add rows. */
  const upTo = (rows: Map<string, TableRow>, last: number) =>
    new Map([...rows].filter(([, row]) => row.start <= last));

  it('loads twice and after a restart with the same rows; a revised interval updates its one row', async () => {
    const flow = example(EXAMPLE, s);
    await s.red.deploy(flow);
    await s.authorize(idOf(flow, 'ecostruxure-account'));
    const synced = idOf(flow, 'debug', 'Synced');
    const watch = idOf(flow, 'ecostruxure-watch-emissions');
    const syncedSince = (from: number) =>
      s.feed.messages
        .filter((m) => m.id === synced)
        .slice(from)
        .map((m) => JSON.parse(m.msg) as Synced);
    /** Presses Load and returns what the upsert of its rows did (Watch Emissions sends one row a message). */
    const load = async (): Promise<Synced> => {
      const from = s.feed.messages.filter((m) => m.id === synced).length;
      await s.inject(idOf(flow, 'inject', 'Load the last 7 days'));
      for (let count = from + 1; ; count++) {
        await s.feed.waitFor(count, synced, 60_000);
        const batch = syncedSince(from).find((r) => r.inserted + r.updated + r.unchanged > 1);
        if (batch) return batch;
      }
    };
    // The watch's first check (on deploy, before Authorize) failed: this one records where the sites stand.
    await s.inject(idOf(flow, 'inject', 'Check now'));
    await s.feed.waitForStatus(watch, /^0 new, 0 updated$/);

    expect(await load()).toEqual({ inserted: SITES * HOURS, updated: 0, unchanged: 0, skipped: 0 });
    const first = table();
    expect(first.size).toBe(SITES * HOURS);
    const last = Math.max(...[...first.values()].map((row) => row.start));

    const again = await load();
    expect(again.updated).toBe(0);
    expect(upTo(table(), last)).toEqual(first);

    await s.red.restart();
    await s.reconnect();
    await load();
    expect(upTo(table(), last)).toEqual(first);

    // The API revises an hour of site-0002 three hours ago: the watch sends it again, the upsert updates it.
    const start = new Date(Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR).toISOString();
    const key = `site-0002|${start}|PT1H|location-based`;
    const revision = s.sim.control.reviseEmissionInterval({ siteId: 'site-0002', start, scale: 1.5 });
    try {
      const from = s.feed.messages.filter((m) => m.id === synced).length;
      s.feed.statuses.length = 0;
      await s.inject(idOf(flow, 'inject', 'Check now'));
      const status = await s.feed.waitForStatus(watch, /^\d+ new, 1 updated$/);
      // One message a row: the revised one, and any hour that completed meanwhile.
      const sent = Number(/^(\d+) new/.exec(status.text!)![1]) + 1;
      await s.feed.waitFor(from + sent, synced);
      const upserts = syncedSince(from);
      expect(upserts.reduce((sum, r) => sum + r.updated, 0)).toBe(1);

      const after = upTo(table(), last);
      expect(after.size).toBe(first.size);
      const changed = [...after].filter(([k, row]) => JSON.stringify(row) !== JSON.stringify(first.get(k)));
      expect(changed.map(([k]) => k)).toEqual([key]);
      expect(after.get(key)!.kwh).toBeCloseTo(first.get(key)!.kwh * 1.5, 2);
      expect(after.get(key)!.updatedAt).toBe(revision.updatedAt);

      // Loading again reads the revised hour as it now is: nothing to update.
      expect((await load()).updated).toBe(0);
      expect(upTo(table(), last)).toEqual(after);
    } finally {
      s.sim.control.clearEmissionEdits();
    }
  }, 300_000);
});
