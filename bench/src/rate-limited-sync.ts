/**
 * rate-limited-sync: the simulator allows N requests per second per credential and answers the rest 429
 * with Retry-After (its fixed one-second window). The latest interval of every one of 2,000 sites is
 * fetched through core, through the Node-RED Get Emissions node in a real Node-RED runtime, and through
 * the n8n node (see n8n/sync.ts). Each must deliver every site once (0 lost, 0 duplicates) and use at
 * least 90 % of the allowed rate: requests the server answered 200 per second of the sync, over N. n8n's
 * HTTP Request node making the same calls, spaced at the allowed rate, is measured beside ours, and where
 * n8n's CPU time goes during each of its executions is read from a CPU profile.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEcoStruxureClient, getEmissions } from '@ecostruxure-connector/core';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';
import type { ExecutionProfile } from './n8n/profile.js';
import { OUR_NODE_ID, OUR_SINK_ID, ourFlow } from './node-red/flows.js';
import { startNodeRedRuntime } from './node-red/runtime.js';
import type { ServedRequests } from './sim-worker.js';
import { startSimulatorThread, type SimulatorThread } from './simulator-thread.js';

/** Share of the allowed rate a sync must use. */
const TARGET_RATE_USED = 0.9;
const TOKEN = DEMO_CREDENTIALS.personalAccessToken.value;

export interface RateLimitedSyncOptions {
  sites: number;
  /** Requests the simulator allows per second per credential. */
  perSecond: number;
  /** Runs the n8n path too (undefined: left out, and the results say so). */
  n8n?: N8nSyncPath | undefined;
}

/**
 * How n8n fetches: our node as rows, our node in the API's shape (`series`, which needs no site names, so
 * no site list), or n8n's HTTP Request node making the same calls as `series`, signed by a Bearer header
 * typed into it or by the same personal access token credential as ours.
 */
export type N8nSyncForm = 'rows' | 'series' | 'httpRequest' | 'httpRequestCredential';

/** The n8n side, provided by n8n/sync.ts so this module does not depend on how n8n is hosted. */
export interface N8nSyncPath {
  description: string;
  /** Fetches the latest interval of every site; resolves to the site ID of each item it output. */
  sync(request: {
    origin: string;
    carbonApi: string;
    siteIds: readonly string[];
    perSecond: number;
    form: N8nSyncForm;
  }): Promise<{ siteIds: string[]; wallMs: number }>;
  /** Stops n8n; where its CPU time went during each form's execution, when it was profiled. */
  close(): Promise<Partial<Record<N8nSyncForm, ExecutionProfile>> | void>;
}

export interface SyncPathResult {
  id:
    'core' | 'node-red' | 'n8n' | 'n8n, output series' | 'n8n HTTP Request' | 'n8n HTTP Request, credential';
  description: string;
  wallMs: number;
  rows: number;
  lost: number;
  duplicates: number;
  served: ServedRequests;
  /** Requests answered 200 per second of the sync, over the allowed rate. */
  rateUsed: number;
  error?: string;
  verdict: 'PASS' | 'MISS' | 'FAIL' | 'info';
}

export interface RateLimitedSyncResult {
  name: 'rate-limited-sync';
  sites: number;
  perSecond: number;
  targetRateUsed: number;
  paths: SyncPathResult[];
  /** Why a path is not in the table, when one is left out. */
  notRun: string[];
  /** n8n's CPU time during each n8n path's execution, from its CPU profile. */
  n8nProfiles?: Partial<Record<N8nSyncForm, ExecutionProfile>>;
}

interface Outcome {
  wallMs: number;
  siteIds: string[];
  /** Rows whose site and interval were already delivered (the Node-RED runtime counts them). */
  duplicates?: number;
  error?: string;
}

export async function runRateLimitedSync(options: RateLimitedSyncOptions): Promise<RateLimitedSyncResult> {
  const sim = await startSimulatorThread({
    sites: options.sites,
    rateLimit: { limit: options.perSecond, windowMs: 1000 },
    // Every request of the three syncs (429s included) stays in the log to be counted.
    requestLogCapacity: options.sites * 4 + 10_000,
  });
  const paths: SyncPathResult[] = [];
  const notRun: string[] = [];
  let n8nProfiles: RateLimitedSyncResult['n8nProfiles'];
  try {
    paths.push(
      await measure(
        sim,
        options,
        'core',
        'createEcoStruxureClient + getEmissions({ siteIds: all, range: latest }), rows',
        () => syncThroughCore(sim),
      ),
    );
    paths.push(
      await measure(
        sim,
        options,
        'node-red',
        'Get Emissions node (range latest, one message per row) in a real Node-RED 5 runtime',
        () => syncThroughNodeRed(sim),
      ),
    );
    if (options.n8n === undefined) notRun.push('n8n: not run (see the README)');
    else paths.push(...(await measureN8n(sim, options, options.n8n)));
  } finally {
    n8nProfiles = (await options.n8n?.close()) ?? undefined;
    await sim.close();
  }
  return {
    name: 'rate-limited-sync',
    sites: options.sites,
    perSecond: options.perSecond,
    targetRateUsed: TARGET_RATE_USED,
    paths,
    notRun,
    ...(n8nProfiles === undefined ? {} : { n8nProfiles }),
  };
}

