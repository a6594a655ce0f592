/**
 * Starts a real Node-RED runtime (runtime-child.ts) in its own process with the node package installed in
 * a fresh user directory, deploys flows through its admin API as the editor does, and runs messages
 * through them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReply, RunRequest, RunResult } from './protocol.js';

/** packages/node-red-nodes, built: what a user installs from npm. */
const NODE_PACKAGE = fileURLToPath(new URL('../../../packages/node-red-nodes', import.meta.url));

export interface FlowNode {
  id: string;
  type: string;
  [key: string]: unknown;
}

export interface NodeRedRuntime {
  url: string;
  pid: number;
  deploy(flows: FlowNode[]): Promise<void>;
  run(request: Omit<RunRequest, 'kind' | 'runId'>): Promise<RunResult>;
  stop(): Promise<void>;
}

function prepareUserDir(): string {
  const userDir = mkdtempSync(join(tmpdir(), 'ecostruxure-bench-node-red-'));
  writeFileSync(
    join(userDir, 'package.json'),
    JSON.stringify({
      name: 'node-red-user-dir',
      private: true,
      dependencies: { '@ecostruxure-connector/node-red-nodes': '*' },
    }),
  );
  const installed = join(userDir, 'node_modules', '@ecostruxure-connector', 'node-red-nodes');
  mkdirSync(dirname(installed), { recursive: true });
  symlinkSync(NODE_PACKAGE, installed, 'dir');
  return userDir;
}

function nextReply<K extends ChildReply['kind']>(
  child: ChildProcess,
  kind: K,
  accept: (reply: Extract<ChildReply, { kind: K }>) => boolean = () => true,
): Promise<Extract<ChildReply, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: ChildReply) => {
      if (reply.kind !== kind || !accept(reply as Extract<ChildReply, { kind: K }>)) return;
      cleanUp();
      resolve(reply as Extract<ChildReply, { kind: K }>);
    };
    const onExit = (code: number | null) => {
      cleanUp();
      reject(new Error(`the Node-RED process exited (${code}) while waiting for "${kind}"`));
    };
    const cleanUp = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** `nodeFlags`: extra Node options for the runtime's process (heap settings), none by default. */
export async function startNodeRedRuntime(nodeFlags: readonly string[] = []): Promise<NodeRedRuntime> {
  const userDir = prepareUserDir();
  const child = fork(fileURLToPath(new URL('./runtime-child.js', import.meta.url)), [userDir], {
    cwd: userDir,
    // --expose-gc: each run starts from a collected heap, so its memory figures are its own.
    execArgv: ['--expose-gc', ...nodeFlags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url } = await nextReply(child, 'ready');
  let runs = 0;
  return {
    url,
    pid: child.pid ?? -1,
    async deploy(flows) {
      const started = nextReply(child, 'flows-started');
      const response = await fetch(`${url}/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
        body: JSON.stringify(flows),
      });
      if (response.status !== 200 && response.status !== 204) {
        throw new Error(`Node-RED deploy failed: ${response.status} ${await response.text()}`);
      }
      await started;
    },
    async run(request) {
      runs += 1;
      const runId = runs;
      const answered = nextReply(child, 'ran', (reply) => reply.runId === runId);
      child.send({ kind: 'run', runId, ...request } satisfies RunRequest);
      const reply = await answered;
      if (reply.result === undefined) throw new Error(reply.error ?? `run ${runId} failed`);
      return reply.result;
    },
    async stop() {
      if (child.exitCode === null && child.connected) {
        const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.send({ kind: 'stop' });
        await stopped;
      }
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}
