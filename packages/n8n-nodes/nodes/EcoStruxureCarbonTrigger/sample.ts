import type { IDataObject } from 'n8n-workflow';

import { compareToGridRate, distinctWarnings, getEmissions } from '../../shared/ecostruxure-core';
import type { EcoStruxureClient, SiteFailureReport } from '../../shared/ecostruxure-core';
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
 * A watched site that could not be read (the API failed for it, the site is unknown), as an item beside
 * the other sites' events, shaped like a skipped site's: one broken site neither silences the others nor
 * drops out. Core says each once while it persists; its state keeps the site's place, so nothing is lost.
 */
export function failedItems(failures: readonly SiteFailureReport[]): IDataObject[] {
  return failures.map((failure) => ({
    type: 'failed',
    siteId: failure.siteId,
    error: failure.message,
    description: failure.description,
    code: failure.code,
    httpCode: failure.httpCode,
  }));
}

/**
 * What "Fetch test event" shows: the sites' current values in the shape the trigger emits them (skipped
 * and failed sites and warnings included), without waiting for a crossing and without moving the saved state forward.
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
  // A site that cannot be read is listed as the poll lists it, beside the others' values.
  const { items, skipped, failures, warnings } = await getEmissions(client, {
    siteIds,
    range: 'latest',
    granularity: settings.granularity,
    output: 'rows',
    onSiteFailure: 'continue',
  });
  return [
    ...(items as IDataObject[]),
    ...skippedItems(skipped),
    ...failedItems(failures),
    ...warningItems(distinctWarnings(warnings)),
  ];
}
