/**
 * The soak: for `SOAK_MINUTES` (default 10) core's client syncs emissions from the simulator on loopback
 * without pause while seeded random faults hit its requests (server errors, resets, proxy pages, slow and
 * missing answers, rate limits, truncated bodies, expiring tokens under a rotating refresh token). Every run
 * must complete with every row once or fail with a typed error, and at the end memory (heap after a full
 * GC, RSS) and open sockets must be where they were once warmed up: the last fifth of the run is compared
 * with the fifth after the warm-up (the first tenth), within the tolerances below.
 *
 * The figures go to the soak section of `docs/fault-matrix.md` with `UPDATE_PROOF_DOCS=1`; otherwise only
 * the section's shape is checked, since durations and memory differ from machine to machine.
 * `npm run test:soak` runs it alone; `SOAK_SEED` replays another fault sequence.
 */
import { DEMO_CREDENTIALS, startSimulator } from '@ecostruxure-connector/simulator';
import {
  readDocSection,
  syncDocSection,
  updatingProofDocs,
  SOAK_FAULTS,
} from '@ecostruxure-connector/simulator/harness';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, expect, it } from 'vitest';
import {
  createEcoStruxureClient,
  EcoStruxureError,
  getEmissions,
  type EcoStruxureClient,
  type Transport,
} from '../src/index.js';
import { createMemoryTokenStore, type AuthorizationCodeAuth } from '../src/advanced.js';
import { createUndiciTransport, nodeRuntime } from '../src/node/index.js';
import { connectByConsent } from './support/consent.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? '10');
const SEED = Number(process.env.SOAK_SEED ?? '20261203');
const DURATION_MS = MINUTES * 60_000;
const SAMPLE_EVERY_MS = Math.min(5_000, DURATION_MS / 40);
const MATRIX_FILE = join(import.meta.dirname, '../../../docs/fault-matrix.md');
const SECTION = { file: MATRIX_FILE, doc: 'fault-matrix', section: 'soak' };

/** How much the last fifth may exceed the first fifth after warm-up. */
const TOLERANCE = {
  heapBytes: (first: number) => Math.max(8 * 2 ** 20, first * 0.15),
  rssBytes: (first: number) => Math.max(48 * 2 ** 20, first * 0.25),
  sockets: 2,
};

const SITES = ['site-0001', 'site-0002', 'site-0003', 'site-0004'];
// 12 days of 15-minute data: 1,152 points a site, two pages of at most 1,000.
const WORKLOAD = {
  siteIds: SITES,
  range: 'custom',
  from: '2026-01-01T00:00:00Z',
  to: '2026-01-13T00:00:00Z',
  granularity: 'PT15M',
  output: 'rows',
} as const;
const EXPECTED_ROWS = SITES.length * 12 * 96;
/** Two pages in a row may each spend the 10 s retry budget; a loaded CI machine adds to that. */
const RUN_BOUND_MS = 30_000;

/** Seeded by the simulator (`seed`), so a failing sequence can be replayed with the same SOAK_SEED. */
const FAULTS = SOAK_FAULTS;

interface Sample {
  atMs: number;
  heapBytes: number;
  rssBytes: number;
  sockets: number;
}

const gc = (): void => {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
};

