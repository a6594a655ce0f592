/**
 * Pure threshold evaluation. Given emission samples, a rule and the state left by the previous
 * evaluation, it returns crossing events and the new state. The state is plain JSON, so an n8n trigger
 * can keep it in workflow static data and a Node-RED node in its context; samples already evaluated are
 * skipped, so overlapping polling windows never repeat an event.
 */
import { describeRule, METRIC_UNITS, validateThresholdRule, type ThresholdRule } from './threshold-rules.js';

export interface EmissionSample {
  siteId: string;
  /** Start of the interval. */
  timestamp: string;
  kgCO2e: number | null;
  kWh: number | null;
  /** gCO2e/kWh as reported by the API, used when kWh is zero or missing. */
  emissionFactor?: number | null;
}

export interface SiteThresholdState {
  above: boolean;
  /** When the current crossing began (the first interval above the limit). */
  crossingStartedAt?: string;
  /** The latest interval evaluated; earlier or equal samples are ignored next time. */
  lastEvaluatedAt?: string;
  /** Why the whole site could not be evaluated at the last poll, when it could not (said once). */
  skippedReason?: string;
  /** Why the site could not be read at the last poll, when it could not (said once while it persists). */
  failedReason?: string;
}

export type ThresholdState = Record<string, SiteThresholdState>;

export interface ThresholdEvent {
  type: 'crossed' | 'cleared';
  siteId: string;
  /** The interval at which the crossing or clearing happened. */
  timestamp: string;
  value: number;
  limit: number;
  unit: string;
  metric: ThresholdRule['metric'];
  crossingStartedAt: string;
  /**
   * The same crossing always gets the same key (site, rule, first interval above), so downstream
   * systems can deduplicate alerts across retries and restarts.
   */
  dedupKey: string;
}

export interface SiteEvaluation {
  siteId: string;
  timestamp: string;
  value: number;
  limit: number;
  unit: string;
  above: boolean;
}

export interface SkippedSample {
  siteId: string;
  /** The interval skipped, or null when the whole site was (no data, no recognised series, no grid rate). */
  timestamp: string | null;
  reason: string;
}

export interface ThresholdResult {
  events: ThresholdEvent[];
  /** The latest evaluated value per site. */
  latest: SiteEvaluation[];
  skipped: SkippedSample[];
  state: ThresholdState;
}

export interface EvaluateOptions {
  state?: ThresholdState;
  /** Grid global rate (gCO2e/kWh) per site ID, required for `percentAboveGlobalRate`. */
  globalRates?: Record<string, number>;
}

export function intensityOf(sample: EmissionSample): number | null {
  if (sample.kgCO2e !== null && sample.kWh !== null && sample.kWh > 0)
    return (sample.kgCO2e * 1000) / sample.kWh;
  return sample.emissionFactor ?? null;
}

function metricValue(
  sample: EmissionSample,
  rule: ThresholdRule,
  globalRates: Record<string, number> | undefined,
): number | string {
  switch (rule.metric) {
    case 'kgCO2e':
      return sample.kgCO2e ?? 'no kgCO2e value for this interval';
    case 'intensity':
      return intensityOf(sample) ?? 'neither energy nor emission factor for this interval';
    case 'percentAboveGlobalRate': {
      const intensity = intensityOf(sample);
      const rate = globalRates?.[sample.siteId];
      if (intensity === null) return 'neither energy nor emission factor for this interval';
      if (rate === undefined || rate <= 0) return 'no global rate known for this site’s country';
      return (intensity / rate - 1) * 100;
    }
  }
}

export function evaluateThreshold(
  samples: readonly EmissionSample[],
  ruleInput: ThresholdRule,
  options: EvaluateOptions = {},
): ThresholdResult {
  const rule = validateThresholdRule(ruleInput);
  const ruleText = describeRule(rule);
  const clearBelowOrAt = rule.above - (rule.hysteresis ?? 0);
  const state: ThresholdState = structuredClone(options.state ?? {});
  const events: ThresholdEvent[] = [];
  const skipped: SkippedSample[] = [];
  const latest = new Map<string, SiteEvaluation>();

  const ordered = [...samples].sort(
    (a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || a.siteId.localeCompare(b.siteId),
  );
  for (const sample of ordered) {
    const siteState = (state[sample.siteId] ??= { above: false });
    const time = Date.parse(sample.timestamp);
    if (siteState.lastEvaluatedAt !== undefined && time <= Date.parse(siteState.lastEvaluatedAt)) continue;

    const value = metricValue(sample, rule, options.globalRates);
    if (typeof value === 'string') {
      skipped.push({ siteId: sample.siteId, timestamp: sample.timestamp, reason: value });
      continue;
    }
    siteState.lastEvaluatedAt = sample.timestamp;

    const base = {
      siteId: sample.siteId,
      timestamp: sample.timestamp,
      value,
      limit: rule.above,
      unit: METRIC_UNITS[rule.metric],
    };
    if (!siteState.above && value > rule.above) {
      siteState.above = true;
      siteState.crossingStartedAt = sample.timestamp;
      events.push({
        ...base,
        type: 'crossed',
        metric: rule.metric,
        crossingStartedAt: sample.timestamp,
        dedupKey: `${sample.siteId}|${ruleText}|${sample.timestamp}`,
      });
    } else if (siteState.above && value <= clearBelowOrAt) {
      const crossingStartedAt = siteState.crossingStartedAt ?? sample.timestamp;
      siteState.above = false;
      delete siteState.crossingStartedAt;
      events.push({
        ...base,
        type: 'cleared',
        metric: rule.metric,
        crossingStartedAt,
        dedupKey: `${sample.siteId}|${ruleText}|${crossingStartedAt}|cleared`,
      });
    }
    latest.set(sample.siteId, { ...base, above: siteState.above });
  }
  return { events, latest: [...latest.values()], skipped, state };
}
