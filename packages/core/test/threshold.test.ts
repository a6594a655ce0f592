import { describe, expect, it } from 'vitest';
import { evaluateThreshold, ruleWithLimit, type EmissionSample } from '../src/advanced.js';
import { ValidationError, type ThresholdRule } from '../src/index.js';

const at = (hour: number) => new Date(Date.UTC(2026, 0, 5, hour)).toISOString();
const sample = (siteId: string, hour: number, kgCO2e: number, kWh = 100): EmissionSample => ({
  siteId,
  timestamp: at(hour),
  kgCO2e,
  kWh,
});

describe('evaluateThreshold', () => {
  const absolute: ThresholdRule = { metric: 'kgCO2e', above: 50, hysteresis: 10 };

  it('fires once per crossing and clears only below the hysteresis band', () => {
    const values = [40, 55, 60, 45, 39, 51];
    const result = evaluateThreshold(
      values.map((value, hour) => sample('s1', hour, value)),
      absolute,
    );
    expect(result.events.map((event) => [event.type, event.timestamp, event.value])).toEqual([
      ['crossed', at(1), 55],
      ['cleared', at(4), 39],
      ['crossed', at(5), 51],
    ]);
    expect(result.events[1]?.crossingStartedAt).toBe(at(1));
    expect(result.state.s1).toEqual({ above: true, crossingStartedAt: at(5), lastEvaluatedAt: at(5) });
  });

  it('does not repeat events for samples already evaluated, and keeps dedup keys stable', () => {
    const first = evaluateThreshold([sample('s1', 0, 10), sample('s1', 1, 70)], absolute);
    const again = evaluateThreshold(
      [sample('s1', 0, 10), sample('s1', 1, 70), sample('s1', 2, 80)],
      absolute,
      {
        state: first.state,
      },
    );
    expect(first.events).toHaveLength(1);
    expect(again.events).toEqual([]);
    const fresh = evaluateThreshold([sample('s1', 0, 10), sample('s1', 1, 70)], absolute);
    expect(fresh.events[0]?.dedupKey).toBe(first.events[0]?.dedupKey);
    expect(first.events[0]?.dedupKey).toBe(`s1|kgCO2e>50~10|${at(1)}`);
  });

  it('does not mutate the state it was given', () => {
    const state = { s1: { above: false } };
    evaluateThreshold([sample('s1', 0, 99)], absolute, { state });
    expect(state).toEqual({ s1: { above: false } });
  });

  it('evaluates intensity in gCO2e/kWh, falling back to the emission factor when no energy was used', () => {
    const result = evaluateThreshold(
      [
        { siteId: 'a', timestamp: at(0), kgCO2e: 30, kWh: 100 }, // 300 g/kWh
        { siteId: 'b', timestamp: at(0), kgCO2e: 0, kWh: 0, emissionFactor: 420 },
      ],
      { metric: 'intensity', above: 350 },
    );
    expect(result.latest).toEqual([
      expect.objectContaining({ siteId: 'a', value: 300, above: false, unit: 'gCO2e/kWh' }),
      expect.objectContaining({ siteId: 'b', value: 420, above: true }),
    ]);
    expect(result.events.map((event) => event.siteId)).toEqual(['b']);
  });

  it('compares with the grid global rate in percent and reports sites it cannot evaluate', () => {
    const result = evaluateThreshold(
      [sample('fr', 0, 12, 100), sample('de', 0, 30, 100), sample('xx', 0, 30, 100)],
      { metric: 'percentAboveGlobalRate', above: 50 },
      { globalRates: { fr: 60, de: 380 } },
    );
    // fr: 120 g/kWh is 100 % above 60; de: 300 g/kWh is 21 % below 380.
    expect(result.events.map((event) => [event.siteId, Math.round(event.value)])).toEqual([['fr', 100]]);
    expect(result.latest.find((entry) => entry.siteId === 'de')?.value).toBeCloseTo(-21.05, 1);
    expect(result.skipped).toEqual([
      { siteId: 'xx', timestamp: at(0), reason: expect.stringContaining('global rate') },
    ]);
  });

  it.each([
    [{ metric: 'kgCO2', above: 1 }, 'metric', /Choose one of: kgCO2e, intensity, percentAboveGlobalRate/],
    [{ metric: 'kgCO2e', above: Number.NaN }, 'above', /must be a number in kgCO2e/],
    [{ metric: 'intensity', above: -1 }, 'above', /cannot be negative/],
    [{ metric: 'kgCO2e', above: 1, hysteresis: -2 }, 'hysteresis', /zero or a positive number/],
  ])('rejects %j naming the field', (rule, field, message) => {
    const run = () => evaluateThreshold([], rule as ThresholdRule);
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe('ruleWithLimit', () => {
  const rule: ThresholdRule = { metric: 'kgCO2e', above: 50, hysteresis: 10 };

  it('takes a limit given as a number or as decimal text, keeping the rest of the rule', () => {
    expect(ruleWithLimit(rule, 75, 'msg.threshold')).toEqual({ ...rule, above: 75 });
    expect(ruleWithLimit(rule, ' 12.5 ', 'msg.threshold')).toEqual({ ...rule, above: 12.5 });
  });

  it.each([['high'], [null], [{}], [-1]])('refuses %j, naming the place it came from', (value) => {
    expect(() => ruleWithLimit(rule, value, 'msg.threshold')).toThrow(
      expect.objectContaining({
        field: 'msg.threshold',
        message: expect.stringContaining('"msg.threshold"'),
      }),
    );
  });
});
