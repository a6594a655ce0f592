/**
 * What core itself costs per page on the node-red-vs-flow data, outside any runtime: the same pages fetched
 * by `streamEmissions` (rows, site list first) and by a bare loop doing what the hand-built flow's nodes do
 * (undici request with a Bearer header, JSON.parse, the Function node's mapping to rows), each site's pages
 * one after the other and every site at once, as in the flows. Runs in the benchmark process against the
 * simulator thread; the difference per page is the part of the Node-RED gap that core accounts for.
 */
import { performance } from 'node:perf_hooks';
import { createEcoStruxureClient, streamEmissions } from '@ecostruxure-connector/core';
import { encodePathSegment } from '@ecostruxure-connector/core/advanced';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';
import { Agent, request } from 'undici';
import type { SimulatorThread } from './simulator-thread.js';
import { median } from './stats.js';

export interface CorePagesResult {
  rounds: number;
  /** Median wall time of the bare loop and of streamEmissions, ms. */
  bareMs: number;
  coreMs: number;
  pages: number;
  /** (coreMs - bareMs) / pages. */
  extraMsPerPage: number;
}

interface Series {
  key: string;
  values: Array<{ date: string; value: number; isEstimated: boolean }>;
}
interface Page {
  siteId: string;
  granularity: string;
  method: string;
  timeseries: Series[];
  paging: { page: number; totalPages: number };
}

export async function measureCorePages(
  sim: SimulatorThread,
  range: { from: string; to: string },
  rounds: number,
): Promise<CorePagesResult> {
  const token = DEMO_CREDENTIALS.personalAccessToken.value;
  const agent = new Agent({ connections: sim.siteIds.length });
  const transport = createUndiciTransport();
  const client = createEcoStruxureClient({
    baseUrl: sim.url,
    credentials: { kind: 'personalAccessToken', token },
    transport,
    runtime: nodeRuntime,
  });
  let pages = 0;
  const bare = async (): Promise<number> => {
    let rows = 0;
    pages = 0;
    await Promise.all(
      sim.siteIds.map(async (siteId) => {
        for (let page = 1, last = 1; page <= last; page += 1) {
          const query = new URLSearchParams({
            ...range,
            granularity: 'PT15M',
            page: String(page),
            pageSize: '1000',
          });
          const response = await request(
            `${sim.carbonApi}/sites/${encodePathSegment(siteId)}/carbon-emissions?${query.toString()}`,
            { dispatcher: agent, headers: { authorization: `Bearer ${token}` } },
          );
          const body = JSON.parse(await response.body.text()) as Page;
          const byKey = new Map(body.timeseries.map((series) => [series.key, series.values]));
          const energy = byKey.get('activeEnergy');
          const factor = byKey.get('emissionFactor');
          rows += (byKey.get('co2Emission') ?? []).map((point, index) => ({
            siteId: body.siteId,
            timestamp: point.date,
            kgCO2e: point.value,
            kWh: energy?.[index]?.value ?? null,
            gCO2ePerKWh: factor?.[index]?.value ?? null,
            estimated: point.isEstimated,
            method: body.method,
          })).length;
          last = body.paging.totalPages;
          pages += 1;
        }
      }),
    );
    return rows;
  };
  const core = async (): Promise<number> => {
    let rows = 0;
    const params = {
      siteIds: [...sim.siteIds],
      range: 'custom',
      ...range,
      granularity: 'PT15M',
      output: 'rows' as const,
    };
    for await (const page of streamEmissions(client, params)) rows += page.items.length;
    return rows;
  };
  try {
    await bare();
    await core();
    const times = { bare: [] as number[], core: [] as number[] };
    for (let round = 0; round < rounds; round += 1) {
      for (const form of round % 2 === 0 ? (['bare', 'core'] as const) : (['core', 'bare'] as const)) {
        const start = performance.now();
        await (form === 'bare' ? bare() : core());
        times[form].push(performance.now() - start);
      }
    }
    const bareMs = median(times.bare);
    const coreMs = median(times.core);
    return { rounds, bareMs, coreMs, pages, extraMsPerPage: (coreMs - bareMs) / pages };
  } finally {
    transport.close();
    await agent.close();
  }
}
