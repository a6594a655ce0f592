/**
 * One pass of a report: a group of sites that share a time zone, one method, one period (this year's or
 * the year before), streamed through `streamEmissions` and summed into each site's buckets as the pages
 * arrive. Sites that fail are recorded, not dropped; a stop (abort) ends the whole report.
 */
import type { Granularity } from '../../carbon-api/params.js';
import type { EcoStruxureClient } from '../../client/create-client.js';
import { BatchError } from '../../http/concurrency.js';
import type { ShapeWarning } from '../../schema/parse-response.js';
import { streamEmissions } from '../carbon/emissions.js';
import { reportSiteFailure, type OnSiteFailure, type SiteFailureReport } from '../helpers/failures.js';
import type { OperationContext } from '../helpers/types.js';
import { SeriesTally, type BucketEdges, type BucketTally } from './tally.js';

export interface Pass {
  siteIds: readonly string[];
  method: 'location-based' | 'market-based';
  edges: readonly BucketEdges[];
  granularity: Granularity;
  step: number;
  /** Intervals ending after this are not expected yet. */
  until: number;
}

export interface PassOutcome {
  tallies: Map<string, BucketTally[]>;
  failures: SiteFailureReport[];
}

/** The failed sites of an error that ended a whole group (every site of it failed). */
function failuresOfGroup(error: unknown, siteIds: readonly string[]): SiteFailureReport[] {
  if (error instanceof BatchError) {
    const bySite = new Map<string, unknown>();
    for (const failure of error.failures) bySite.set(failure.label.replace(/^site /, ''), failure.error);
    return siteIds.map((siteId) => reportSiteFailure({ siteId, error: bySite.get(siteId) ?? error }));
  }
  return siteIds.map((siteId) => reportSiteFailure({ siteId, error }));
}

export async function runPass(
  client: EcoStruxureClient,
  pass: Pass,
  onSiteFailure: OnSiteFailure,
  context: OperationContext,
  warnings: ShapeWarning[],
): Promise<PassOutcome> {
  const tallies = new Map(pass.siteIds.map((id) => [id, new SeriesTally(pass.edges, pass.step, pass.until)]));
  const stream = streamEmissions(
    client,
    {
      siteIds: [...pass.siteIds],
      range: 'custom',
      from: new Date(pass.edges[0]!.from).toISOString(),
      to: new Date(pass.edges[pass.edges.length - 1]!.to).toISOString(),
      granularity: pass.granularity,
      method: pass.method,
      output: 'rows',
      onSiteFailure,
    },
    { signal: context.signal },
  );
  const failures: SiteFailureReport[] = [];
  try {
    for (;;) {
      const step = await stream.next();
      if (step.done === true) {
        failures.push(...step.value.failures);
        break;
      }
      const tally = tallies.get(step.value.siteId);
      for (const item of step.value.items) {
        // Metric rows (series other than the three known ones) carry no kgCO2e column: not summed.
        if (tally === undefined || !('kgCO2e' in item)) continue;
        const row = item as {
          timestamp: string;
          kgCO2e: number | null;
          kWh: number | null;
          estimated: boolean;
        };
        tally.add(Date.parse(row.timestamp), row.kgCO2e, row.kWh, row.estimated);
      }
      for (const warning of step.value.warnings) addWarning(warnings, warning);
    }
  } catch (error) {
    if (context.signal?.aborted === true || onSiteFailure === 'fail') throw error;
    failures.push(...failuresOfGroup(error, pass.siteIds));
  }
  const failed = new Set(failures.map((failure) => failure.siteId));
  const finished = new Map<string, BucketTally[]>();
  for (const [siteId, tally] of tallies) if (!failed.has(siteId)) finished.set(siteId, tally.finish());
  return { tallies: finished, failures };
}

/** The same note from many pages is shown once. */
export function addWarning(warnings: ShapeWarning[], warning: ShapeWarning): void {
  if (!warnings.some((known) => known.path === warning.path && known.message === warning.message))
    warnings.push(warning);
}
