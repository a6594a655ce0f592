/** The shapes of n8n's workflow JSON and execution records that callers read and write. */

export interface WorkflowNode {
  name: string;
  type: string;
  typeVersion: number;
  position: number[];
  parameters: Record<string, unknown>;
  credentials?: Record<string, { id: string; name: string }>;
}

export interface WorkflowJson {
  name: string;
  nodes: WorkflowNode[];
  connections: Record<string, unknown>;
  settings?: Record<string, unknown>;
}

/** A saved workflow: `versionId` is what activation asks for. */
export interface SavedWorkflow {
  id: string;
  versionId: string;
}

export interface ExecutionItem {
  json: Record<string, unknown>;
  binary?: Record<string, unknown>;
}

export interface NodeError {
  message?: string;
  description?: string | null;
  httpCode?: string | null;
}

/** What a node showed above its output: n8n's execution hints. */
export interface ExecutionHint {
  message: string;
  type?: string;
  location?: string;
}

export interface Execution {
  id: string;
  workflowId: string;
  /** `success`, `error`, `crashed`, `canceled`, or still `new`/`running`/`waiting`. */
  status: string;
  finished: boolean;
  mode: string;
  /** Output items of each node that ran (first run, main output 0). */
  output: Record<string, ExecutionItem[]>;
  error?: NodeError;
  nodeErrors: Record<string, NodeError>;
  /** The hints each node that ran added above its output (first run), as the editor shows them. */
  hints: Record<string, ExecutionHint[]>;
  /** The record exactly as the REST API returned it, for checks over everything n8n stored. */
  raw: string;
}

export const UNFINISHED_STATUSES: readonly string[] = ['new', 'running', 'waiting'];
