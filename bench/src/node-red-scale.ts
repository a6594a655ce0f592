/**
 * node-red-scale: a year of 15-minute data for 100 sites through the Node-RED Get Emissions node in
 * one-message-per-page mode, in a real Node-RED runtime: the runtime's RSS is sampled over the whole run
 * and must stay flat (no growth with the rows passed through).
 */
import { OUR_NODE_ID, OUR_SINK_ID, ourFlow } from './node-red/flows.js';
import type { MemorySample } from './node-red/protocol.js';
import { startNodeRedRuntime } from './node-red/runtime.js';
import { startSimulatorThread, type SimulatorThread } from './simulator-thread.js';
import { SMALL_HEAP_FLAGS } from './streaming.js';

const FIRST_DAY = Date.UTC(2025, 0, 1);
const DAY_MS = 24 * 60 * 60 * 1000;
/** Flat: over the run after its first quarter, RSS may grow by at most this share of its peak. */
const FLAT_TOLERANCE = 0.1;

export interface NodeRedScaleOptions {
  sites: number;
  days: number;
  sampleEveryMs: number;
}

/** One run of the year through the node, in a runtime started with `nodeFlags`. */
export interface NodeRedScaleRun {
  nodeFlags: string[];
  rows: number;
  messages: number;
  wallMs: number;
  rowsPerSecond: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
  /** Largest heap used sampled: live objects and garbage not yet collected. */
  peakHeapUsedBytes: number;
  /** Least-squares slope of RSS over the run after its first quarter, MB per minute. */
  slopeMbPerMinute: number;
  /** That slope times the time it covers: how much RSS grew, in the fit, after the first quarter. */
  growthAfterWarmUpBytes: number;
  /** The same fit over the second half of the run only. */
  secondHalfSlopeMbPerMinute: number;
  /** Every sample, for the results table (decimated there). */
  samples: MemorySample[];
  verdict: 'PASS' | 'MISS' | 'info';
}

export interface NodeRedScaleResult extends NodeRedScaleOptions {
  name: 'node-red-scale';
  rows: number;
  /** With Node's default heap settings: the figure held to the target. */
  defaults: NodeRedScaleRun;
  /** The same in a small heap (SMALL_HEAP_FLAGS): how much of the peak is collector headroom. */
  smallHeap: NodeRedScaleRun;
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

export async function runNodeRedScale(options: NodeRedScaleOptions): Promise<NodeRedScaleResult> {
  const sim = await startSimulatorThread({ sites: options.sites });
  try {
    const defaults = await runOnce(sim, options, []);
    const smallHeap = await runOnce(sim, options, SMALL_HEAP_FLAGS);
    return {
      name: 'node-red-scale',
      ...options,
      rows: defaults.rows,
      defaults,
      smallHeap: { ...smallHeap, verdict: 'info' },
    };
  } finally {
    await sim.close();
  }
}

/** The least-squares growth of RSS, in bytes per ms, over the samples from `fromMs` on. */
function rssSlope(samples: MemorySample[], fromMs: number): number {
  return slope(
    samples.filter((sample) => sample.atMs >= fromMs).map((sample) => [sample.atMs, sample.rssBytes]),
  );
}

async function runOnce(
  sim: SimulatorThread,
  options: NodeRedScaleOptions,
  nodeFlags: string[],
): Promise<NodeRedScaleRun> {
  const from = new Date(FIRST_DAY).toISOString();
  const to = new Date(FIRST_DAY + options.days * DAY_MS).toISOString();
  const rows = options.sites * options.days * 96;
  const runtime = await startNodeRedRuntime(nodeFlags);
  try {
    await runtime.deploy(
      ourFlow({
        simulatorUrl: sim.url,
        token: 'demo-personal-access-token',
        range: 'custom',
        output: 'page',
      }),
    );
    const result = await runtime.run({
      entryId: OUR_NODE_ID,
      sinkId: OUR_SINK_ID,
      msg: { payload: [...sim.siteIds], from, to },
      expectedRows: rows,
      doneBy: 'complete',
      sampleEveryMs: options.sampleEveryMs,
      timeoutMs: 30 * 60 * 1000,
      checkDuplicates: false,
    });
    if (result.error !== undefined) throw new Error(`node-red-scale: ${result.error}`);
    if (result.rows !== rows || result.duplicates !== 0) {
      throw new Error(
        `node-red-scale: ${result.rows} rows (${result.duplicates} duplicates), expected ${rows}`,
      );
    }
    const afterWarmUp = result.samples.filter((sample) => sample.atMs >= result.wallMs / 4);
    const perMs = slope(afterWarmUp.map((sample) => [sample.atMs, sample.rssBytes]));
    const spanMs = (afterWarmUp.at(-1)?.atMs ?? 0) - (afterWarmUp[0]?.atMs ?? 0);
    const peakRssBytes = Math.max(...result.samples.map((sample) => sample.rssBytes));
    const growthAfterWarmUpBytes = perMs * spanMs;
    return {
      nodeFlags,
      rows,
      messages: result.messages,
      wallMs: result.wallMs,
      rowsPerSecond: (rows / result.wallMs) * 1000,
      rssBeforeBytes: result.before.rssBytes,
      peakRssBytes,
      peakHeapUsedBytes: Math.max(...result.samples.map((sample) => sample.heapUsedBytes)),
      slopeMbPerMinute: (perMs * 60_000) / 1e6,
      growthAfterWarmUpBytes,
      secondHalfSlopeMbPerMinute: (rssSlope(result.samples, result.wallMs / 2) * 60_000) / 1e6,
      samples: result.samples,
      verdict: growthAfterWarmUpBytes <= FLAT_TOLERANCE * peakRssBytes ? 'PASS' : 'MISS',
    };
  } finally {
    await runtime.stop();
  }
}
