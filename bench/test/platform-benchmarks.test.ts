/**
 * The platform benchmarks in their short mode: the same code as `npm run bench`, on a few sites and days,
 * so a change that breaks a benchmark (a flow that no longer deploys, rows lost under the rate limit, a
 * results table that no longer renders) fails here instead of in the next long run. The figures of such
 * short runs mean little; the checks are on what every run must deliver. The built modules are imported:
 * they start the simulator thread and the Node-RED process from their compiled files next to them.
 */
import { isN8nInstalled } from '@ecostruxure-connector/n8n-host';
import { describe, expect, it } from 'vitest';
import { runN8nVsWorkflow } from '../dist/n8n-vs-workflow.js';
import { runNodeRedScale } from '../dist/node-red-scale.js';
import { runNodeRedVsFlow } from '../dist/node-red-vs-flow.js';
import { runRateLimitedSync } from '../dist/rate-limited-sync.js';
import {
  n8nVsWorkflowSection,
  nodeRedScaleSection,
  nodeRedVsFlowSection,
  rateLimitedSyncSection,
} from '../dist/report-platforms.js';

describe('platform benchmarks, short mode', () => {
  it('rate-limited-sync: every site once through core and Node-RED, the limit reached', async () => {
    const result = await runRateLimitedSync({ sites: 60, perSecond: 30 });
    expect(result.paths.map((path) => path.id)).toEqual(['core', 'node-red']);
    for (const path of result.paths) {
      expect(path, path.id).toMatchObject({ rows: 60, lost: 0, duplicates: 0 });
      expect(path.error).toBeUndefined();
      // The server refused some requests: the sync ran into the limit and recovered.
      expect(path.served.limited, path.id).toBeGreaterThan(0);
      expect(path.served.ok, path.id).toBeGreaterThanOrEqual(60);
      expect(path.rateUsed).toBeGreaterThan(0);
    }
    expect(result.notRun).toEqual(['n8n: not run (see the README)']);
    expect(rateLimitedSyncSection(result).join('\n')).toContain('| core |');
  }, 120_000);

  it('node-red-vs-flow: both flows deliver every row once; ratio and memory figures', async () => {
    const result = await runNodeRedVsFlow({ sites: 2, days: 11, rounds: 1 });
    expect(result.rows).toBe(2 * 11 * 96);
    expect(result.forms.map((form) => form.messages)).toEqual([4, 4]);
    expect(Number.isFinite(result.ratio) && result.ratio > 0).toBe(true);
    for (const form of result.forms) expect(form.heapBytesPerMessage).toBeGreaterThan(0);
    expect(nodeRedVsFlowSection(result).join('\n')).toContain('| Get Emissions node |');
  }, 120_000);

  it('node-red-scale: every row through the node, RSS sampled, with Node defaults and in a small heap', async () => {
    const result = await runNodeRedScale({ sites: 3, days: 12, sampleEveryMs: 20 });
    expect(result.rows).toBe(3 * 12 * 96);
    for (const run of [result.defaults, result.smallHeap]) {
      expect(run.messages).toBe(3 * 2);
      expect(run.samples.length).toBeGreaterThan(2);
      expect(run.peakRssBytes).toBeGreaterThan(run.rssBeforeBytes / 2);
    }
    expect(result.smallHeap.nodeFlags.length).toBeGreaterThan(0);
    expect(nodeRedScaleSection(result).join('\n')).toContain('small heap, RSS (s: MB)');
  }, 120_000);

  // A real n8n is installed once (about 5 minutes) by the n8n package's `test:e2e`; without it this is left out.
  it.runIf(isN8nInstalled())(
    'n8n-vs-workflow: both workflows deliver every row in a real n8n',
    async () => {
      const result = await runN8nVsWorkflow({ sites: 2, days: 11, rounds: 1 });
      expect(result.rows).toBe(2 * 11 * 96);
      expect(result.forms.every((form) => form.medianMs > 0)).toBe(true);
      expect(n8nVsWorkflowSection(result).join('\n')).toContain('| Carbon node |');
    },
    240_000,
  );
});
