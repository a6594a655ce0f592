/**
 * The soak through a real Node-RED 5 runtime: for `SOAK_MINUTES` (default 10) two Get Emissions nodes (a
 * personal access token account, and a consent account whose refresh token rotates) sync four sites again
 * and again while seeded random faults hit the simulator. Every message must come out with every row once,
 * or end in a node error; at the end the runtime's heap after a full GC, its RSS and its open TCP sockets
 * must be where they were after warm-up (the last fifth against the fifth after the first tenth).
 *
 * Run by `npm run test:soak` next to core's soak (`NODE_RED_SOAK=1`); not part of `npm test`, which runs
 * core's soak. `UPDATE_PROOF_DOCS=1` writes its figures to `docs/fault-matrix.md`; otherwise only the
 * section's shape is checked.
 */
import {
  readDocSection,
  syncDocSection,
  updatingProofDocs,
  SOAK_FAULTS,
} from '@ecostruxure-connector/simulator/harness';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DebugMessage } from '../support/debug-messages.js';
import { checkDelivery } from '../support/emission-delivery.js';
import { ACCOUNT_ID, codeAccount, TAB_ID, tab } from '../support/flows.js';
import type { FlowNode } from '../support/node-red.js';
import { packageRoot } from '../support/paths.js';
import { catchAll, debug, startScenario, type Scenario } from '../support/scenario.js';

/**
 * At least 5 minutes: the runtime's RSS keeps growing for its first two minutes or so (allocator arenas
 * filling with large messages, heap flat); a 2-minute run compared that growth with itself and failed.
 */
const MINUTES = Math.max(5, Number(process.env.SOAK_MINUTES ?? '10'));
const SEED = Number(process.env.SOAK_SEED ?? '20261203');
const DURATION_MS = MINUTES * 60_000;
const SAMPLE_EVERY_MS = Math.min(5_000, DURATION_MS / 40);
/** Samples before this are warm-up; then a fifth of the run is compared with the last fifth. */
const WARM_UP_MS = Math.max(DURATION_MS * 0.1, 120_000);
const SECTION = {
  file: join(packageRoot, '..', '..', 'docs', 'fault-matrix.md'),
  doc: 'fault-matrix',
  section: 'soak-node-red',
};
const TOLERANCE = {
  heapBytes: (first: number) => Math.max(16 * 2 ** 20, first * 0.2),
  rssBytes: (first: number) => Math.max(64 * 2 ** 20, first * 0.25),
  sockets: 4,
};
const SITES = ['site-0001', 'site-0002', 'site-0003', 'site-0004'];
const EXPECTED_ROWS = SITES.length * 12 * 96;
const MESSAGE_BOUND_MS = 45_000;
const PAT_ACCOUNT = 'd4e5f60718293a4b';

/** The same mix as core's soak; the simulator draws them from SOAK_SEED. */
const FAULTS = SOAK_FAULTS;

interface Sample {
  atMs: number;
  heapBytes: number;
  rssBytes: number;
  /** Buffers outside the JS heap: shown, not judged. */
  externalBytes: number;
  sockets: number;
}

let s: Scenario;

function emissions(id: string, account: string): FlowNode {
  return {
    id,
    type: 'ecostruxure-emissions',
    account,
    siteId: 'payload',
    siteIdType: 'msg',
    range: 'custom',
    from: '2026-01-01T00:00:00Z',
    fromType: 'str',
    to: '2026-01-13T00:00:00Z',
    toType: 'str',
    granularity: 'PT15M',
    output: 'message',
    wires: [[`${id}-out`]],
  };
}

const inject = (id: string, wire: string): FlowNode => ({
  id,
  type: 'inject',
  props: [{ p: 'payload' }],
  payload: JSON.stringify(SITES),
  payloadType: 'json',
  repeat: '',
  once: false,
  wires: [[wire]],
});

