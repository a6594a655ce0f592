/**
 * Story 1: every site's emissions for the last N days, as spreadsheet rows. The flow "1. Emissions to
 * CSV" fetches them and writes the CSV file; the demo prints a summary table of what it wrote.
 */
import { intervalStart } from '@ecostruxure-connector/core/advanced';
import type { EmissionRow, ShapeWarning, Site } from '@ecostruxure-connector/core';
import { join } from 'node:path';
import type { DemoOptions } from '../args.js';
import { csvFileName, EMISSIONS_NODE_ID, STORY_PATHS } from '../flows/stories.js';
import { runFlow } from '../node-red/run-flow.js';
import { followNodeStatus } from '../node-red/status-feed.js';
import { createProgress } from '../output/progress.js';
import { formatNumber, renderTable } from '../output/table.js';

export interface EmissionsStoryResult {
  csvPath: string;
  rows: EmissionRow[];
  report: string;
}

interface EmissionsFlowReply {
  sites: Site[];
  rows: EmissionRow[];
  window?: { from?: string; to?: string };
  warnings: ShapeWarning[];
}

const DAY_MS = 86_400_000;

export async function emissionsToRows(
  nodeRedUrl: string,
  options: DemoOptions,
  now: Date,
): Promise<EmissionsStoryResult> {
  // The last N whole days of intervals before the current one (core's own alignment, in UTC).
  const to = intervalStart(now.getTime(), options.granularity);
  const from = to - options.days * DAY_MS;
  const progress = createProgress(`Fetching ${options.days} days of emissions`);
  let reported = 0;
  const status = await followNodeStatus(nodeRedUrl, EMISSIONS_NODE_ID, (text) => {
    const counts = /^(\d+)\/(\d+)$/.exec(text);
    if (counts) {
      reported = Number(counts[1]);
      progress.update(reported, Number(counts[2]), 0);
    }
  });
  let reply: EmissionsFlowReply;
  try {
    reply = await runFlow<EmissionsFlowReply>(nodeRedUrl, STORY_PATHS.emissions, {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    });
  } finally {
    status.close();
    progress.done();
  }
  const { sites, rows } = reply;
  // A status update can arrive after the reply (or be coalesced by the editor socket): the last line is sure.
  if (reported < sites.length) progress.update(sites.length, sites.length, 0);
  const window = {
    from: reply.window?.from ?? new Date(from).toISOString(),
    to: reply.window?.to ?? new Date(to).toISOString(),
  };

  const csvPath = join(options.outDir, csvFileName(options.days));

  const summary = sites.map((site) => {
    const siteRows = rows.filter((row) => row.siteId === site.id);
    const kg = siteRows.reduce((sum, row) => sum + (row.kgCO2e ?? 0), 0);
    const kWh = siteRows.reduce((sum, row) => sum + (row.kWh ?? 0), 0);
    return [
      site.id,
      site.name ?? '',
      site.postalAddress?.countryIsoCode ?? '',
      siteRows.length,
      formatNumber(kWh, 0),
      formatNumber(kg, 1),
      kWh > 0 ? formatNumber((kg * 1000) / kWh, 0) : '',
      siteRows.filter((row) => row.estimated).length,
    ];
  });
  const report = [
    `1. Emissions of ${sites.length} sites, ${window.from} to ${window.to} (${options.granularity})`,
    renderTable(['site', 'name', 'country', 'rows', 'kWh', 'kgCO2e', 'gCO2e/kWh', 'estimated'], summary),
    `${rows.length} rows written to ${csvPath}`,
    ...reply.warnings.map((warning) => `! ${warning.path}: ${warning.message}`),
  ].join('\n');
  return { csvPath, rows, report };
}
