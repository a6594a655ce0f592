/** Story 2: the sites whose latest interval runs more than P % above their grid's global rate. */
import {
  compareToGridRate,
  type CompareToGridRateResult,
  type EcoStruxureClient,
  type SiteRateComparison,
} from '@ecostruxure-connector/core';
import type { DemoOptions } from '../args.js';
import { formatNumber, renderTable } from '../output/table.js';

const INTERVAL_NAMES: Record<DemoOptions['granularity'], string> = {
  PT15M: '15-minute',
  PT1H: 'hourly',
  P1D: 'daily',
};

export interface ThresholdStoryResult {
  comparison: CompareToGridRateResult;
  report: string;
}

export async function thresholdAlerts(
  carbon: EcoStruxureClient,
  options: DemoOptions,
): Promise<ThresholdStoryResult> {
  // The same interval length as the emissions table above, so the two sections read together.
  const comparison = await compareToGridRate(carbon, {
    thresholdPercent: options.thresholdPercent,
    granularity: options.granularity,
  });
  const sites = comparison.items as unknown as SiteRateComparison[];
  const above = sites.filter((site) => site.above);
  const rows = above.map((site) => [
    site.siteId,
    site.siteName ?? '',
    site.countryIsoCode ?? '',
    site.timestamp,
    formatNumber(site.intensity, 0),
    formatNumber(site.globalRate, 0),
    `+${formatNumber(site.percentAboveGlobalRate, 0)} %`,
  ]);
  const report = [
    `2. Sites whose latest ${INTERVAL_NAMES[options.granularity]} interval (${options.granularity}) is more than ` +
      `${options.thresholdPercent} % above their grid's global rate: ` +
      `${above.length} of ${sites.length}`,
    rows.length > 0
      ? renderTable(['site', 'name', 'country', 'interval', 'gCO2e/kWh', 'grid rate', 'above rate'], rows)
      : '(none)',
    ...comparison.events.map((event) => `alert ${event.dedupKey}`),
    ...comparison.skipped.map((skip) => `skipped ${skip.siteId}: ${skip.reason}`),
  ].join('\n');
  return { comparison, report };
}
