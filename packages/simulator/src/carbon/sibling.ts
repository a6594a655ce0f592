/**
 * The sibling dialect's shapes (`carbonDialect: 'sibling'`), made from the contract's: a bare array of
 * series whose points are `{date, updatedAt, value}`, date-only `date` values for daily and monthly data,
 * an integer `sourceSystemId`, and `null` for an optional field that has no value.
 */
import type { EmissionsResponse } from './emissions.js';
import type { Granularity } from './granularity.js';
import type { Site } from './sites.js';

export interface SiblingSeries {
  key: string;
  unit: string;
  values: { date: string; updatedAt: string; value: number }[];
}

export type SiblingSite = Omit<Site, 'sourceSystemId' | 'postalAddress'> & {
  sourceSystemId: number;
  postalAddress: Omit<Site['postalAddress'], 'stateProvince'> & { stateProvince: string | null };
};

const DATE_ONLY: ReadonlySet<Granularity> = new Set(['P1D', 'P1M']);

export function siblingSeries(response: EmissionsResponse, granularity: Granularity): SiblingSeries[] {
  const dateOf = (iso: string) => (DATE_ONLY.has(granularity) ? iso.slice(0, 10) : iso);
  return response.timeseries.map((series) => ({
    key: series.key,
    unit: series.unit,
    values: series.values.map((point) => ({
      date: dateOf(point.date),
      updatedAt: point.updatedAt,
      value: point.value,
    })),
  }));
}

/** A six-digit number like the sibling's example 178654, stable per site. */
function numericSourceSystemId(sourceSystemId: string): number {
  const hex = sourceSystemId.slice(sourceSystemId.indexOf(':') + 1);
  return 100_000 + (Number.parseInt(hex, 16) % 900_000);
}

export function siblingSite(site: Site): SiblingSite {
  const { postalAddress } = site;
  return {
    ...site,
    sourceSystemId: numericSourceSystemId(site.sourceSystemId),
    postalAddress: {
      ...postalAddress,
      // A city that is its own province (Singapore, Berlin, Oslo...) has no separate value: null, as the
      // sibling answers for optional fields without a value.
      stateProvince: postalAddress.stateProvince === postalAddress.city ? null : postalAddress.stateProvince,
    },
  };
}