beforeAll(async () => {
  s = await startScenario('5', { sites: 4, seed: SEED }, { memoryProbe: true });
  const pat: FlowNode = {
    id: PAT_ACCOUNT,
    type: 'ecostruxure-account',
    name: 'Token',
    authType: 'personalAccessToken',
    baseUrl: s.sim.url,
    credentials: { token: 'demo-personal-access-token' },
  };
  const nodes = [
    inject('go-pat', 'em-pat'),
    emissions('em-pat', PAT_ACCOUNT),
    debug('em-pat-out'),
    inject('go-consent', 'em-consent'),
    emissions('em-consent', ACCOUNT_ID),
    debug('em-consent-out'),
    catchAll('catch', 'caught'),
    debug('caught'),
  ];
  await s.red.deploy([
    tab(),
    codeAccount(s.sim.url, s.red.url),
    pat,
    ...nodes.map((node) => ({ z: TAB_ID, x: 100, y: 100, ...node })),
  ]);
  await s.authorize();
});

afterAll(async () => {
  await s?.close();
});

const parse = (message: DebugMessage) => JSON.parse(message.msg) as Record<string, unknown>;

async function memory(startedAt: number): Promise<Sample> {
  const answer = (await (await s.red.request('/_test/memory')).json()) as Omit<Sample, 'atMs'>;
  return { atMs: Date.now() - startedAt, ...answer };
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

it(
  `soak: ${MINUTES} min of messages through Node-RED 5 under seeded random faults, runtime memory and sockets steady`,
  { timeout: DURATION_MS + 180_000 },
  async () => {
    const tally = {
      messages: 0,
      complete: 0,
      partial: 0,
      failed: 0,
      rows: 0,
      failures: new Map<string, number>(),
      failedSites: new Map<string, number>(),
    };
    for (const rule of FAULTS) s.sim.control.addFault(rule);
    const startedAt = Date.now();
    const samples: Sample[] = [];
    // Sampled on a timer, not between rounds: a round waits 30 s when an answer never comes.
    const sampler = setInterval(() => {
      memory(startedAt).then(
        (sample) => samples.push(sample),
        () => undefined,
      );
    }, SAMPLE_EVERY_MS);
    while (Date.now() - startedAt < DURATION_MS) {
      // Both nodes at once; the feed is emptied after each round so the test keeps no history.
      s.feed.messages.length = 0;
      s.feed.statuses.length = 0;
      const round = Date.now();
      await Promise.all([s.inject('go-pat'), s.inject('go-consent')]);
      const pending = new Set(['em-pat', 'em-consent']);
      while (pending.size > 0) {
        for (const message of s.feed.messages.splice(0)) {
          const msg = parse(message);
          if (message.id === 'caught') {
            const error = msg.error as { code?: string; source: { id: string }; message: string };
            expect(error.message.length).toBeGreaterThan(60);
            tally.failed += 1;
            const code = error.code ?? '(no code)';
            tally.failures.set(code, (tally.failures.get(code) ?? 0) + 1);
            pending.delete(error.source.id);
          } else {
            const { rows, failures } = checkDelivery(msg, SITES, EXPECTED_ROWS / SITES.length);
            for (const { code } of failures)
              tally.failedSites.set(code, (tally.failedSites.get(code) ?? 0) + 1);
            if (failures.length > 0) tally.partial += 1;
            else tally.complete += 1;
            tally.rows += rows;
            pending.delete(message.id.replace(/-out$/, ''));
          }
        }
        expect(Date.now() - round, 'a message took too long').toBeLessThan(MESSAGE_BOUND_MS);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      tally.messages += 2;
    }
    clearInterval(sampler);
    samples.push(await memory(startedAt));
    const faultsInjected = s.sim.control.faults().reduce((sum, fault) => sum + fault.hits, 0);
    s.sim.control.clearFaults();

    const window = (fromMs: number, toMs: number) => samples.filter((x) => x.atMs >= fromMs && x.atMs < toMs);
    const first = window(WARM_UP_MS, WARM_UP_MS + DURATION_MS * 0.2);
    const last = window(DURATION_MS * 0.8, DURATION_MS * 2);
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(last.length).toBeGreaterThanOrEqual(3);
    const figure = (pick: (x: Sample) => number) => ({
      first: mean(first.map(pick)),
      last: mean(last.map(pick)),
    });
    const heap = figure((x) => x.heapBytes);
    const rss = figure((x) => x.rssBytes);
    const external = figure((x) => x.externalBytes);
    const sockets = {
      first: Math.max(...first.map((x) => x.sockets)),
      last: Math.max(...last.map((x) => x.sockets)),
    };
    const failures = [...tally.failures].map(([code, count]) => `${count} ${code}`).join(', ') || 'none';
    const failedSites =
      [...tally.failedSites].map(([code, count]) => `${count} ${code}`).join(', ') || 'none';
    const report = [
      'Generated by `packages/node-red-nodes/test/soak/soak.test.ts` (`npm run test:soak`) with',
      '`UPDATE_PROOF_DOCS=1`. Two Get Emissions nodes in a real Node-RED 5.0 runtime (a personal access',
      'token account, and a consent account whose refresh token rotates) are sent four sites at once, again',
      `and again, under the same seeded random faults as core's soak. Memory and sockets are the runtime's`,
      `(its heap after a full GC, its RSS, its open TCP sockets), sampled every ${SAMPLE_EVERY_MS / 1000} s: the mean of`,
      `the last fifth against the fifth after a warm-up of ${WARM_UP_MS / 60_000} min (the runtime's RSS grows for about`,
      'its first two minutes while its heap stays flat; runs are at least 5 minutes for that reason).',
      '',
      '| figure | value |',
      '| --- | --- |',
      `| duration | ${MINUTES} min (seed ${SEED}) |`,
      `| messages | ${tally.messages}: ${tally.complete} complete, ${tally.partial} partial (the other sites' rows sent, the failed sites named in msg.failures: ${failedSites}), ${tally.failed} ended in a node error (${failures}) |`,
      `| rows delivered | ${tally.rows} (every row of every site that answered, none twice) |`,
      `| faults injected | ${faultsInjected} |`,
      `| runtime heap after GC | ${mib(heap.first)} → ${mib(heap.last)} (tolerance +${mib(TOLERANCE.heapBytes(heap.first))}) |`,
      `| runtime RSS | ${mib(rss.first)} → ${mib(rss.last)} (tolerance +${mib(TOLERANCE.rssBytes(rss.first))}) |`,
      `| runtime external memory (buffers, not judged) | ${mib(external.first)} → ${mib(external.last)} |`,
      `| runtime open TCP sockets (most at once) | ${sockets.first} → ${sockets.last} (tolerance +${TOLERANCE.sockets}) |`,
      '| result | pass |',
    ].join('\n');
    console.info(report);

    expect(tally.complete + tally.partial + tally.failed).toBe(tally.messages);
    expect(tally.complete).toBeGreaterThan(tally.failed);
    expect(faultsInjected).toBeGreaterThan(0);
    expect(heap.last - heap.first).toBeLessThanOrEqual(TOLERANCE.heapBytes(heap.first));
    expect(rss.last - rss.first).toBeLessThanOrEqual(TOLERANCE.rssBytes(rss.first));
    expect(sockets.last - sockets.first).toBeLessThanOrEqual(TOLERANCE.sockets);

    const written = updatingProofDocs() ? syncDocSection(SECTION, report) : readDocSection(SECTION);
    const shape = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('| '))
        .map((line) => line.replace(/\|[^|]*\|\s*$/, '|'));
    expect(written, 'the soak-node-red section of docs/fault-matrix.md').toBeDefined();
    expect(shape(written ?? '')).toEqual(shape(report));
    expect(written).toContain('| result | pass |');
  },
);
