/**
 * n8n-vs-workflow: our Carbon node (Get Emissions, rows) against the workflow users build today for the
 * same calls (HTTP Request with a Bearer header and its own pagination, then a Code node turning pages into
 * rows), in the same real n8n, run in turn on the same 15-minute data. The figure is n8n's own execution
 * time (start to stop, as its execution list shows it).
 */
import { startN8nBenchHost } from './n8n/host.js';
import { ROWS_NODE, handBuiltWorkflow, ourWorkflow } from './n8n/workflows.js';
import { startSimulatorThread } from './simulator-thread.js';
import { median } from './stats.js';

const TARGET_RATIO = 1.0;
const FIRST_DAY = Date.UTC(2025, 0, 1);
const DAY_MS = 24 * 60 * 60 * 1000;

export interface N8nVsWorkflowOptions {
  sites: number;
  days: number;
  rounds: number;
}

export interface WorkflowFormResult {
  id: 'hand-built workflow' | 'Carbon node';
  description: string;
  roundsMs: number[];
  medianMs: number;
  rowsPerSecond: number;
  verdict: 'baseline' | 'PASS' | 'MISS';
}

export interface N8nVsWorkflowResult extends N8nVsWorkflowOptions {
  name: 'n8n-vs-workflow';
  rows: number;
  /** The workflow's execution time over ours, median of the per-round ratios: above 1, ours is faster. */
  ratio: number;
  roundRatios: number[];
  target: number;
  forms: WorkflowFormResult[];
}

export async function runN8nVsWorkflow(options: N8nVsWorkflowOptions): Promise<N8nVsWorkflowResult> {
  const from = new Date(FIRST_DAY).toISOString();
  const to = new Date(FIRST_DAY + options.days * DAY_MS).toISOString();
  const rows = options.sites * options.days * 96;
  const sim = await startSimulatorThread({ sites: options.sites });
  const host = await startN8nBenchHost();
  try {
    const credential = await host.credentialFor(sim.url);
    const workflows = {
      'hand-built workflow': handBuiltWorkflow({
        name: 'hand-built',
        siteIds: sim.siteIds,
        carbonApi: sim.carbonApi,
        from,
        to,
      }),
      'Carbon node': ourWorkflow({
        name: 'ours',
        siteIds: sim.siteIds,
        credential,
        range: { range: 'custom', from, to },
      }),
    } as const;
    const ids = Object.keys(workflows) as Array<keyof typeof workflows>;
    const run = async (id: keyof typeof workflows): Promise<number> => {
      const { execution, executionMs } = await host.run(workflows[id], 10 * 60 * 1000);
      const output = execution.output[ROWS_NODE] ?? [];
      const keys = new Set(
        output.map((item) => `${String(item.json.siteId)}|${String(item.json.timestamp)}`),
      );
      if (output.length !== rows || keys.size !== rows) {
        throw new Error(`${id}: ${output.length} rows (${keys.size} distinct), expected ${rows}`);
      }
      return executionMs;
    };
    for (const id of ids) await run(id);
    const times = new Map(ids.map((id) => [id, [] as number[]]));
    for (let round = 0; round < options.rounds; round += 1) {
      for (const id of round % 2 === 0 ? ids : [...ids].reverse()) times.get(id)?.push(await run(id));
    }
    const ms = (id: keyof typeof workflows) => times.get(id) ?? [];
    const roundRatios = ms('hand-built workflow').map(
      (theirs, index) => theirs / (ms('Carbon node')[index] as number),
    );
    const ratio = median(roundRatios);
    const descriptions = {
      'hand-built workflow':
        'HTTP Request (Bearer header, pagination: page until paging.page = totalPages) → Code node: pages to rows',
      'Carbon node': 'Carbon node, Get Emissions (personal access token credential, custom range, rows)',
    };
    return {
      name: 'n8n-vs-workflow',
      ...options,
      rows,
      ratio,
      roundRatios,
      target: TARGET_RATIO,
      forms: ids.map((id) => {
        const medianMs = median(ms(id));
        return {
          id,
          description: descriptions[id],
          roundsMs: ms(id),
          medianMs,
          rowsPerSecond: (rows / medianMs) * 1000,
          verdict: id === 'hand-built workflow' ? 'baseline' : ratio >= TARGET_RATIO ? 'PASS' : 'MISS',
        };
      }),
    };
  } finally {
    await host.stop();
    await sim.close();
  }
}