/** Our node as rows (the target), in the API's shape, and HTTP Request making the same calls (information). */
async function measureN8n(
  sim: SimulatorThread,
  options: RateLimitedSyncOptions,
  n8n: N8nSyncPath,
): Promise<SyncPathResult[]> {
  const syncThroughN8n = (form: N8nSyncForm) => async (): Promise<Outcome> => {
    try {
      const { url: origin, carbonApi, siteIds } = sim;
      return await n8n.sync({ origin, carbonApi, siteIds, perSecond: options.perSecond, form });
    } catch (error) {
      // A failed execution is a result (every site lost), not a reason to drop the others' figures.
      return { siteIds: [], wallMs: NaN, error: error instanceof Error ? error.message : String(error) };
    }
  };
  const information = (result: SyncPathResult): SyncPathResult => ({
    ...result,
    verdict: result.verdict === 'FAIL' ? 'FAIL' : 'info',
  });
  const batching = `Batching ${Math.max(1, Math.floor(options.perSecond / 10))} items per 100 ms`;
  const rows = await measure(sim, options, 'n8n', n8n.description, syncThroughN8n('rows'));
  const others: Array<[SyncPathResult['id'], string, N8nSyncForm]> = [
    ['n8n, output series', 'the same with output Series (the API shape): no site list per item', 'series'],
    [
      'n8n HTTP Request',
      `HTTP Request (GET latest interval, Bearer header typed in) on each item, ${batching}`,
      'httpRequest',
    ],
    [
      'n8n HTTP Request, credential',
      `the same signed by the personal access token credential (predefined credential type), ${batching}`,
      'httpRequestCredential',
    ],
  ];
  const results = [rows];
  for (const [id, description, form] of others) {
    results.push(information(await measure(sim, options, id, description, syncThroughN8n(form))));
  }
  return results;
}

async function measure(
  sim: SimulatorThread,
  options: RateLimitedSyncOptions,
  id: SyncPathResult['id'],
  description: string,
  sync: () => Promise<Outcome>,
): Promise<SyncPathResult> {
  // A fresh window and an empty log: what the server counts belongs to this path alone.
  await sleep(1100);
  await sim.clearRequests();
  const outcome = await sync();
  const served = await sim.served();
  const unique = new Set(outcome.siteIds);
  const lost = sim.siteIds.filter((siteId) => !unique.has(siteId)).length;
  const duplicates = (outcome.duplicates ?? 0) + outcome.siteIds.length - unique.size;
  const rateUsed = served.ok / (outcome.wallMs / 1000) / options.perSecond;
  const complete = lost === 0 && duplicates === 0 && outcome.error === undefined;
  return {
    id,
    description,
    wallMs: outcome.wallMs,
    rows: outcome.siteIds.length,
    lost,
    duplicates,
    served,
    rateUsed,
    ...(outcome.error === undefined ? {} : { error: outcome.error }),
    verdict: !complete ? 'FAIL' : rateUsed >= TARGET_RATE_USED ? 'PASS' : 'MISS',
  };
}

async function syncThroughCore(sim: SimulatorThread): Promise<Outcome> {
  const transport = createUndiciTransport();
  const client = createEcoStruxureClient({
    baseUrl: sim.url,
    credentials: { kind: 'personalAccessToken', token: TOKEN },
    transport,
    runtime: nodeRuntime,
  });
  const start = performance.now();
  try {
    const result = await getEmissions(client, { siteIds: [...sim.siteIds], range: 'latest' });
    return {
      wallMs: performance.now() - start,
      siteIds: result.items.map((row) => String((row as { siteId?: unknown }).siteId)),
    };
  } catch (error) {
    return {
      wallMs: performance.now() - start,
      siteIds: [],
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    transport.close();
  }
}

async function syncThroughNodeRed(sim: SimulatorThread): Promise<Outcome> {
  const runtime = await startNodeRedRuntime();
  try {
    await runtime.deploy(ourFlow({ simulatorUrl: sim.url, token: TOKEN, range: 'latest', output: 'row' }));
    const result = await runtime.run({
      entryId: OUR_NODE_ID,
      sinkId: OUR_SINK_ID,
      msg: { payload: [...sim.siteIds] },
      expectedRows: sim.siteIds.length,
      doneBy: 'complete',
      sampleEveryMs: 1000,
      timeoutMs: 10 * 60 * 1000,
      collectSiteIds: true,
    });
    return {
      wallMs: result.wallMs,
      siteIds: result.siteIds ?? [],
      ...(result.error === undefined ? {} : { error: result.error }),
    };
  } finally {
    await runtime.stop();
  }
}
