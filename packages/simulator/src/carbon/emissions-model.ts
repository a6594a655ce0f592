/**
 * The emissions model: a pure function of (seed, site, interval start, granularity, method). It works at
 * 15-minute resolution and sums up, so an hour is exactly its four quarters and a month its days, the way
 * a metering system aggregates.
 *
 * Rounding: energy is rounded to 3 decimals (kWh), the factor to 1 decimal (gCO2e/kWh), and the emission
 * is computed from those rounded values and rounded to 3 decimals (kgCO2e), so
 * |co2Emission - activeEnergy * emissionFactor / 1000| <= 0.0005 on every published point.
 */
import { localTime, type LocalTime } from '../shared/local-time.js';
import { round, unit } from '../shared/random.js';
import { annualIntensity, gridProfile, type GridProfile } from './global-rates.js';
import { type Granularity, nextInterval } from './granularity.js';
import type { SiteModel, SiteType } from './sites.js';

export type EmissionMethod = 'location-based' | 'market-based';
export const METHODS: readonly EmissionMethod[] = ['location-based', 'market-based'];

export interface EmissionPoint {
  /** kWh, 3 decimals. */
  energyKWh: number;
  /** gCO2e/kWh, 1 decimal. */
  factor: number;
  /** kgCO2e, 3 decimals, from the rounded energy and factor. */
  co2Kg: number;
  isEstimated: boolean;
}

const QUARTER_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
/** Share of metered hours that had a gap and were estimated. */
const ESTIMATED_HOUR_SHARE = 0.03;
/** A day or month is flagged estimated when more than this share of its energy was estimated. */
const ESTIMATED_AGGREGATE_SHARE = 0.1;

const smoothStep = (x: number, from: number, to: number): number => {
  const t = Math.min(1, Math.max(0, (x - from) / (to - from)));
  return t * t * (3 - 2 * t);
};
/** 1 between `open` and `close` with one-hour ramps, 0 outside. */
const window = (hour: number, open: number, close: number): number =>
  smoothStep(hour, open - 1, open) * (1 - smoothStep(hour, close, close + 1));
const bell = (hour: number, centre: number, width: number): number =>
  Math.exp(-(((hour - centre) / width) ** 2));

/** How busy the site is at a local time, 0..1 (1 = full occupancy and process load). */
function occupancy(type: SiteType, time: LocalTime, southern: boolean): number {
  const { hour, weekday } = time;
  const weekend = weekday === 0 || weekday === 6;
  switch (type) {
    case 'office':
      return weekend ? 0.28 : 0.32 + 0.68 * window(hour, 8, 18.5);
    case 'retail':
      return 0.3 + (weekday === 0 ? 0.5 : 0.7) * window(hour, 9, 20.5);
    case 'warehouse':
      return weekend ? 0.42 : 0.4 + 0.5 * window(hour, 6, 22);
    case 'manufacturing':
      return weekday === 0 ? 0.38 : 0.55 + 0.45 * window(hour, 6, 22);
    case 'data-center':
      return 0.93 + 0.05 * bell(hour, 15, 4);
    case 'hospital':
      return 0.68 + 0.3 * window(hour, 7.5, 19.5);
    case 'school': {
      const summerBreak = southern
        ? time.month === 1 || time.month === 12
        : time.month === 7 || time.month === 8;
      if (weekend || summerBreak) return 0.2;
      return 0.2 + 0.8 * window(hour, 7.5, 17);
    }
    case 'hotel':
      return 0.55 + 0.3 * bell(hour, 7.5, 1.5) + 0.4 * bell(hour, 20, 2.5);
  }
}

/** 1 in the depth of winter, -1 at the height of summer, for the site's hemisphere. */
const winterness = (time: LocalTime, southern: boolean): number =>
  Math.cos((2 * Math.PI * (time.dayOfYear - 15)) / 365) * (southern ? -1 : 1);

/** Heating, ventilation and cooling on top of the base load; cold sites heat, hot sites cool. */
function hvac(latitude: number, time: LocalTime, busy: number): number {
  const abs = Math.abs(latitude);
  const w = winterness(time, latitude < 0);
  const heating = abs > 45 ? 0.28 : abs > 30 ? 0.15 : 0;
  const cooling = abs < 30 ? 0.3 : abs < 45 ? 0.18 : 0.06;
  // Near the equator cooling runs all year; elsewhere it follows the summer.
  const coolingSeason = abs < 15 ? 1 : Math.max(0, -w);
  return (heating * Math.max(0, w) + cooling * coolingSeason) * (0.4 + 0.6 * busy);
}

