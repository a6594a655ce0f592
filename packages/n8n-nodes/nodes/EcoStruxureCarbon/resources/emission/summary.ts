/**
 * Simplify: one item per site instead of one per interval, for AI agents and messages (168 hourly rows of
 * ten fields is more than an agent should read). Totals keep their units in their names; intervals whose
 * value is missing are counted, not silently summed as zero; series the rows carry as metrics are named.
 */
import type { CoveredWindow } from '../../../../shared/ecostruxure-core';

interface Row {
  siteId?: unknown;
  siteName?: unknown;
  countryIsoCode?: unknown;
  kgCO2e?: unknown;
  kWh?: unknown;
  estimated?: unknown;
  method?: unknown;
  metric?: unknown;
}

export interface SiteSummary {
  siteId: string;
  siteName: unknown;
  countryIsoCode: unknown;
  from: string | null;
  to: string | null;
  granularity: string;
  intervals: number;
  kgCO2e: number | null;
  kWh: number | null;
  /** kgCO2e over kWh, in gCO2e per kWh: the site's average carbon intensity over the range. */
  gCO2ePerKWh: number | null;
  intervalsWithoutEmissions: number;
  estimatedIntervals: number;
  otherSeries: string[];
  method: unknown;
}

const rounded = (value: number) => Number(value.toPrecision(12));

export function summarizeRows(rows: object[], window: CoveredWindow): SiteSummary[] {
  const bySite = new Map<string, SiteSummary>();
  for (const row of rows as Row[]) {
    const siteId = String(row.siteId);
    let summary = bySite.get(siteId);
    if (!summary) {
      summary = {
        siteId,
        siteName: row.siteName ?? null,
        countryIsoCode: row.countryIsoCode ?? null,
        from: window.from ?? null,
        to: window.to ?? null,
        granularity: window.granularity,
        intervals: 0,
        kgCO2e: null,
        kWh: null,
        gCO2ePerKWh: null,
        intervalsWithoutEmissions: 0,
        estimatedIntervals: 0,
        otherSeries: [],
        method: row.method ?? null,
      };
      bySite.set(siteId, summary);
    }
    add(summary, row);
  }
  for (const summary of bySite.values()) {
    if (summary.kgCO2e !== null && summary.kWh) {
      summary.gCO2ePerKWh = rounded((summary.kgCO2e * 1000) / summary.kWh);
    }
  }
  return [...bySite.values()];
}

function add(summary: SiteSummary, row: Row): void {
  if (typeof row.metric === 'string') {
    if (!summary.otherSeries.includes(row.metric)) summary.otherSeries.push(row.metric);
    return;
  }
  summary.intervals += 1;
  if (row.estimated === true) summary.estimatedIntervals += 1;
  if (typeof row.kgCO2e === 'number') summary.kgCO2e = rounded((summary.kgCO2e ?? 0) + row.kgCO2e);
  else summary.intervalsWithoutEmissions += 1;
  if (typeof row.kWh === 'number') summary.kWh = rounded((summary.kWh ?? 0) + row.kWh);
}
