/**
 * Threshold crossings since the last poll, for a trigger or a polling node: each site's new intervals
 * against a rule with hysteresis, once per crossing (state in, state out, a stable dedupKey per
 * crossing). After a pause the poll catches up on the intervals it missed, up to a day back.
 */
import { intervalStart } from '../helpers/range-presets.js';
import { validateGranularity, type Granularity } from '../../carbon-api/params.js';
import { DEFAULT_GRANULARITY } from '../../carbon-api/ranges.js';
import type { EcoStruxureClient } from '../../client/create-client.js';
import { ValidationError } from '../../errors/errors.js';
import {
  newlyFailedSites,
  settlePollFailures,
  type SiteFailureEntry,
  type SiteFailureReport,
} from '../helpers/failures.js';
import {
  evaluateThreshold,
  type SkippedSample,
  type ThresholdEvent,
  type ThresholdState,
} from '../helpers/threshold-evaluate.js';
import {
  validateThresholdRule,
  type ThresholdMetric,
  type ThresholdRule,
} from '../helpers/threshold-rules.js';
import { findSitesAboveGlobalRate } from '../carbon/grid-comparison.js';
import { listOf, optionalNumber, optionalText, requiredNumber } from '../helpers/form-values.js';
import { newlyReported } from '../helpers/said-once.js';
import { emissionSamplesForSites } from '../helpers/samples.js';
import type { OperationContext } from '../helpers/types.js';
import type { ShapeWarning } from '../../schema/parse-response.js';

export interface PollEmissionThresholdParams {
  /** Sites to watch (a list or comma-separated text); default every site for the grid-rate metric. */
  siteIds?: readonly string[] | string | undefined;
  /** `kgCO2e` per interval, `intensity` (gCO2e/kWh) or `percentAboveGlobalRate`. */
  metric: ThresholdMetric | string;
  above: number | string;
  hysteresis?: number | string | undefined;
  granularity?: string | undefined;
  state?: ThresholdState | undefined;
}

export interface PollEmissionThresholdResult {
  items: ThresholdEvent[];
  state: ThresholdState;
  /** Sites (timestamp null) and intervals that could not be evaluated this poll, with why. */
  skipped: SkippedSample[];
  /**
   * Sites that could not be evaluated for a reason they did not have at the previous poll (no recognised
   * series, no grid rate...): said once, like a crossing, so a trigger can pass it on without repeating it.
   */
  newlySkipped: Array<{ siteId: string; reason: string }>;
  /**
   * Sites that could not be read this poll (their error, redacted); the others are evaluated all the same,
   * and a failed site's intervals are evaluated when it is read again. The poll throws instead when no
   * site could be read or the account itself failed (authentication, consent, network).
   */
  failures: SiteFailureReport[];
  /** The failures that are new since the previous poll (or whose message changed): said once. */
  newlyFailed: SiteFailureReport[];
  /** What the sites' answers held that core read leniently or checked against the window, naming where. */
  warnings: ShapeWarning[];
}

/** Whole sites skipped now and not for the same reason before; the state remembers each site's reason. */
function newlySkippedSites(
  skipped: readonly SkippedSample[],
  state: ThresholdState,
): PollEmissionThresholdResult['newlySkipped'] {
  // The last reason given for a whole site (not one of its intervals) is the one said.
  const now = new Map(
    skipped.filter((skip) => skip.timestamp === null).map((skip) => [skip.siteId, skip.reason]),
  );
  const wholeSites = [...now].map(([siteId, reason]) => ({ siteId, reason }));
  const blank = () => ({ above: false });
  return newlyReported(wholeSites, (site) => site.reason, { state, field: 'skippedReason', blank });
}

/** The skipped and failed sites of a poll, each new reason once; the poll throws as `settlePollFailures` says. */
function settled(
  failed: readonly SiteFailureEntry[],
  total: number,
  skipped: readonly SkippedSample[],
  state: ThresholdState,
) {
  const failures = settlePollFailures(failed, total);
  const newlySkipped = newlySkippedSites(skipped, state);
  const newlyFailed = newlyFailedSites(failures, state, () => ({ above: false }));
  return { newlySkipped, failures, newlyFailed };
}

const CATCH_UP_MS = 24 * 60 * 60 * 1000;

export async function pollEmissionThreshold(
  client: EcoStruxureClient,
  params: PollEmissionThresholdParams,
  context: OperationContext = {},
): Promise<PollEmissionThresholdResult> {
  const rule = validateThresholdRule({
    metric: optionalText(params?.metric, 'metric') as ThresholdMetric,
    above: requiredNumber(params.above, 'above'),
    hysteresis: optionalNumber(params.hysteresis, 'hysteresis', { min: 0 }) ?? 0,
  });
  const granularity =
    validateGranularity(optionalText(params.granularity, 'granularity')) ?? DEFAULT_GRANULARITY;
  const state = params.state ?? {};
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw new ValidationError({
      field: 'state',
      message: '"state" must be the state object a previous poll returned, or nothing.',
    });
  }
  if (rule.metric === 'percentAboveGlobalRate') {
    const siteIds = listOf(params.siteIds, 'siteIds');
    const result = await findSitesAboveGlobalRate(client.carbon, {
      percentAbove: rule.above,
      hysteresis: rule.hysteresis,
      ...(siteIds.length > 0 ? { siteIds } : {}),
      granularity,
      state,
      signal: context.signal,
      onProgress: context.onProgress,
    });
    const { events: items, state: next, skipped, warnings } = result;
    const total = new Set([...result.sites, ...skipped, ...result.failures].map((site) => site.siteId)).size;
    return { items, state: next, skipped, warnings, ...settled(result.failures, total, skipped, next) };
  }
  return pollSites(client, { rule, granularity, state, siteIds: params.siteIds }, context);
}

/** The kgCO2e and intensity rules: each watched site's new intervals since the oldest one last seen. */
async function pollSites(
  client: EcoStruxureClient,
  poll: {
    rule: ThresholdRule;
    granularity: Granularity;
    state: ThresholdState;
    siteIds: PollEmissionThresholdParams['siteIds'];
  },
  context: OperationContext,
): Promise<PollEmissionThresholdResult> {
  const { rule, granularity, state } = poll;
  const siteIds = listOf(poll.siteIds, 'siteIds');
  if (siteIds.length === 0) {
    throw new ValidationError({
      field: 'siteIds',
      message: 'Choose the sites to watch: enter one or more site IDs (List Sites shows them).',
    });
  }
  const now = client.carbon.http.runtime.now();
  const evaluated = siteIds.flatMap((siteId) => {
    const last = state[siteId]?.lastEvaluatedAt;
    return last === undefined ? [] : [Date.parse(last)];
  });
  // Everything since the oldest interval a site last saw, so no crossing is missed while paused.
  const to = intervalStart(now, granularity);
  const from =
    evaluated.length === siteIds.length ? Math.max(Math.min(...evaluated), to - CATCH_UP_MS) : undefined;
  const samples = await emissionSamplesForSites(client.carbon, siteIds, {
    granularity,
    ...(from !== undefined && from < to
      ? { from: new Date(from).toISOString(), to: new Date(to).toISOString() }
      : {}),
    signal: context.signal,
    onProgress: context.onProgress,
  });
  const evaluation = evaluateThreshold(samples.samples, rule, { state });
  const skipped = [...samples.skipped, ...evaluation.skipped];
  const { warnings } = samples;
  return {
    items: evaluation.events,
    state: evaluation.state,
    skipped,
    warnings,
    ...settled(samples.failures, siteIds.length, skipped, evaluation.state),
  };
}
