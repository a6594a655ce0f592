/**
 * Story 2: the sites whose latest interval runs more than P % above their grid's global rate, from the
 * flow "2. Sites above their grid rate" (Compare to Grid Rate with the threshold and granularity given).
 */
import type { ShapeWarning, SiteRateComparison } from '@ecostruxure-connector/core';
import type { DemoOptions } from '../args.js';
import { STORY_PATHS } from '../flows/stories.js';
import { runFlow } from '../node-red/run-flow.js';
import { formatNumber, renderTable } from '../output/table.js';

const INTERVAL_NAMES: Record<DemoOptions['granularity'], string> = {
  PT15M: '15-minute',
  PT1H: 'hourly',
  P1D: 'daily',
};

interface ThresholdFlowReply {
  items: SiteRateComparison[];
  warnings: ShapeWarning[];
}

export interface ThresholdStoryResult {
  sites: SiteRateComparison[];
  report: string;
}

export async function thresholdAlerts(
  nodeRedUrl: string,
  options: DemoOptions,
): Promise<ThresholdStoryResult> {
  // The flow compares the same interval length as the emissions table above, so the sections read together.
  const { items: sites, warnings } = await runFlow<ThresholdFlowReply>(nodeRedUrl, STORY_PATHS.threshold);
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
    ...warnings.map((warning) => `! ${warning.path}: ${warning.message}`),
  ].join('\n');
  return { sites, report };
}
