/** Story 1: every site's emissions for the last N days, as spreadsheet rows (CSV) and a summary table. */
import {
  BatchError,
  EMISSION_ROW_COLUMNS,
  getEmissions,
  intervalStart,
  listSites,
  type EcoStruxureClient,
  toEmissionRows,
  type EmissionRow,
  type Site,
  type SiteEmissionsResult,
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

const DAY_MS = 86_400_000;

export async function emissionsToRows(
  carbon: EcoStruxureClient,
  options: DemoOptions,
  now: Date,
): Promise<EmissionsStoryResult> {
  const sites = (await listSites(carbon)).items as unknown as Site[];
  // The last N whole days of intervals before the current one (core's own alignment, in UTC).
  const to = intervalStart(now.getTime(), options.granularity);
  const from = to - options.days * DAY_MS;
  const progress = createProgress(`Fetching ${options.days} days of emissions`);
  const failedSites: EmissionsStoryResult['failedSites'] = [];
  let rows: EmissionRow[] = [];
  let window = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  try {
    const result = await getEmissions(
      carbon,
      {
        siteIds: sites.map((site) => site.id),
        range: 'custom',
        from: window.from,
        to: window.to,
        granularity: options.granularity,
      },
      { onProgress: (event) => progress.update(event.completed, event.total, event.failed) },
    );
    rows = result.items as unknown as EmissionRow[];
    window = { from: result.window.from ?? window.from, to: result.window.to ?? window.to };
  } catch (error) {
    // Some sites failed: the others' rows are still written, and each failure is reported.
    if (!(error instanceof BatchError)) throw error;
    const sitesById = new Map(sites.map((site) => [site.id, site]));
    for (const result of error.results as Array<SiteEmissionsResult | undefined>) {
      if (result?.ok) rows.push(...toEmissionRows(result.emissions, sitesById.get(result.siteId)));
    }
    for (const failure of error.failures) {
      failedSites.push({
        siteId: failure.label.replace(/^site /, ''),
        message: (failure.error as Error).message,
      });
    }
  } finally {
    progress.done();
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
    `1. Emissions of ${sites.length} sites, ${window.from} to ${window.to} (${options.granularity})`,
    renderTable(['site', 'name', 'country', 'rows', 'kWh', 'kgCO2e', 'gCO2e/kWh', 'estimated'], summary),
    `${rows.length} rows written to ${csvPath}`,
    ...failedSites.map((failure) => `! ${failure.siteId}: ${failure.message}`),
  ].join('\n');
  return { csvPath, rows, failedSites, report };
}
