/**
 * Units of the emission series, converted rather than assumed: the contract sends kgCO2e, kWh and
 * gCO2e/kWh, but the real API's units are not published and the same gateway's sibling API labels every
 * series with its own `unit`. A unit this table does not know is never guessed: the series is kept
 * as-is, labelled with that unit.
 */

/** The unit a row column holds for each known series key. */
export const CANONICAL_UNITS = {
  co2Emission: 'kgCO2e',
  activeEnergy: 'kWh',
  emissionFactor: 'gCO2e/kWh',
} as const;

export type KnownSeriesKey = keyof typeof CANONICAL_UNITS;

/** Factor from each accepted spelling to the canonical unit, per key (case and spaces ignored). */
const FACTORS: Record<KnownSeriesKey, Record<string, number>> = {
  co2Emission: {
    kgco2e: 1,
    kgco2: 1,
    kg: 1,
    gco2e: 0.001,
    gco2: 0.001,
    g: 0.001,
    tco2e: 1000,
    tco2: 1000,
    t: 1000,
  },
  activeEnergy: { kwh: 1, wh: 0.001, mwh: 1000 },
  emissionFactor: {
    'gco2e/kwh': 1,
    'gco2/kwh': 1,
    'g/kwh': 1,
    'kgco2e/mwh': 1,
    'kgco2/mwh': 1,
    'kgco2e/kwh': 1000,
    'kgco2/kwh': 1000,
    'tco2e/mwh': 1000,
    'gco2e/wh': 1000,
  },
};

export function isKnownSeriesKey(key: string): key is KnownSeriesKey {
  return Object.hasOwn(CANONICAL_UNITS, key);
}

/**
 * The factor that turns values of `unit` into the canonical unit of `key`: 1 when the API gave no
 * unit (the contract's own), undefined when the unit is not one this table knows.
 */
export function conversionFactor(key: KnownSeriesKey, unit: string | null | undefined): number | undefined {
  if (unit === undefined || unit === null || unit.trim() === '') return 1;
  return FACTORS[key][unit.replace(/\s+/g, '').toLowerCase()];
}
