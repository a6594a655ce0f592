/**
 * The n8n side of rate-limited-sync, in one real n8n run with V8's CPU profiler: our Carbon node (one item
 * per site, latest interval, as rows or in the API's shape), and n8n's HTTP Request node making the same
 * calls (signed by a header typed into it, or by the same credential). When n8n has stopped, each execution's CPU time is summed from the profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { N8nSyncForm, N8nSyncPath } from '../rate-limited-sync.js';
import { startN8nBenchHost, type ExecutionWindow } from './host.js';
import { clockPair, readMainProfile, summarizeWindow, type ExecutionProfile } from './profile.js';
import { ROWS_NODE, httpRequestLatestWorkflow, ourWorkflow } from './workflows.js';

export async function startN8nSyncPath(): Promise<N8nSyncPath> {
  const cpuProfileDir = mkdtempSync(join(tmpdir(), 'n8n-cpu-profile-'));
  const host = await startN8nBenchHost({ cpuProfileDir });
  const windows = new Map<N8nSyncForm, ExecutionWindow>();
  return {
    description: 'Carbon node (Get Emissions, one item per site, range latest, rows) in a real n8n 2.41.1',
    async sync({ origin, carbonApi, siteIds, perSecond, form }) {
      const name = `rate-limited sync, ${form}`;
      const credential = await host.credentialFor(origin);
      const workflow =
        form === 'rows' || form === 'series'
          ? ourWorkflow({ name, siteIds, credential, range: { range: 'latest' }, output: form })
          : httpRequestLatestWorkflow({
              name,
              siteIds,
              carbonApi,
              perSecond,
              ...(form === 'httpRequestCredential' ? { credential } : {}),
            });
      const { execution, executionMs, window } = await host.run(workflow, 15 * 60 * 1000);
      windows.set(form, window);
      const items = execution.output[ROWS_NODE] ?? [];
      return {
        // An item without a site ID is an error item (HTTP Request continues on failure): a site lost.
        siteIds: items
          .map((item) => (item.json as { siteId?: unknown }).siteId)
          .filter((siteId) => siteId !== undefined)
          .map(String),
        wallMs: executionMs,
      };
    },
    async close() {
      await host.stop();
      const clock = clockPair();
      try {
        const profile = readMainProfile(cpuProfileDir);
        const profiles: Partial<Record<N8nSyncForm, ExecutionProfile>> = {};
        for (const [form, window] of windows) {
          const nodeFile = form.startsWith('httpRequest')
            ? '/nodes/HttpRequest/'
            : '/packages/n8n-nodes/dist/';
          profiles[form] = summarizeWindow(profile, window, clock, nodeFile);
        }
        return profiles;
      } finally {
        rmSync(cpuProfileDir, { recursive: true, force: true });
      }
    },
  };
}
