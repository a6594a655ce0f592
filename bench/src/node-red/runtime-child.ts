/**
 * A real Node-RED runtime in its own process, embedded the way the node package's integration tests run
 * it (RED.init + RED.start on a loopback port, the package installed in the user directory), plus what a
 * benchmark needs to watch it from outside: it starts a message at a node, counts what reaches a sink node
 * through Node-RED's own message hooks, notices when a node calls done(), and samples its own memory.
 * The parent talks to it over the IPC channel (see runtime.ts).
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { ChildReply, ChildRequest, MemorySample, RunRequest, RunResult } from './protocol.js';

interface HookEvent {
  msg: { payload?: unknown; [key: string]: unknown };
  destination?: { id: string };
  node?: { id: string };
  error?: unknown;
}
interface NodeRedRuntime {
  init(server: http.Server, settings: Record<string, unknown>): void;
  httpAdmin: (request: http.IncomingMessage, response: http.ServerResponse, next: () => void) => void;
  httpNode: (request: http.IncomingMessage, response: http.ServerResponse, next: () => void) => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  events: { on(event: string, listener: () => void): void; once(event: string, listener: () => void): void };
  hooks: { add(name: string, hook: (event: HookEvent) => void): void; remove(name: string): void };
  nodes: { getNode(id: string): { receive(msg: Record<string, unknown>): void } | null };
}

const [userDir] = process.argv.slice(2);
if (userDir === undefined || process.send === undefined) {
  throw new Error('usage: fork(runtime-child.js, [userDir]) with an IPC channel');
}
const reply = (message: ChildReply) => void process.send?.(message);
const RED = createRequire(import.meta.url)('node-red') as NodeRedRuntime;

// The admin API (deploys) and the HTTP nodes, as a host application mounts them.
const server = http.createServer((request, response) => {
  RED.httpAdmin(request, response, () =>
    RED.httpNode(request, response, () => {
      response.statusCode = 404;
      response.end();
    }),
  );
});
RED.init(server, {
  userDir,
  flowFile: 'flows.json',
  credentialSecret: 'bench-credential-secret',
  uiHost: '127.0.0.1',
  uiPort: 0,
  httpAdminRoot: '/',
  httpNodeRoot: '/api',
  telemetry: { enabled: false },
  externalModules: { palette: { allowInstall: false } },
  logging: { console: { level: 'error', audit: false } },
  editorTheme: { tours: false, projects: { enabled: false } },
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
// RED.start can resolve before the (empty) first flows have started: ready only once both have happened.
const firstFlows = new Promise<void>((resolve) => RED.events.once('flows:started', resolve));
await RED.start();
await firstFlows;
// A deploy answers before the new flows have started: the parent waits for this instead.
RED.events.on('flows:started', () => reply({ kind: 'flows-started' }));
const { port } = server.address() as { port: number };
reply({ kind: 'ready', url: `http://127.0.0.1:${port}` });

/** The rows a message carries: a page's list, or one row. */
const rowsOf = (payload: unknown): unknown[] => (Array.isArray(payload) ? payload : [payload]);
const keyOf = (row: unknown): string => {
  const { siteId, timestamp } = (row ?? {}) as { siteId?: unknown; timestamp?: unknown };
  return `${String(siteId)}|${String(timestamp)}`;
};

function memorySample(startedAt: number): MemorySample {
  const usage = process.memoryUsage();
  return { atMs: performance.now() - startedAt, rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
}

async function run(request: RunRequest): Promise<RunResult> {
  const entry = RED.nodes.getNode(request.entryId);
  if (entry === null) throw new Error(`no node ${request.entryId} in the deployed flow`);
  // A clean start for the memory figures: what the previous run left is collected first.
  (globalThis as { gc?: () => void }).gc?.();
  const seen = new Set<string>();
  const siteIds: string[] = [];
  let rows = 0;
  let messages = 0;
  let duplicates = 0;
  let lastRowAtMs = 0;
  const startedAt = performance.now();
  const before = memorySample(startedAt);
  const samples: MemorySample[] = [before];
  const sampler = setInterval(() => samples.push(memorySample(startedAt)), request.sampleEveryMs);
  const hookName = `onReceive.bench${request.runId}`;
  const completeName = `onComplete.bench${request.runId}`;
  try {
    return await new Promise<RunResult>((resolve, reject) => {
      const finish = (error?: string) => {
        const result: RunResult = {
          wallMs: (request.doneBy === 'rows' ? lastRowAtMs : performance.now()) - startedAt,
          messages,
          rows,
          uniqueRows: seen.size,
          duplicates,
          ...(request.collectSiteIds === true ? { siteIds } : {}),
          before,
          samples,
          ...(error === undefined ? {} : { error }),
        };
        resolve(result);
      };
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `run ${request.runId}: ${rows} of ${request.expectedRows} rows after ${request.timeoutMs} ms`,
            ),
          ),
        request.timeoutMs,
      );
      RED.hooks.add(hookName, (event) => {
        if (event.destination?.id !== request.sinkId) return;
        messages += 1;
        for (const row of rowsOf(event.msg.payload)) {
          rows += 1;
          if (request.collectSiteIds === true) siteIds.push(String((row as { siteId?: unknown }).siteId));
          if (request.checkDuplicates === false) continue;
          const key = keyOf(row);
          if (seen.has(key)) duplicates += 1;
          else seen.add(key);
        }
        lastRowAtMs = performance.now();
        if (request.doneBy === 'rows' && rows >= request.expectedRows) {
          clearTimeout(timer);
          finish();
        }
      });
      RED.hooks.add(completeName, (event) => {
        if (request.doneBy !== 'complete' || event.node?.id !== request.entryId) return;
        clearTimeout(timer);
        // The last message is delivered asynchronously after done(): let the queue drain first.
        setImmediate(() => finish(event.error === undefined ? undefined : String(event.error)));
      });
      entry.receive(request.msg);
    });
  } finally {
    clearInterval(sampler);
    samples.push(memorySample(startedAt));
    RED.hooks.remove(hookName);
    RED.hooks.remove(completeName);
  }
}

process.on('message', (message: ChildRequest) => {
  if (message.kind === 'run') {
    run(message).then(
      (result) => reply({ kind: 'ran', runId: message.runId, result }),
      (error: unknown) =>
        reply({
          kind: 'ran',
          runId: message.runId,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  }
  if (message.kind === 'stop') {
    void RED.stop().then(() => {
      server.close();
      // Keep-alive sockets to the simulator would hold the process open: it ends once the reply is out.
      process.send?.({ kind: 'stopped' } satisfies ChildReply, () => process.exit(0));
    });
  }
});