/** The grid's intensity during one hour: the yearly rate shaped by solar, the evening peak and the season. */
function hourlyGridFactor(grid: GridProfile, hourStart: number, time: LocalTime, southern: boolean): number {
  const year = new Date(hourStart).getUTCFullYear();
  const base = annualIntensity(grid, year);
  const w = winterness(time, southern);
  const sun = (1 - 0.5 * Math.max(0, w)) * bell(time.hour, 13, 3);
  const shape =
    (1 - grid.solar * sun) * (1 + grid.eveningPeak * bell(time.hour, 19, 2)) * (1 + grid.winter * w * 0.5);
  // Weather moves the mix from hour to hour (wind, imports); ±6 %.
  const weather = 1 + 0.12 * (unit('grid', grid.countryIsoCode, hourStart) - 0.5);
  // The shape terms average above 1 over a year; dividing keeps the yearly mean close to the published rate.
  return (base * shape * weather) / (1 + 0.3 * grid.eveningPeak - 0.25 * grid.solar);
}

interface Totals {
  energy: number;
  co2: number;
  estimatedEnergy: number;
}

interface Hour {
  /** Energy of the hour's four quarters, kWh. */
  quarters: number[];
  /** gCO2e/kWh for the whole hour (grids publish hourly intensities). */
  factor: number;
  /** The hour's meter data had a gap and was estimated. */
  estimated: boolean;
}

/** One hour of a site, at 15-minute resolution. */
function siteHour(seed: number, model: SiteModel, hourStart: number, method: EmissionMethod): Hour {
  const { site } = model;
  const address = site.postalAddress;
  const grid = gridProfile(address.countryIsoCode);
  if (!grid) throw new Error(`No grid profile for ${address.countryIsoCode}.`);
  const southern = address.coordinates.latitude < 0;
  const time = localTime(address.timezone, hourStart);
  const busy = occupancy(model.siteType, time, southern);
  const load = model.meanLoadKw * (busy / 0.6) * (1 + hvac(address.coordinates.latitude, time, busy));
  // Day-to-day variation (weather, activity), shared by every hour of the UTC day.
  const day = 1 + 0.1 * (unit(seed, site.id, 'day', Math.floor(hourStart / 86_400_000)) - 0.5);
  const quarters: number[] = [];
  for (let quarter = hourStart; quarter < hourStart + HOUR_MS; quarter += QUARTER_MS) {
    quarters.push((load * day * (1 + 0.12 * (unit(seed, site.id, 'q', quarter) - 0.5))) / 4);
  }
  let factor = hourlyGridFactor(grid, hourStart, time, southern) * model.onsiteGeneration;
  if (method === 'market-based') factor *= model.marketRatio;
  const estimated = unit(seed, site.id, 'gap', hourStart) < ESTIMATED_HOUR_SHARE;
  return { quarters, factor, estimated };
}

function totals(
  seed: number,
  model: SiteModel,
  start: number,
  granularity: Granularity,
  method: EmissionMethod,
): Totals {
  const end = nextInterval(start, granularity);
  const sum: Totals = { energy: 0, co2: 0, estimatedEnergy: 0 };
  const firstHour = Math.floor(start / HOUR_MS) * HOUR_MS;
  for (let hourStart = firstHour; hourStart < end; hourStart += HOUR_MS) {
    const hour = siteHour(seed, model, hourStart, method);
    hour.quarters.forEach((energy, i) => {
      const quarterStart = hourStart + i * QUARTER_MS;
      if (quarterStart < start || quarterStart >= end) return;
      sum.energy += energy;
      sum.co2 += (energy * hour.factor) / 1000;
      if (hour.estimated) sum.estimatedEnergy += energy;
    });
  }
  return sum;
}

export function emissionPoint(
  seed: number,
  model: SiteModel,
  start: number,
  granularity: Granularity,
  method: EmissionMethod,
): EmissionPoint {
  const sum = totals(seed, model, start, granularity, method);
  const energyKWh = round(sum.energy, 3);
  // The interval's factor is the energy-weighted mean of its hours: what makes the identity hold for totals.
  const factor = round(sum.energy > 0 ? (sum.co2 * 1000) / sum.energy : 0, 1);
  const estimatedShare = sum.energy > 0 ? sum.estimatedEnergy / sum.energy : 0;
  const isEstimated =
    granularity === 'PT15M' || granularity === 'PT1H'
      ? estimatedShare > 0
      : estimatedShare > ESTIMATED_AGGREGATE_SHARE;
  return { energyKWh, factor, co2Kg: round((energyKWh * factor) / 1000, 3), isEstimated };
}

/**
 * When the point was last written: a processing delay after the interval ends (longer for estimated
 * values, which wait for a meter to catch up), never later than now.
 */
export function updatedAt(
  seed: number,
  siteId: string,
  start: number,
  end: number,
  estimated: boolean,
  now: number,
): number {
  const delayMinutes = 3 + Math.floor(unit(seed, siteId, 'upd', start) * (estimated ? 120 : 20));
  return Math.min(now, end + delayMinutes * 60_000);
}
