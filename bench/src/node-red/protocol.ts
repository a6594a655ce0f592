/** The messages between a benchmark and the Node-RED runtime process it started (runtime-child.ts). */

export interface MemorySample {
  /** Since the run started. */
  atMs: number;
  rssBytes: number;
  heapUsedBytes: number;
}

export interface RunRequest {
  kind: 'run';
  runId: number;
  /** The node the message is handed to, as if an inject node upstream had sent it. */
  entryId: string;
  msg: Record<string, unknown>;
  /** The node whose incoming messages are counted: each payload is a row or a list of rows. */
  sinkId: string;
  expectedRows: number;
  /**
   * When the run is over: `complete` when the entry node calls done() (a node that knows it has finished),
   * `rows` when the expected rows have reached the sink (a hand-built flow, which never says so).
   */
  doneBy: 'complete' | 'rows';
  sampleEveryMs: number;
  timeoutMs: number;
  /**
   * Count duplicates by keeping every row's site and timestamp (default true). A year for 100 sites is
   * 3.5 M keys, hundreds of MB in the runtime's process: a memory benchmark leaves it out.
   */
  checkDuplicates?: boolean;
  /** Also return the site ID of every row, in arrival order (a sync checked for lost sites). */
  collectSiteIds?: boolean;
}

export interface RunResult {
  /** From handing the message over to done() (`complete`) or to the last row (`rows`). */
  wallMs: number;
  messages: number;
  rows: number;
  /** Rows with a distinct site and timestamp. */
  uniqueRows: number;
  duplicates: number;
  siteIds?: string[];
  /** The process' memory just before the message was handed over (after a collection). */
  before: MemorySample;
  samples: MemorySample[];
  /** What the entry node's done() reported, when it failed. */
  error?: string;
}

export type ChildRequest = RunRequest | { kind: 'stop' };

export type ChildReply =
  | { kind: 'ready'; url: string }
  | { kind: 'flows-started' }
  | { kind: 'ran'; runId: number; result?: RunResult; error?: string }
  | { kind: 'stopped' };
