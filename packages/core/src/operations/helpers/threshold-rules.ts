/**
 * Emission threshold rules, in the user's units, and their validation. A rule fires when a site's value
 * for an interval rises above `above`, and clears when it falls to `above - hysteresis` or below, so a
 * value hovering around the limit does not flap.
 */
import { ValidationError } from '../../errors/errors.js';
import { numberFromForm } from './form-values.js';

export type ThresholdMetric =
  /** kgCO2e emitted in one interval. */
  | 'kgCO2e'
  /** Carbon intensity of the energy used, gCO2e/kWh. */
  | 'intensity'
  /** How far the site's intensity is above its grid's global rate, in percent. */
  | 'percentAboveGlobalRate';

export interface ThresholdRule {
  metric: ThresholdMetric;
  above: number;
  /** In the metric's unit (percentage points for `percentAboveGlobalRate`). Default 0. */
  hysteresis?: number;
}

export const METRIC_UNITS: Record<ThresholdMetric, string> = {
  kgCO2e: 'kgCO2e',
  intensity: 'gCO2e/kWh',
  percentAboveGlobalRate: '%',
};

export const THRESHOLD_METRICS = Object.keys(METRIC_UNITS) as ThresholdMetric[];
const METRICS = THRESHOLD_METRICS;

/** Checks a rule that came from user input; the error names the field and says what to enter. */
export function validateThresholdRule(rule: Partial<ThresholdRule> | undefined): ThresholdRule {
  if (!rule || !METRICS.includes(rule.metric as ThresholdMetric)) {
    throw new ValidationError({
      field: 'metric',
      message: `Threshold metric "${String(rule?.metric)}" is not supported. Choose one of: ${METRICS.join(', ')}.`,
    });
  }
  const metric = rule.metric as ThresholdMetric;
  const above = checkedLimit(
    metric,
    typeof rule.above === 'number' ? rule.above : Number.NaN,
    rule.above,
    'above',
    'Threshold "above"',
  );
  const hysteresis = rule.hysteresis ?? 0;
  if (typeof hysteresis !== 'number' || !Number.isFinite(hysteresis) || hysteresis < 0) {
    throw new ValidationError({
      field: 'hysteresis',
      message: `Threshold "hysteresis" must be zero or a positive number; got ${JSON.stringify(rule.hysteresis)}.`,
    });
  }
  return { metric, above, hysteresis };
}

/**
 * The rule with another limit, given where the rule is used (a message's `threshold`, for one): a number
 * or plain decimal text, checked like the rule's own. `field` names that place in any error.
 */
export function ruleWithLimit(rule: ThresholdRule, above: unknown, field: string): ThresholdRule {
  return { ...rule, above: checkedLimit(rule.metric, numberFromForm(above), above, field, `"${field}"`) };
}

/**
 * The one check of a limit, wherever it was given: a finite number, and not negative except as a
 * percentage above the grid rate. `given` is what the user entered, `label` how messages name the place.
 */
function checkedLimit(
  metric: ThresholdMetric,
  limit: number,
  given: unknown,
  field: string,
  label: string,
): number {
  if (!Number.isFinite(limit)) {
    throw new ValidationError({
      field,
      message: `${label} must be a number in ${METRIC_UNITS[metric]}; got ${JSON.stringify(given) ?? typeof given}.`,
    });
  }
  if (metric !== 'percentAboveGlobalRate' && limit < 0) {
    throw new ValidationError({
      field,
      message: `${label} cannot be negative for ${metric}; got ${limit}.`,
    });
  }
  return limit;
}

/** A short, stable text for a rule, part of every dedup key. */
export function describeRule(rule: ThresholdRule): string {
  return `${rule.metric}>${rule.above}${rule.hysteresis ? `~${rule.hysteresis}` : ''}`;
}
