/** The n8n side of rate-limited-sync: our Carbon node, one item per site, latest interval, in a real n8n. */
import type { N8nSyncPath } from '../rate-limited-sync.js';
import { startN8nBenchHost } from './host.js';
import { ROWS_NODE, ourWorkflow } from './workflows.js';

export async function startN8nSyncPath(): Promise<N8nSyncPath> {
  const host = await startN8nBenchHost();
  return {
    description: 'Carbon node (Get Emissions, one item per site, range latest, rows) in a real n8n 2.41.1',
    async sync(origin, siteIds, output) {
      const credential = await host.credentialFor(origin);
      const workflow = ourWorkflow({
        name: `rate-limited sync, ${output}`,
        siteIds,
        credential,
        range: { range: 'latest' },
        output,
      });
      const { execution, executionMs } = await host.run(workflow, 15 * 60 * 1000);
      const rows = execution.output[ROWS_NODE] ?? [];
      return {
        siteIds: rows.map((item) => String((item.json as { siteId?: unknown }).siteId)),
        wallMs: executionMs,
      };
    },
    close: () => host.stop(),
  };
}
