/**
 * New emission data since the last poll, as rows: for each site, the intervals that completed after the
 * last one reported. The first poll records where each site stands and reports nothing.
 */
import { validateGranularity } from '../../carbon-api/params.js';
import { DEFAULT_GRANULARITY } from '../../carbon-api/ranges.js';
import type { EcoStruxureClient } from '../../client/create-client.js';
import { ValidationError } from '../../errors/errors.js';
import { throwIfAnySiteFailed, type SiteFailureEntry } from '../helpers/failures.js';
import { toEmissionRows, type EmissionRow } from '../helpers/emission-rows.js';
import { listOf, optionalText } from '../helpers/form-values.js';
import { intervalStart } from '../helpers/range-presets.js';
import type { OperationContext } from '../helpers/types.js';

/** The start of the latest interval reported, per site. */
export type NewEmissionsState = Record<string, string>;

export interface PollNewEmissionsParams {
  siteIds: readonly string[] | string;
  granularity?: string | undefined;
  state?: NewEmissionsState | undefined;
}

export interface PollNewEmissionsResult {
  items: EmissionRow[];
  state: NewEmissionsState;
  warnings: [];
}

/** How far back a poll looks for a site it last saw long ago. */
const CATCH_UP_MS = 7 * 24 * 60 * 60 * 1000;

export async function pollNewEmissions(
  client: EcoStruxureClient,
  params: PollNewEmissionsParams,
  context: OperationContext = {},
): Promise<PollNewEmissionsResult> {
  const siteIds = listOf(params?.siteIds, 'siteIds');
  if (siteIds.length === 0) {
    throw new ValidationError({
      field: 'siteIds',
      message: 'Choose the sites to watch: enter one or more site IDs (List Sites shows them).',
    });
  }
  const granularity =
    validateGranularity(optionalText(params.granularity, 'granularity')) ?? DEFAULT_GRANULARITY;
  const previous = params.state ?? {};
  if (typeof previous !== 'object' || previous === null || Array.isArray(previous)) {
    throw new ValidationError({
      field: 'state',
      message: '"state" must be the state object a previous poll returned, or nothing.',
    });
  }
  const to = intervalStart(client.carbon.http.runtime.now(), granularity);
  const state: NewEmissionsState = { ...previous };
  const items: EmissionRow[] = [];
  const failures: SiteFailureEntry[] = [];
  const results = await client.carbon.getEmissionsForSites(
    siteIds,
    { granularity },
    { signal: context.signal },
  );
  // The latest interval first: it tells where each site stands, and is all a first poll needs.
  const pending: string[] = [];
  for (const result of results) {
    if (!result.ok) {
      failures.push({ siteId: result.siteId, error: result.error });
      continue;
    }
    const latest = toEmissionRows(result.emissions).at(-1);
    const last = previous[result.siteId];
    if (last === undefined) {
      if (latest !== undefined) state[result.siteId] = latest.timestamp;
    } else if (latest !== undefined && Date.parse(latest.timestamp) > Date.parse(last)) {
      pending.push(result.siteId);
    }
  }
  for (const siteId of pending) {
    const last = Date.parse(previous[siteId] as string);
    const from = Math.max(last + 1, to - CATCH_UP_MS);
    try {
      const emissions = await client.carbon.getEmissions(siteId, {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        granularity,
        signal: context.signal,
      });
      const rows = toEmissionRows(emissions).filter((row) => Date.parse(row.timestamp) > last);
      items.push(...rows);
      const newest = rows.at(-1);
      if (newest !== undefined) state[siteId] = newest.timestamp;
    } catch (error) {
      if (context.signal?.aborted) throw error;
      failures.push({ siteId, error });
    }
  }
  // A site that failed keeps its old position, so its rows come with the next successful poll.
  throwIfAnySiteFailed(failures, siteIds.length);
  return { items, state, warnings: [] };
}
