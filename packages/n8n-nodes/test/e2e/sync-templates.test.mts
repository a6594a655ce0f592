/**
 * The sync templates in a real n8n 2.41.1 against the simulator: the Data Table template run twice and
 * after an n8n restart leaves the same rows (one per site and hour, upserted on the row's key), and an
 * interval the API revised updates its one row.
 */
import type { N8nProcess, N8nRestClient, WorkflowJson } from '@ecostruxure-connector/n8n-host';
import type { SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemplateHost, type TemplateHost } from './template-host.mjs';
import { prepare, readTemplate } from './workflows.mjs';

const SITES = 3;
let host: TemplateHost;
let sim: SimulatorHandle;
let n8n: N8nProcess;
let rest: N8nRestClient;
let credentials: TemplateHost['credentials'];

beforeAll(async () => {
  host = await startTemplateHost(SITES);
  ({ sim, n8n, rest, credentials } = host);
});

afterAll(async () => {
  await host?.stop();
});

/** Every row of the template's table, read with n8n's own Data Table node. */
const readTable: WorkflowJson = {
  name: 'Read the emissions table',
  nodes: [
    {
      name: 'Start',
      type: 'n8n-nodes-base.manualTrigger',
      typeVersion: 1,
      position: [0, 0],
      parameters: {},
    },
    {
      name: 'Rows',
      type: 'n8n-nodes-base.dataTable',
      typeVersion: 1.1,
      position: [220, 0],
      parameters: {
        resource: 'row',
        operation: 'get',
        dataTableId: { __rl: true, mode: 'name', value: 'ecostruxure_emissions' },
        returnAll: true,
        filters: {},
      },
    },
  ],
  connections: { Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] } },
};

describe('the Data Table sync template in a real n8n', () => {
  it('leaves the same rows when run twice and after a restart; a revised interval updates its row', async () => {
    const { id } = await rest.importWorkflow(
      prepare(readTemplate('emissions-to-data-table.json'), { credentials }),
    );
    const reader = await rest.importWorkflow(readTable);
    const run = async () => {
      const execution = await rest.runManually(id, 'Every hour', 120_000);
      expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
      return execution;
    };
    const table = async () => {
      const execution = await rest.runManually(reader.id, 'Start');
      expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
      return (execution.output.Rows ?? []).map((item) => item.json);
    };

    const first = await run();
    const rows = first.output['Last 24 hours'] ?? [];
    expect(rows).toHaveLength(SITES * 24);
    const afterFirst = await table();
    expect(afterFirst).toHaveLength(SITES * 24);
    expect(new Set(afterFirst.map((row) => row.key)).size).toBe(SITES * 24);

    await run();
    expect(await table()).toHaveLength(SITES * 24);

    await n8n.restart();
    const revisedRow = rows[5]!.json as { siteId: string; timestamp: string; key: string; kWh: number };
    const revision = sim.control.reviseEmissionInterval({
      siteId: revisedRow.siteId,
      start: revisedRow.timestamp,
      scale: 2,
    });
    await run();
    const afterRestart = await table();
    // The window may have moved on by an hour between runs: rows are added for new hours, never twice.
    expect(new Set(afterRestart.map((row) => row.key)).size).toBe(afterRestart.length);
    expect(afterRestart.length).toBeLessThanOrEqual(SITES * 26);
    const updated = afterRestart.filter((row) => row.key === revisedRow.key);
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ sourceUpdatedAt: revision.updatedAt });
    expect(updated[0]!.kWh as number).toBeCloseTo(revisedRow.kWh * 2, 2);
    expect(updated[0]!.id).toBe(afterFirst.find((row) => row.key === revisedRow.key)!.id);
  }, 600_000);
});

describe('the CRM-shaped template in a real n8n', () => {
  it('upserts one record per site above its grid rate, keyed by site id, however often it runs', async () => {
    const { id } = await rest.importWorkflow(
      prepare(readTemplate('sites-above-grid-rate-to-records.json'), { credentials }),
    );
    const reader = await rest.importWorkflow({
      ...readTable,
      nodes: readTable.nodes.map((node) =>
        node.name === 'Rows'
          ? {
              ...node,
              parameters: {
                ...node.parameters,
                dataTableId: { __rl: true, mode: 'name', value: 'ecostruxure_sites_above_grid_rate' },
              },
            }
          : node,
      ),
    });
    const runs = [];
    for (let run = 0; run < 2; run += 1) {
      const execution = await rest.runManually(id, 'Every day', 120_000);
      expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
      runs.push(execution);
    }
    const above = (runs[1]!.output['Above grid rate'] ?? []).map((item) => item.json.siteId);
    expect(above.length).toBeGreaterThan(0);
    const records = (await rest.runManually(reader.id, 'Start')).output.Rows ?? [];
    // Every site above (on either run) has exactly one record.
    const siteIds = records.map((item) => item.json.siteId as string);
    expect(new Set(siteIds).size).toBe(siteIds.length);
    for (const siteId of above) expect(siteIds).toContain(siteId);
    for (const record of records) expect(record.json.percentAboveGlobalRate as number).toBeGreaterThan(10);
  }, 600_000);
});
