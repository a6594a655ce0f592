/**
 * Totals of a report: per country (sites and buckets summed) and for all sites, over the whole period.
 * Summed from the unrounded figures, so a total equals the sum of its rows to the rounding of the last
 * digit. The grid rate of a country total is the country's for the period's first year; the all-sites
 * total mixes grids, so it has none.
 */
import type { ReportPeriod } from './period.js';
import { addSums, emptySums, figuresOf, sumsOf, type SitePlan, type SiteTallies, type Sums } from './rows.js';

export type ReportTotal = {
  level: 'country' | 'all';
  countryIsoCode: string | null;
  sites: number;
  bucket: string;
} & ReturnType<typeof figuresOf>;

export function reportTotals(
  plans: readonly SitePlan[],
  tallies: ReadonlyMap<string, SiteTallies>,
  period: ReportPeriod,
  rateOf: (country: string | null, year: number) => number | null,
): ReportTotal[] {
  const byCountry = new Map<string | null, { sums: Sums; sites: number }>();
  const all = emptySums();
  for (const plan of plans) {
    const siteTallies = tallies.get(plan.siteId)!;
    const country = byCountry.get(plan.countryIsoCode) ?? { sums: emptySums(), sites: 0 };
    country.sites += 1;
    period.buckets.forEach((_bucket, index) => {
      const sums = sumsOf(siteTallies, index);
      addSums(country.sums, sums);
      addSums(all, sums);
    });
    byCountry.set(plan.countryIsoCode, country);
  }
  const countries = [...byCountry.entries()].sort(([a], [b]) => (a ?? '~').localeCompare(b ?? '~'));
  const totals: ReportTotal[] = countries.map(([countryIsoCode, { sums, sites }]) => ({
    level: 'country',
    countryIsoCode,
    sites,
    bucket: period.label,
    ...figuresOf(sums, rateOf(countryIsoCode, period.start.year)),
  }));
  totals.push({
    level: 'all',
    countryIsoCode: null,
    sites: plans.length,
    bucket: period.label,
    ...figuresOf(all, null),
  });
  return totals;
}
