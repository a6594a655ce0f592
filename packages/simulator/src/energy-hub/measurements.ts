/**
 * Measurement values of meters and breakers: a pure function of (seed, thing, measurement, interval), shaped
 * by the site's local office hours and weekends so a chart of them looks like a building.
 */
import { localTime } from '../shared/local-time.js';
import { round, unit } from '../shared/random.js';
import type { ThingRecord } from './organization.js';

export const INTERVALS: Readonly<Record<string, number>> = {
  PT1M: 60_000,
  PT5M: 300_000,
  PT15M: 900_000,
  PT30M: 1_800_000,
  PT1H: 3_600_000,
  P1D: 86_400_000,
};
export const DEFAULT_INTERVAL = 'PT15M';
export const MAX_POINTS = 5000;
/** Share of intervals with no reading (communication gaps): reported as null values. */
const GAP_SHARE = 0.01;

/** Load relative to the thing's mean: busy on weekday daytime, low at night and on weekends. */
function loadRatio(seed: number, thing: ThingRecord, at: number): number {
  const time = localTime(thing.timezone, at);
  const weekend = time.weekday === 0 || time.weekday === 6;
  const day = time.hour >= 7 && time.hour < 19 && !weekend;
  const base = weekend ? 0.45 : day ? 1.45 : 0.6;
  return base * (1 + 0.2 * (unit(seed, thing.id, 'load', Math.floor(at / 300_000)) - 0.5));
}

export function measurementValue(
  seed: number,
  thing: ThingRecord,
  measurement: string,
  start: number,
  intervalMs: number,
): number | null {
  if (unit(seed, thing.id, 'gap', start, intervalMs) < GAP_SHARE) return null;
  // Sample the middle of the interval; for long intervals average a few samples so days are not noon-biased.
  const samples = Math.max(1, Math.min(24, Math.round(intervalMs / 3_600_000)));
  let ratio = 0;
  for (let i = 0; i < samples; i += 1)
    ratio += loadRatio(seed, thing, start + ((i + 0.5) * intervalMs) / samples);
  ratio /= samples;
  const powerKw = thing.meanLoadKw * ratio;
  const powerFactor = 0.9 + 0.07 * Math.min(1, ratio / 1.5);
  const voltage = 400 * (1 + 0.02 * (unit(seed, thing.id, 'v', start) - 0.5));
  switch (measurement) {
    case 'ActivePower':
      return round(powerKw, 3);
    case 'ActiveEnergy':
      return round((powerKw * intervalMs) / 3_600_000, 3);
    case 'Voltage':
      return round(voltage, 1);
    case 'Current':
      return round((powerKw * 1000) / (Math.sqrt(3) * voltage * powerFactor), 2);
    case 'PowerFactor':
      return round(powerFactor, 3);
    case 'Temperature':
      return round(28 + 18 * Math.min(1.5, ratio) + 2 * unit(seed, thing.id, 't', start), 1);
    default:
      return null;
  }
}
