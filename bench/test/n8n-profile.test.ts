/**
 * The CPU profile summary behind the rate-limited-sync n8n rows: only the samples inside the execution's
 * window count, idle time is kept apart, and time is credited to the node when one of its frames is on
 * the stack (whatever it called), to packages by the script each sampled function is in.
 */
import { describe, expect, it } from 'vitest';
import { packageOf, summarizeWindow } from '../src/n8n/profile.js';

const OURS = '/work/packages/n8n-nodes/dist/nodes/EcoStruxureCarbon/EcoStruxureCarbon.node.js';
const CORE = '/cache/node_modules/n8n-core/dist/execution-engine/node-execution-context/utils.js';
const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0, columnNumber: 0 });

// root -> (idle); root -> execute (ours) -> getNodeParameter (n8n-core); root -> processTicks (node:)
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 5] },
    { id: 2, callFrame: frame('(idle)', '') },
    { id: 3, callFrame: frame('execute', `file://${OURS}`), children: [4] },
    { id: 4, callFrame: frame('getNodeParameter', `file://${CORE}`) },
    { id: 5, callFrame: frame('processTicksAndRejections', 'node:internal/process/task_queues') },
  ],
  startTime: 1_000_000,
  // One sample per millisecond from 1,000 ms on the monotonic clock.
  samples: [4, 4, 2, 2, 3, 5, 4, 4],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};
// The wall clock reads 10,000 ms when the monotonic clock reads 1,000 ms.
const clock = { wallMs: 10_000, monotonicUs: 1_000_000 };

describe('the n8n CPU profile summary', () => {
  it('counts the samples inside the window only, idle apart, and credits the node with what it called', () => {
    // Samples at 1,001 .. 1,008 ms; the window 10,002-10,006 wall ms holds the 2nd to the 6th.
    const summary = summarizeWindow(
      profile,
      { fromMs: 10_002, toMs: 10_006 },
      clock,
      '/packages/n8n-nodes/dist/',
    );
    expect(summary.windowMs).toBe(4);
    expect(summary.idleMs).toBe(2);
    expect(summary.busyMs).toBe(3);
    expect(summary.inNode.ms).toBe(2);
    expect(summary.byPackage).toEqual([
      { name: 'n8n-core', ms: 1 },
      { name: 'n8n-nodes-ecostruxure (this package)', ms: 1 },
      { name: 'node: (Node.js internals)', ms: 1 },
    ]);
    expect(summary.inNode.byPackage.map((share) => share.name).sort()).toEqual([
      'n8n-core',
      'n8n-nodes-ecostruxure (this package)',
    ]);
  });

  it('names the package of a script by the folder after its last node_modules', () => {
    expect(packageOf('file:///x/node_modules/.pnpm/a/node_modules/@n8n/expression-runtime/dist/b.js')).toBe(
      '@n8n/expression-runtime',
    );
    expect(packageOf('file:///x/node_modules/n8n-workflow/dist/c.js')).toBe('n8n-workflow');
    expect(packageOf('node:net')).toBe('node: (Node.js internals)');
    expect(packageOf('')).toBe('(V8 and native)');
  });
});
