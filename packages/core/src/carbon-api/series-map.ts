/**
 * The dialect's `seriesMap` applied to a response: a series under a key the API chose is renamed to the
 * key of what it measures (so rows, grid comparison and thresholds read it), its unit taken from the map
 * when the API puts units elsewhere, and its own key kept as `sourceKey`.
 */
import type { SeriesMapping } from './dialect.js';
import type { EmissionsResponse } from './schemas.js';

/** What each `measures` word stands for; any other word is a metric of that name. */
const MEASURES: Record<string, string> = {
  emissions: 'co2Emission',
  energy: 'activeEnergy',
  factor: 'emissionFactor',
};

export function applySeriesMap(response: EmissionsResponse, seriesMap: Record<string, SeriesMapping>): void {
  for (const series of response.timeseries) {
    // Own keys only: a series called "constructor" must not find Object's.
    const mapping = Object.hasOwn(seriesMap, series.key) ? seriesMap[series.key] : undefined;
    if (mapping === undefined) continue;
    series.sourceKey = series.key;
    series.key = MEASURES[mapping.measures] ?? mapping.measures;
    if (mapping.unit !== undefined) series.unit = mapping.unit;
  }
}
