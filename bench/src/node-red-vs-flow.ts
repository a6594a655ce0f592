/**
 * node-red-vs-flow: our Get Emissions node (one message per page) against the flow users build today for
 * the same calls (Function node for paging, change node for the Authorization header, http request node),
 * both deployed together in one real Node-RED runtime and run in turn on the same 15-minute data. Throughput
 * is rows per second to the sink; memory is the runtime's heap and RSS above what it held before each run.
 */
import {
  handBuiltFlow,
  ourFlow,
  FLOW_SINK_ID,
  OUR_NODE_ID,
  OUR_SINK_ID,
  PAGING_ID,
} from './node-red/flows.js';
import type { RunResult } from './node-red/protocol.js';
import { startNodeRedRuntime, type NodeRedRuntime } from './node-red/runtime.js';
import { measureCorePages, type CorePagesResult } from './core-pages.js';
import { startSimulatorThread } from './simulator-thread.js';
import { median } from './stats.js';

const TARGET_RATIO = 1.0;
const FIRST_DAY = Date.UTC(2025, 0, 1);
const DAY_MS = 24 * 60 * 60 * 1000;

export interface NodeRedVsFlowOptions {
  sites: number;
  days: number;
  rounds: number;
}

export interface FlowFormResult {
  id: 'hand-built flow' | 'Get Emissions node';
  description: string;
  roundsMs: number[];
  medianMs: number;
  rowsPerSecond: number;
  messages: number;
  /** Largest heap used above the heap before the run, median round. */
  peakHeapGrowthBytes: number;
  peakRssGrowthBytes: number;
  /** peakHeapGrowthBytes / messages: what one message in flight costs the runtime at its peak. */
  heapBytesPerMessage: number;
  verdict: 'baseline' | 'PASS' | 'MISS';
}

export interface NodeRedVsFlowResult extends NodeRedVsFlowOptions {
  name: 'node-red-vs-flow';
  rows: number;
  requests: number;
  /** Our rows/s over the flow's, median of the per-round ratios. */
  ratio: number;
  roundRatios: number[];
  target: number;
  forms: FlowFormResult[];
  /** The same pages through core and through a bare loop in the benchmark process (information). */
  corePages: CorePagesResult;
}

interface Form {
  id: FlowFormResult['id'];
  description: string;
  run(): Promise<RunResult>;
}

const peakAbove = (result: RunResult, pick: (sample: RunResult['before']) => number): number =>
  Math.max(...result.samples.map(pick)) - pick(result.before);

export async function runNodeRedVsFlow(options: NodeRedVsFlowOptions): Promise<NodeRedVsFlowResult> {
  const from = new Date(FIRST_DAY).toISOString();
  const to = new Date(FIRST_DAY + options.days * DAY_MS).toISOString();
  const rows = options.sites * options.days * 96;
  const sim = await startSimulatorThread({ sites: options.sites });
  let runtime: NodeRedRuntime | undefined;
  try {
    runtime = await startNodeRedRuntime();
    const token = 'demo-personal-access-token';
    const ours = ourFlow({ simulatorUrl: sim.url, token, range: 'custom', output: 'page' });
    const theirs = handBuiltFlow({ carbonApi: sim.carbonApi, token }).filter((node) => node.type !== 'tab');
    await runtime.deploy([...ours, ...theirs]);
    const nodeRed = runtime;
    const msg = { payload: [...sim.siteIds], from, to };
    const common = { msg, expectedRows: rows, sampleEveryMs: 10, timeoutMs: 10 * 60 * 1000 };
    const forms: Form[] = [
      {
        id: 'hand-built flow',
        description:
          'Function (paging) → change (Authorization header) → http request → Function, one message per page',
        run: () => nodeRed.run({ ...common, entryId: PAGING_ID, sinkId: FLOW_SINK_ID, doneBy: 'rows' }),
      },
      {
        id: 'Get Emissions node',
        description: 'account (personal access token) + Get Emissions, output one message per page',
        run: () => nodeRed.run({ ...common, entryId: OUR_NODE_ID, sinkId: OUR_SINK_ID, doneBy: 'complete' }),
      },
    ];
    // Warm-up: connections, JIT, the Function node's compiled code. Not measured.
    for (const form of forms) await checked(form, rows);
    const results = new Map<Form['id'], RunResult[]>(forms.map((form) => [form.id, []]));
    for (let round = 0; round < options.rounds; round += 1) {
      for (const form of round % 2 === 0 ? forms : [...forms].reverse()) {
        results.get(form.id)?.push(await checked(form, rows));
      }
    }
    const wall = (id: Form['id']) => (results.get(id) ?? []).map((result) => result.wallMs);
    const roundRatios = wall('hand-built flow').map(
      (flowMs, index) => flowMs / (wall('Get Emissions node')[index] as number),
    );
    const ratio = median(roundRatios);
    const corePages = await measureCorePages(sim, { from, to }, options.rounds);
    return {
      name: 'node-red-vs-flow',
      ...options,
      rows,
      requests: options.sites * Math.ceil((options.days * 96) / 1000),
      ratio,
      roundRatios,
      target: TARGET_RATIO,
      forms: forms.map((form) => summarise(form, results.get(form.id) ?? [], rows, ratio)),
      corePages,
    };
  } finally {
    await runtime?.stop();
    await sim.close();
  }
}

async function checked(form: Form, rows: number): Promise<RunResult> {
  const result = await form.run();
  if (result.error !== undefined) throw new Error(`${form.id}: ${result.error}`);
  if (result.rows !== rows || result.duplicates !== 0) {
    throw new Error(`${form.id}: ${result.rows} rows (${result.duplicates} duplicates), expected ${rows}`);
  }
  return result;
}

function summarise(form: Form, results: RunResult[], rows: number, ratio: number): FlowFormResult {
  const roundsMs = results.map((result) => result.wallMs);
  const medianMs = median(roundsMs);
  const peakHeapGrowthBytes = median(
    results.map((result) => peakAbove(result, (sample) => sample.heapUsedBytes)),
  );
  const messages = results[0]?.messages ?? 0;
  return {
    id: form.id,
    description: form.description,
    roundsMs,
    medianMs,
    rowsPerSecond: (rows / medianMs) * 1000,
    messages,
    peakHeapGrowthBytes,
    peakRssGrowthBytes: median(results.map((result) => peakAbove(result, (sample) => sample.rssBytes))),
    heapBytesPerMessage: peakHeapGrowthBytes / Math.max(1, messages),
    verdict: form.id === 'hand-built flow' ? 'baseline' : ratio >= TARGET_RATIO ? 'PASS' : 'MISS',
  };
}
