/** Story 1: every site's emissions for the last N days, as spreadsheet rows (CSV) and a summary table. */
import {
  EMISSION_ROW_COLUMNS,
  toEmissionRows,
  type CarbonClient,
  type EmissionRow,
} from '@ecostruxure-connector/core';
import { join } from 'node:path';
import type { DemoOptions } from '../args.js';
import { writeCsv } from '../output/csv.js';
import { createProgress } from '../output/progress.js';
import { formatNumber, renderTable } from '../output/table.js';

export interface EmissionsStoryResult {
  csvPath: string;
  rows: EmissionRow[];
  failedSites: Array<{ siteId: string; message: string }>;
  report: string;
}

const HOUR_MS = 3_600_000;

export async function emissionsToRows(
  carbon: CarbonClient,
  options: DemoOptions,
  now: Date,
): Promise<EmissionsStoryResult> {
  const sites = await carbon.listSites();
  const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const from = new Date(to.getTime() - options.days * 24 * HOUR_MS);
  const progress = createProgress(`Fetching ${options.days} days of emissions`);
  const results = await carbon.getEmissionsForSites(
    sites.map((site) => site.id),
    { from, to, granularity: options.granularity },
    { onProgress: (event) => progress.update(event.completed, event.total, event.failed) },
  );
  progress.done();

  const sitesById = new Map(sites.map((site) => [site.id, site]));
  const rows: EmissionRow[] = [];
  const failedSites: EmissionsStoryResult['failedSites'] = [];
  for (const result of results) {
    if (result.ok) rows.push(...toEmissionRows(result.emissions, sitesById.get(result.siteId)));
    else failedSites.push({ siteId: result.siteId, message: result.error.message });
  }
  const csvPath = join(options.outDir, `emissions-last-${options.days}-days.csv`);
  await writeCsv(csvPath, rows, EMISSION_ROW_COLUMNS);

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
    `1. Emissions of ${sites.length} sites, ${from.toISOString()} to ${to.toISOString()} (${options.granularity})`,
    renderTable(['site', 'name', 'country', 'rows', 'kWh', 'kgCO2e', 'gCO2e/kWh', 'estimated'], summary),
    `${rows.length} rows written to ${csvPath}`,
    ...failedSites.map((failure) => `! ${failure.siteId}: ${failure.message}`),
  ].join('\n');
  return { csvPath, rows, failedSites, report };
}
