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
import { noSampleReason } from '../helpers/samples.js';
import type { OperationContext } from '../helpers/types.js';
import type { ShapeWarning } from '../../schema/parse-response.js';

/** Where a site stands: the latest interval delivered, and what was delivered within the revision window. */
export interface SiteSyncState {
  /** Absent while nothing was delivered (a site skipped since the first poll). */
  last?: string;
  /** Interval start -> fingerprint of the values delivered. */
  seen: Record<string, string>;
  /** Why the site gave no rows at the last poll that read it, so it is said once, not at every poll. */
  skippedReason?: string;
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

/** A site read this poll that gave no row, with why (no data, no recognised series). */
export interface SkippedWatchedSite {
  siteId: string;
  reason: string;
}

export interface PollNewEmissionsResult {
  items: EmissionChange[];
  state: Record<string, SiteSyncState>;
  /**
   * Sites read this poll that gave no row, with why: every site asked for is in the items, here, or
   * (when it could not be read) in the error the poll fails with.
   */
  skipped: SkippedWatchedSite[];
  /** The skipped sites whose reason is new since the previous poll: said once, as a trigger passes it on. */
  newlySkipped: SkippedWatchedSite[];
  /** What the sites' answers held that core read leniently or checked against the window, naming where. */
  warnings: ShapeWarning[];
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
function compare(
  rows: EmissionRow[],
  known: (SiteSyncState & { last: string }) | undefined,
  legacy: boolean,
  keepFrom: number,
) {
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

/** What one poll shares across its sites. */
interface PollWindow {
  to: number;
  keepFrom: number;
  revisionMs: number;
  granularity: Granularity;
  signal: AbortSignal | undefined;
}

/** The saved state of a site as today's shape; a plain timestamp is an earlier version's. */
function syncStateOf(saved: SiteSyncState | string | undefined): SiteSyncState | undefined {
  return typeof saved === 'string' ? { last: saved, seen: {} } : saved;
}

/** One site's changes since its saved state, or why it gave no row; undefined when there is nothing to read yet. */
async function pollSite(
  client: EcoStruxureClient,
  siteId: string,
  saved: SiteSyncState | string | undefined,
  poll: PollWindow,
) {
  const synced = syncStateOf(saved);
  const known = synced?.last === undefined ? undefined : { ...synced, last: synced.last };
  // From the older of the revision window and the interval after the last one delivered (a week at most).
  const { to, keepFrom } = poll;
  const after = known === undefined ? to - Math.max(poll.revisionMs, HOUR_MS) : Date.parse(known.last) + 1;
  const from = Math.max(Math.min(keepFrom, after), to - CATCH_UP_MS);
  if (from >= to) return undefined;
  const emissions = await client.carbon.getEmissions(siteId, {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    granularity: poll.granularity,
    signal: poll.signal,
  });
  const rows = toEmissionRows(emissions);
  const outcome = compare(rows, known, typeof saved === 'string', keepFrom);
  const state: SiteSyncState = outcome.state ?? synced ?? { seen: {} };
  // A site that gave no row is accounted for with why, never left out of the poll's result.
  const reason = rows.length === 0 ? noSampleReason(emissions) : undefined;
  const warnings = emissions.warnings ?? [];
  return { changes: outcome.changes, state, reason, before: synced?.skippedReason, warnings };
}

/** The poll's sites and window, checked before any request. */
function pollOf(client: EcoStruxureClient, params: PollNewEmissionsParams, signal: AbortSignal | undefined) {
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
  const to = intervalStart(client.carbon.http.runtime.now(), granularity);
  const window: PollWindow = { to, keepFrom: to - revisionMs, revisionMs, granularity, signal };
  return { siteIds, window };
}

export async function pollNewEmissions(
  client: EcoStruxureClient,
  params: PollNewEmissionsParams,
  context: OperationContext = {},
): Promise<PollNewEmissionsResult> {
  const { siteIds, window: poll } = pollOf(client, params, context.signal);
  const previous = validState(params.state);
  const state: Record<string, SiteSyncState> = {};
  const items: EmissionChange[] = [];
  const skipped: SkippedWatchedSite[] = [];
  const newlySkipped: SkippedWatchedSite[] = [];
  const failures: SiteFailureEntry[] = [];
  const warnings: ShapeWarning[] = [];
  for (const [siteId, value] of Object.entries(previous)) state[siteId] = syncStateOf(value)!;
  await Promise.all(
    siteIds.map(async (siteId) => {
      try {
        const outcome = await pollSite(client, siteId, previous[siteId], poll);
        if (outcome === undefined) return;
        items.push(...outcome.changes);
        warnings.push(...outcome.warnings);
        const { reason, before } = outcome;
        const { skippedReason: _previous, ...site } = outcome.state;
        state[siteId] = reason === undefined ? site : { ...site, skippedReason: reason };
        if (reason === undefined) return;
        skipped.push({ siteId, reason });
        if (reason !== before) newlySkipped.push({ siteId, reason });
      } catch (error) {
        if (context.signal?.aborted) throw error;
        // A site that failed keeps its old position, so its rows come with the next successful poll.
        failures.push({ siteId, error });
      }
    }),
  );
  throwIfAnySiteFailed(failures, siteIds.length);
  items.sort((a, b) => a.siteId.localeCompare(b.siteId) || a.timestamp.localeCompare(b.timestamp));
  const bySite = (a: SkippedWatchedSite, b: SkippedWatchedSite) => a.siteId.localeCompare(b.siteId);
  return {
    items,
    state,
    skipped: skipped.sort(bySite),
    newlySkipped: newlySkipped.sort(bySite),
    warnings,
  };
}
