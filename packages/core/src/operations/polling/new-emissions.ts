/**
 * New emission data since the last poll, as rows, each interval delivered once: an interval that completed
 * after the last one reported comes with `change: 'new'`; one already delivered whose values the API has
 * since revised comes again with `change: 'updated'` (its `updatedAt` moved), so a sync that upserts on the
 * row's `key` updates the row rather than adding one. The first poll records where each site stands and
 * reports nothing. Revisions are looked for over the last `revisionWindowHours` (24 by default); what was
 * delivered in that window is kept in the state, by interval, as a short fingerprint of its values.
 */
import { validateGranularity, type Granularity } from '../../carbon-api/params.js';
import { DEFAULT_GRANULARITY } from '../../carbon-api/ranges.js';
import type { EcoStruxureClient } from '../../client/create-client.js';
import { ValidationError } from '../../errors/errors.js';
import { throwIfAnySiteFailed, type SiteFailureEntry } from '../helpers/failures.js';
import { toEmissionRows, type EmissionRow } from '../helpers/emission-rows.js';
import { listOf, optionalNumber, optionalText } from '../helpers/form-values.js';
import { intervalStart } from '../helpers/range-presets.js';
import type { OperationContext } from '../helpers/types.js';

/** Where a site stands: the latest interval delivered, and what was delivered within the revision window. */
export interface SiteSyncState {
  last: string;
  /** Interval start -> fingerprint of the values delivered. */
  seen: Record<string, string>;
}

/** Per site; a plain timestamp is the state of earlier versions (the latest interval reported), still read. */
export type NewEmissionsState = Record<string, SiteSyncState | string>;

export interface PollNewEmissionsParams {
  siteIds: readonly string[] | string;
  granularity?: string | undefined;
  /** How far back revised intervals are looked for, in hours (0: new intervals only). Default 24. */
  revisionWindowHours?: number | string | undefined;
  state?: NewEmissionsState | undefined;
}

export type EmissionChange = EmissionRow & { change: 'new' | 'updated' };

export interface PollNewEmissionsResult {
  items: EmissionChange[];
  state: Record<string, SiteSyncState>;
  warnings: [];
}

/** How far back a poll looks for a site it last saw long ago. */
const CATCH_UP_MS = 7 * 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

const fingerprint = (row: EmissionRow) =>
  `${row.kWh}|${row.kgCO2e}|${row.gCO2ePerKWh}|${row.estimated ? 1 : 0}`;

function validState(value: unknown): NewEmissionsState {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError({
      field: 'state',
      message: '"state" must be the state object a previous poll returned, or nothing.',
    });
  }
  return value as NewEmissionsState;
}

/**
 * One site's rows against what was delivered: the changes to send, and the site's new state. `known`
 * undefined: the first poll, which records and sends nothing. `legacy`: a state from before fingerprints,
 * whose intervals up to `last` count as delivered.
 */
function compare(rows: EmissionRow[], known: SiteSyncState | undefined, legacy: boolean, keepFrom: number) {
  const changes: EmissionChange[] = [];
  const seen: Record<string, string> = {};
  let last = known?.last;
  for (const row of rows) {
    const print = fingerprint(row);
    const time = Date.parse(row.timestamp);
    if (time >= keepFrom) seen[row.timestamp] = print;
    if (known === undefined) {
      last = row.timestamp;
      continue;
    }
    const before = known.seen[row.timestamp];
    const delivered = before !== undefined || (legacy && time <= Date.parse(known.last));
    if (!delivered) changes.push({ ...row, change: 'new' });
    else if (before !== undefined && before !== print) changes.push({ ...row, change: 'updated' });
    if (last === undefined || time > Date.parse(last)) last = row.timestamp;
  }
  // Intervals delivered before but not read again this time stay known while inside the window.
  for (const [timestamp, print] of Object.entries(known?.seen ?? {}))
    if (Date.parse(timestamp) >= keepFrom && seen[timestamp] === undefined) seen[timestamp] = print;
  return { changes, state: last === undefined ? undefined : { last, seen } };
}

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
  const granularity: Granularity =
    validateGranularity(optionalText(params.granularity, 'granularity')) ?? DEFAULT_GRANULARITY;
  const revisionMs =
    (optionalNumber(params.revisionWindowHours, 'revisionWindowHours', { min: 0, max: 24 * 7 }) ?? 24) *
    HOUR_MS;
  const previous = validState(params.state);
  const to = intervalStart(client.carbon.http.runtime.now(), granularity);
  const keepFrom = to - revisionMs;
  const state: Record<string, SiteSyncState> = {};
  const items: EmissionChange[] = [];
  const failures: SiteFailureEntry[] = [];
  for (const [siteId, value] of Object.entries(previous))
    state[siteId] = typeof value === 'string' ? { last: value, seen: {} } : value;
  await Promise.all(
    siteIds.map(async (siteId) => {
      const saved = previous[siteId];
      const known = typeof saved === 'string' ? { last: saved, seen: {} } : saved;
      // From the older of the revision window and the interval after the last one delivered (a week at most).
      const after = known === undefined ? to - Math.max(revisionMs, HOUR_MS) : Date.parse(known.last) + 1;
      const from = Math.max(Math.min(keepFrom, after), to - CATCH_UP_MS);
      if (from >= to) return;
      try {
        const emissions = await client.carbon.getEmissions(siteId, {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          granularity,
          signal: context.signal,
        });
        const outcome = compare(toEmissionRows(emissions), known, typeof saved === 'string', keepFrom);
        items.push(...outcome.changes);
        if (outcome.state !== undefined) state[siteId] = outcome.state;
      } catch (error) {
        if (context.signal?.aborted) throw error;
        // A site that failed keeps its old position, so its rows come with the next successful poll.
        failures.push({ siteId, error });
      }
    }),
  );
  throwIfAnySiteFailed(failures, siteIds.length);
  items.sort((a, b) => a.siteId.localeCompare(b.siteId) || a.timestamp.localeCompare(b.timestamp));
  return { items, state, warnings: [] };
}
