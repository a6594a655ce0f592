/**
 * node-red-node-test-helper, typed for what these tests use, bound to the Node-RED 5 install, and the
 * built node files it loads (the tests exercise dist/, the code that ships).
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { distDir } from './paths.js';

const load = createRequire(__filename);

export interface HelperNode {
  id: string;
  receive(msg: Record<string, unknown>): void;
  on(event: 'input', listener: (msg: Record<string, unknown>) => void): void;
  on(
    event: 'call:status' | 'call:error' | 'call:warn' | 'call:send',
    listener: (call: { args: unknown[] }) => void,
  ): void;
  status: { lastCall?: { args: unknown[] }; getCalls(): { args: unknown[] }[] };
}

export interface TestHelper {
  init(runtimePath: string): void;
  settings(settings: Record<string, unknown>): void;
  load(nodes: unknown[], flow: unknown[], credentials?: Record<string, unknown>): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): HelperNode;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  request(): unknown;
}

/**
 * The helper finds Node-RED's internals (@node-red/runtime, registry, editor-api, nodes) beside the
 * node-red module, as npm lays them out. pnpm keeps each package's dependencies beside that package
 * instead, so a folder of links gives the helper the npm layout; the links resolve to the very files
 * node-red itself loads, so both share one runtime.
 */
function npmLayoutFor(runtimeMain: string): string {
  const fromRed = createRequire(runtimeMain);
  const fromRuntime = createRequire(fromRed.resolve('@node-red/runtime/package.json'));
  const packages: Record<string, string> = {
    runtime: dirname(fromRed.resolve('@node-red/runtime/package.json')),
    registry: dirname(fromRuntime.resolve('@node-red/registry/package.json')),
    'editor-api': dirname(fromRed.resolve('@node-red/editor-api/package.json')),
    nodes: dirname(fromRed.resolve('@node-red/nodes/package.json')),
    util: dirname(fromRed.resolve('@node-red/util/package.json')),
  };
  const root = mkdtempSync(join(tmpdir(), 'node-red-layout-'));
  mkdirSync(join(root, '@node-red'));
  for (const [name, target] of Object.entries(packages))
    symlinkSync(target, join(root, '@node-red', name), 'dir');
  const main = join(root, 'red.js');
  writeFileSync(main, `module.exports = require(${JSON.stringify(runtimeMain)});\n`);
  return main;
}

function loadHelper(): TestHelper {
  // On load the helper looks for Node-RED in the npm layout and prints the failure; init() below fixes it.
  const print = console.log;
  console.log = () => undefined;
  try {
    return load('node-red-node-test-helper') as TestHelper;
  } finally {
    console.log = print;
  }
}

export const helper = loadHelper();
helper.init(npmLayoutFor(load.resolve('node-red')));

export function nodeModule(name: string): unknown {
  return load(join(distDir, `${name}.js`));
}

/** A fresh user directory for node-owned files (token and state files). */
export function useTempUserDir(): string {
  const userDir = mkdtempSync(join(tmpdir(), 'ecostruxure-helper-'));
  helper.settings({ userDir });
  return userDir;
}

/** The next message a helper node receives. */
export function nextMessage(node: HelperNode, timeoutMs = 5_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No message reached ${node.id}`)), timeoutMs);
    node.on('input', (msg) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

/** Collects what a helper node receives. */
export function collect(node: HelperNode): Record<string, unknown>[] {
  const received: Record<string, unknown>[] = [];
  node.on('input', (msg) => received.push(msg));
  return received;
}

export const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));

/** Puts the nodes on one tab: Catch nodes only work inside a flow. */
export function onTab(nodes: Record<string, unknown>[]): Record<string, unknown>[] {
  return [
    { id: 'tab', type: 'tab', label: 'test' },
    ...nodes.map((node) => ({ z: 'tab', x: 100, y: 100, ...node })),
  ];
}

/** Resolves when the node has finished a message: its status leaves "working" (blue). */
export function handled(node: HelperNode, timeoutMs = 5_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${node.id} did not finish a message`)), timeoutMs);
    node.on('call:status', (call) => {
      const status = call.args[0] as Record<string, unknown>;
      if (status.fill !== undefined && status.fill !== 'blue') {
        clearTimeout(timer);
        resolve(status);
      }
    });
  });
}

/** Sends a message to a node and waits until the node has finished with it. */
export async function receiveHandled(
  node: HelperNode,
  msg: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const finished = handled(node);
  node.receive(msg);
  return finished;
}
