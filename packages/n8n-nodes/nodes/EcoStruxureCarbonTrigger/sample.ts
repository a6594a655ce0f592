import type { IDataObject } from 'n8n-workflow';

import { compareToGridRate, distinctWarnings, getEmissions } from '../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../shared/ecostruxure-core';
import { warningItems } from '../../shared/warnings';

export interface TriggerSettings {
  event: string;
  siteIds: string;
  metric: string;
  above: number;
  granularity: string;
}

/**
 * A watched site that gives nothing to report (no data, no recognised series, no grid rate), as an item of
 * its own: a site must never drop out of the watch silently. Core says each once, when its reason is new.
 */
export function skippedItems(skipped: ReadonlyArray<{ siteId: string; reason: string }>): IDataObject[] {
  return skipped.map((skip) => ({ type: 'skipped', siteId: skip.siteId, reason: skip.reason }));
}

/**
 * What "Fetch test event" shows: the sites' current values in the shape the trigger emits them (skipped
 * sites and warnings included), without waiting for a crossing and without moving the saved state forward.
 */
export async function sampleItems(
  client: EcoStruxureClient,
  settings: TriggerSettings,
): Promise<IDataObject[]> {
  const siteIds = settings.siteIds.trim() === '' ? undefined : settings.siteIds;
  if (settings.event === 'thresholdCrossed' && settings.metric === 'percentAboveGlobalRate') {
    const { items, warnings } = await compareToGridRate(client, {
      siteIds,
      thresholdPercent: settings.above,
      granularity: settings.granularity,
    });
    return [...(items as IDataObject[]), ...warningItems(distinctWarnings(warnings))];
  }
  const { items, skipped, warnings } = await getEmissions(client, {
    siteIds,
    range: 'latest',
    granularity: settings.granularity,
    output: 'rows',
  });
  return [...(items as IDataObject[]), ...skippedItems(skipped), ...warningItems(distinctWarnings(warnings))];
}
