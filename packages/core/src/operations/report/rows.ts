/**
 * The report's rows (one per site and bucket) and totals (per country, all sites), from the sums of the
 * passes. Sums stay unrounded until the end, so a total is the sum of the exact values of its rows;
 * every number carries its unit in its name.
 */
import type { ReportBucket } from './period.js';
import type { BucketEdges, BucketTally, GapRange } from './tally.js';

/** Where a site's time zone came from: its own address, the report's choice, or UTC for want of one. */
export type TimeZoneSource = 'site' | 'chosen' | 'utc-fallback';

export interface SitePlan {
  siteId: string;
  siteName: string | null;
  countryIsoCode: string | null;
  timeZone: string;
  timeZoneSource: TimeZoneSource;
  edges: BucketEdges[];
}

export interface SiteTallies {
  locationBased: BucketTally[];
  marketBased: BucketTally[];
  /** The same buckets a year earlier; absent when the report does not compare. */
  previousLocationBased?: BucketTally[] | undefined;
  previousMarketBased?: BucketTally[] | undefined;
}

export interface ReportRow {
  siteId: string;
  siteName: string | null;
  countryIsoCode: string | null;
  timeZone: string;
  timeZoneSource: TimeZoneSource;
  bucket: string;
  /** The bucket's edges in the site's time zone, as UTC instants; `to` excluded. */
  from: string;
  to: string;
  kWh: number;
  kgCO2eLocationBased: number;
  kgCO2eMarketBased: number;
  gCO2ePerKWhLocationBased: number | null;
  gCO2ePerKWhMarketBased: number | null;
  globalRateGCO2ePerKWh: number | null;
  percentAboveGlobalRate: number | null;
  intervalsExpected: number;
  intervalsReceived: number;
  completenessPercent: number | null;
  intervalsReceivedMarketBased: number;
  gapCount: number;
  gaps: GapRange[];
  estimatedIntervals: number;
  estimatedPercent: number | null;
  previousYearKgCO2eLocationBased: number | null;
  previousYearKgCO2eMarketBased: number | null;
  previousYearCompletenessPercent: number | null;
  changeLocationBasedPercent: number | null;
  changeMarketBasedPercent: number | null;
}

/** Sums a row or a total is made of. */
export interface Sums {
  kWh: number;
  kgLocation: number;
  kgMarket: number;
  expected: number;
  received: number;
  receivedMarket: number;
  estimated: number;
  previous?: { kgLocation: number; kgMarket: number; expected: number; received: number } | undefined;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const percent = (part: number, whole: number) => (whole > 0 ? round((part / whole) * 100, 2) : null);
const intensity = (kg: number, kWh: number) => (kWh > 0 ? round((kg * 1000) / kWh, 1) : null);
const change = (now: number, before: number) =>
  before > 0 ? round(((now - before) / before) * 100, 2) : null;

export function sumsOf(tallies: SiteTallies, index: number): Sums {
  const location = tallies.locationBased[index]!;
  const market = tallies.marketBased[index]!;
  const previousLocation = tallies.previousLocationBased?.[index];
  const previousMarket = tallies.previousMarketBased?.[index];
  return {
    kWh: location.kWh,
    kgLocation: location.kgCO2e,
    kgMarket: market.kgCO2e,
    expected: location.expected,
    received: location.received,
    receivedMarket: market.received,
    estimated: location.estimated,
    previous:
      previousLocation === undefined || previousMarket === undefined
        ? undefined
        : {
            kgLocation: previousLocation.kgCO2e,
            kgMarket: previousMarket.kgCO2e,
            expected: previousLocation.expected,
            received: previousLocation.received,
          },
  };
}

export function addSums(total: Sums, sums: Sums): void {
  total.kWh += sums.kWh;
  total.kgLocation += sums.kgLocation;
  total.kgMarket += sums.kgMarket;
  total.expected += sums.expected;
  total.received += sums.received;
  total.receivedMarket += sums.receivedMarket;
  total.estimated += sums.estimated;
  if (sums.previous !== undefined) {
    total.previous ??= { kgLocation: 0, kgMarket: 0, expected: 0, received: 0 };
    total.previous.kgLocation += sums.previous.kgLocation;
    total.previous.kgMarket += sums.previous.kgMarket;
    total.previous.expected += sums.previous.expected;
    total.previous.received += sums.previous.received;
  }
}

export const emptySums = (): Sums => ({
  kWh: 0,
  kgLocation: 0,
  kgMarket: 0,
  expected: 0,
  received: 0,
  receivedMarket: 0,
  estimated: 0,
});

/** The figures every row and total shows, from its sums and the grid rate it is compared with. */
export function figuresOf(sums: Sums, globalRate: number | null) {
  const locationIntensity = intensity(sums.kgLocation, sums.kWh);
  const { previous } = sums;
  return {
    kWh: round(sums.kWh, 3),
    kgCO2eLocationBased: round(sums.kgLocation, 3),
    kgCO2eMarketBased: round(sums.kgMarket, 3),
    gCO2ePerKWhLocationBased: locationIntensity,
    gCO2ePerKWhMarketBased: intensity(sums.kgMarket, sums.kWh),
    globalRateGCO2ePerKWh: globalRate,
    percentAboveGlobalRate:
      locationIntensity === null || globalRate === null || globalRate <= 0
        ? null
        : round((locationIntensity / globalRate - 1) * 100, 2),
    intervalsExpected: sums.expected,
    intervalsReceived: sums.received,
    completenessPercent: percent(sums.received, sums.expected),
    intervalsReceivedMarketBased: sums.receivedMarket,
    estimatedIntervals: sums.estimated,
    estimatedPercent: percent(sums.estimated, sums.received),
    previousYearKgCO2eLocationBased: previous === undefined ? null : round(previous.kgLocation, 3),
    previousYearKgCO2eMarketBased: previous === undefined ? null : round(previous.kgMarket, 3),
    previousYearCompletenessPercent:
      previous === undefined ? null : percent(previous.received, previous.expected),
    changeLocationBasedPercent: previous === undefined ? null : change(sums.kgLocation, previous.kgLocation),
    changeMarketBasedPercent: previous === undefined ? null : change(sums.kgMarket, previous.kgMarket),
  };
}

export function reportRow(
  plan: SitePlan,
  bucket: ReportBucket,
  index: number,
  tallies: SiteTallies,
  globalRate: number | null,
): ReportRow {
  const edges = plan.edges[index]!;
  const location = tallies.locationBased[index]!;
  const figures = figuresOf(sumsOf(tallies, index), globalRate);
  return {
    siteId: plan.siteId,
    siteName: plan.siteName,
    countryIsoCode: plan.countryIsoCode,
    timeZone: plan.timeZone,
    timeZoneSource: plan.timeZoneSource,
    bucket: bucket.label,
    from: new Date(edges.from).toISOString(),
    to: new Date(edges.to).toISOString(),
    ...figures,
    gapCount: location.gapCount,
    gaps: location.gaps,
  };
}
