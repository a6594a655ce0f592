/** Builds the carbon-emissions response body for one site and one validated query. */
import { badRequest } from '../problem.js';
import { round } from '../shared/random.js';
import type { EmissionEdits } from './edits.js';
import { emissionPoint, updatedAt, type EmissionPoint } from './emissions-model.js';
import { floorToInterval, IntervalRange, nextInterval, previousInterval } from './granularity.js';
import type { EmissionsQuery } from './params.js';
import type { SiteModel } from './sites.js';

export interface SeriesValue {
  date: string;
  updatedAt: string;
  value: number;
  isEstimated: boolean;
}

export interface EmissionsResponse {
  siteId: string;
  granularity: string;
  method: string;
  scope: 'scope2';
  unit: 'kgCO2e';
  from: string;
  to: string;
  timeseries: {
    key: 'co2Emission' | 'activeEnergy' | 'emissionFactor';
    unit: string;
    values: SeriesValue[];
  }[];
  paging: { page: number; pageSize: number; totalPages: number; totalItems: number };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The window a query covers, the interval starts on its page, and how many intervals the window has. */
function pageSlots(
  query: EmissionsQuery,
  now: number,
): { from: number; to: number; starts: number[]; totalItems: number } {
  const { granularity, page, pageSize } = query;
  if (query.from === undefined || query.to === undefined) {
    // Real-time tracking: the most recent interval that has fully elapsed.
    const from = previousInterval(floorToInterval(now, granularity), granularity);
    return { from, to: nextInterval(from, granularity), totalItems: 1, starts: page === 1 ? [from] : [] };
  }
  const range = new IntervalRange(query.from, query.to, now, granularity);
  return {
    from: query.from,
    to: query.to,
    totalItems: range.count,
    starts: range.slice((page - 1) * pageSize, pageSize),
  };
}

export function buildEmissions(
  seed: number,
  model: SiteModel,
  query: EmissionsQuery,
  now: number,
  edits?: EmissionEdits,
): EmissionsResponse {
  const { granularity, method, page, pageSize } = query;
  const { from, to, starts, totalItems } = pageSlots(query, now);
  const totalPages = Math.ceil(totalItems / pageSize);
  if (totalPages >= 1 && page > totalPages) {
    throw badRequest([{ name: 'page', reason: `must be between 1 and ${totalPages} (totalPages)` }]);
  }

  const co2: SeriesValue[] = [];
  const energy: SeriesValue[] = [];
  const factor: SeriesValue[] = [];
  const siteId = model.site.id;
  for (const start of starts) {
    // A gap leaves its slot empty: the page holds fewer points, the paging still counts the slots.
    if (edits?.isMissing(siteId, start) === true) continue;
    const end = nextInterval(start, granularity);
    let point: EmissionPoint = emissionPoint(seed, model, start, granularity, method);
    let written = updatedAt(seed, siteId, start, end, point.isEstimated, now);
    const revision = edits?.revisionOf(siteId, start);
    if (revision !== undefined) {
      const energyKWh = round(point.energyKWh * revision.scale, 3);
      point = { ...point, energyKWh, co2Kg: round((energyKWh * point.factor) / 1000, 3) };
      written = Math.max(written, revision.revisedAt);
    }
    const common = { date: iso(start), updatedAt: iso(written), isEstimated: point.isEstimated };
    co2.push({ ...common, value: point.co2Kg });
    energy.push({ ...common, value: point.energyKWh });
    factor.push({ ...common, value: point.factor });
  }
  return {
    siteId: model.site.id,
    granularity,
    method,
    scope: 'scope2',
    unit: 'kgCO2e',
    from: iso(from),
    to: iso(to),
    timeseries: [
      { key: 'co2Emission', unit: 'kgCO2e', values: co2 },
      { key: 'activeEnergy', unit: 'kWh', values: energy },
      { key: 'emissionFactor', unit: 'gCO2e/kWh', values: factor },
    ],
    paging: { page, pageSize, totalPages, totalItems },
  };
}
