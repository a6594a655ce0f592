/** Reading an execution record: n8n stores its run data serialised with `flatted`. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Execution, ExecutionHint, ExecutionItem, NodeError } from './workflow.js';

export interface StoredExecution {
  id: string;
  workflowId: string;
  status: string;
  finished: boolean;
  mode: string;
  /** Absent or empty while the execution has not stored its run data yet. */
  data?: string;
}

interface RunData {
  /** Absent while an execution is still queued or starting. */
  resultData?: {
    error?: NodeError;
    runData: Record<
      string,
      Array<{ data?: { main?: unknown[][] }; error?: NodeError; hints?: ExecutionHint[] }>
    >;
  };
}

/** n8n's own copy of `flatted` reads what n8n wrote; nothing is added to this package for it. */
function flattedOf(n8nDir: string): { parse(text: string): unknown } {
  return createRequire(join(n8nDir, 'node_modules/n8n/package.json'))('flatted') as {
    parse(text: string): unknown;
  };
}

export function toExecution(stored: StoredExecution, raw: string, n8nDir: string): Execution {
  const data = (stored.data ? flattedOf(n8nDir).parse(stored.data) : undefined) as RunData | undefined;
  const output: Execution['output'] = {};
  const nodeErrors: Execution['nodeErrors'] = {};
  const hints: Execution['hints'] = {};
  for (const [node, runs] of Object.entries(data?.resultData?.runData ?? {})) {
    output[node] = (runs[0]?.data?.main?.[0] ?? []) as ExecutionItem[];
    if (runs[0]?.error) nodeErrors[node] = runs[0].error;
    if (runs[0]?.hints?.length) hints[node] = runs[0].hints;
  }
  return {
    id: stored.id,
    workflowId: stored.workflowId,
    status: stored.status,
    finished: stored.finished,
    mode: stored.mode,
    output,
    ...(data?.resultData?.error ? { error: data.resultData.error } : {}),
    nodeErrors,
    hints,
    raw,
  };
}