function sample(startedAt: number): Sample {
  gc();
  const memory = process.memoryUsage();
  const sockets = process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
  return { atMs: Date.now() - startedAt, heapBytes: memory.heapUsed, rssBytes: memory.rss, sockets };
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Counts requests without keeping them. */
function counting(inner: Transport): Transport & { readonly count: number } {
  let count = 0;
  return {
    get count() {
      return count;
    },
    send(request) {
      count += 1;
      return inner.send(request);
    },
  };
}

const undici = createUndiciTransport();
afterAll(() => undici.close());

it(
  `soak: ${MINUTES} min of syncs under seeded random faults, memory and sockets steady`,
  { timeout: DURATION_MS + 120_000 },
  async () => {
    const sim = await startSimulator({ port: 0, sites: 4, seed: SEED });
    const transport = counting(undici);
    const options = {
      baseUrl: sim.url,
      transport,
      runtime: nodeRuntime,
      timeoutMs: 1_500,
      retry: { baseDelayMs: 50, maxDelayMs: 400, budgetMs: 10_000 },
    };
    const pat: EcoStruxureClient = createEcoStruxureClient({
      ...options,
      credentials: { kind: 'personalAccessToken', token: DEMO_CREDENTIALS.personalAccessToken.value },
    });
    const consented: EcoStruxureClient = createEcoStruxureClient({
      ...options,
      credentials: {
        kind: 'authorizationCode',
        clientId: DEMO_CREDENTIALS.isvApp.clientId,
        clientSecret: DEMO_CREDENTIALS.isvApp.clientSecret,
        redirectUri: 'http://127.0.0.1/callback',
        scopes: 'read:site read:carbon-emission offline_access',
      },
      tokenStore: createMemoryTokenStore(),
    });
    await connectByConsent(consented.auth as AuthorizationCodeAuth);

    const tally = { runs: 0, complete: 0, failed: 0, rows: 0, failures: new Map<string, number>() };
    /** One sync: every row once, or a typed error with a description, within the bound. */
    async function sync(client: EcoStruxureClient): Promise<void> {
      const started = Date.now();
      tally.runs += 1;
      try {
        const result = await getEmissions(client, WORKLOAD);
        const keys = new Set(result.items.map((row) => `${String(row.siteId)}|${String(row.timestamp)}`));
        expect(keys.size).toBe(EXPECTED_ROWS);
        expect(result.items).toHaveLength(EXPECTED_ROWS);
        tally.complete += 1;
        tally.rows += result.items.length;
      } catch (error) {
        expect(error).toBeInstanceOf(EcoStruxureError);
        expect((error as EcoStruxureError).description.length).toBeGreaterThan(10);
        tally.failed += 1;
        const code = (error as EcoStruxureError).code;
        tally.failures.set(code, (tally.failures.get(code) ?? 0) + 1);
      }
      expect(Date.now() - started).toBeLessThan(RUN_BOUND_MS);
    }

    const active = FAULTS.map((rule) => sim.control.addFault(rule));
    const startedAt = Date.now();
    const samples: Sample[] = [];
    const sampler = setInterval(() => samples.push(sample(startedAt)), SAMPLE_EVERY_MS);
    // Two clients at once, as two flows on one server would: one on a PAT, one on a rotating refresh token.
    const worker = async (client: EcoStruxureClient) => {
      while (Date.now() - startedAt < DURATION_MS) await sync(client);
    };
    try {
      await Promise.all([worker(pat), worker(consented)]);
    } finally {
      clearInterval(sampler);
    }
    const faultsInjected = sim.control.faults().reduce((sum, fault) => sum + fault.hits, 0);
    const faultsByKind = new Map<string, number>();
    for (const fault of sim.control.faults()) {
      const label = fault.kind === 'status' ? `status ${String(fault.status)}` : fault.kind;
      faultsByKind.set(label, (faultsByKind.get(label) ?? 0) + fault.hits);
    }
    expect(active).toHaveLength(FAULTS.length);
    sim.control.clearFaults();
    await sim.close();

    // Warm-up: the first tenth. Compared: the fifth after it, and the last fifth.
    const window = (fromMs: number, toMs: number) => samples.filter((s) => s.atMs >= fromMs && s.atMs < toMs);
    const first = window(DURATION_MS * 0.1, DURATION_MS * 0.3);
    const last = window(DURATION_MS * 0.8, DURATION_MS + 1);
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(last.length).toBeGreaterThanOrEqual(3);
    const figure = (pick: (s: Sample) => number) => ({
      first: mean(first.map(pick)),
      last: mean(last.map(pick)),
    });
    const heap = figure((s) => s.heapBytes);
    const rss = figure((s) => s.rssBytes);
    const sockets = {
      first: Math.max(...first.map((s) => s.sockets)),
      last: Math.max(...last.map((s) => s.sockets)),
    };

    const failures = [...tally.failures].map(([code, count]) => `${count} ${code}`).join(', ') || 'none';
    const kinds = [...faultsByKind].map(([kind, count]) => `${kind} ${count}`).join(', ');
    const report = [
      `Generated by \`packages/core/test/soak.test.ts\` with \`UPDATE_PROOF_DOCS=1\` (other runs check only`,
      `that this section has this shape and passed). Two clients at once (a personal access token, and an`,
      `authorization-code grant whose refresh token rotates) sync Get Emissions for 4 sites (${EXPECTED_ROWS} rows,`,
      `8 requests) in a loop through core's undici transport; seeded random faults hit the Carbon API.`,
      `Memory and sockets: the mean of the samples (every ${SAMPLE_EVERY_MS / 1000} s, heap after a full GC) in`,
      `the last fifth against the fifth after the warm-up (the first tenth); open sockets are the process's TCP`,
      `sockets, both the client's and the simulator's ends. A sync fails with a typed error when a site meets`,
      `a 500 or a truncated body (not retried), exhausts its retries, or has its access token expire again`,
      `during the one replay after a refresh (AUTHENTICATION_FAILED: core refreshes once per rejection, never in`,
      `a loop); the rest complete.`,
      '',
      `| figure | value |`,
      `| --- | --- |`,
      `| duration | ${MINUTES} min (seed ${SEED}) |`,
      `| syncs | ${tally.runs}: ${tally.complete} complete, ${tally.failed} failed with a typed error (${failures}) |`,
      `| rows delivered | ${tally.rows} (${tally.complete} × ${EXPECTED_ROWS}, none lost, none twice) |`,
      `| requests | ${transport.count} |`,
      `| faults injected | ${faultsInjected} (${kinds}) |`,
      `| heap after GC | ${mib(heap.first)} → ${mib(heap.last)} (tolerance +${mib(TOLERANCE.heapBytes(heap.first))}) |`,
      `| RSS | ${mib(rss.first)} → ${mib(rss.last)} (tolerance +${mib(TOLERANCE.rssBytes(rss.first))}) |`,
      `| open TCP sockets (most at once) | ${sockets.first} → ${sockets.last} (tolerance +${TOLERANCE.sockets}) |`,
      `| result | pass |`,
    ].join('\n');
    console.info(report);

    expect(tally.complete + tally.failed).toBe(tally.runs);
    expect(tally.rows).toBe(tally.complete * EXPECTED_ROWS);
    expect(tally.complete).toBeGreaterThan(tally.failed);
    expect(faultsInjected).toBeGreaterThan(0);
    expect(heap.last - heap.first).toBeLessThanOrEqual(TOLERANCE.heapBytes(heap.first));
    expect(rss.last - rss.first).toBeLessThanOrEqual(TOLERANCE.rssBytes(rss.first));
    expect(sockets.last - sockets.first).toBeLessThanOrEqual(TOLERANCE.sockets);

    // Figures differ between machines: other runs check the section is there, shaped like this one and passed.
    const written = updatingProofDocs() ? syncDocSection(SECTION, report) : readDocSection(SECTION);
    const shape = (text: string) =>
      text.split('\n').map((line) => line.replace(/\|[^|]*\|\s*$/, '|').replace(/\d[\d.,]*/g, '#'));
    expect(written, 'the soak section of docs/fault-matrix.md').toBeDefined();
    expect(shape(written ?? '').filter((line) => line.startsWith('| '))).toEqual(
      shape(report).filter((line) => line.startsWith('| ')),
    );
    expect(written).toContain('| result | pass |');
  },
);
