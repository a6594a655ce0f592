/**
 * Get Report: what a sustainability analyst hands on. For a set of sites and a calendar period, per site
 * and bucket (month by default): energy, scope 2 emissions location-based and market-based side by side,
 * average intensities, the grid's global rate and how far above it the site runs, how complete the data
 * is (intervals received against expected, the gaps as ranges), how much was estimated, and the change
 * against the same period a year earlier; with totals per country and for all sites. Built on
 * `streamEmissions`: pages are summed as they arrive, never held.
 */
import type { Site } from '../../carbon-api/schemas.js';
import type { EcoStruxureClient } from '../../client/create-client.js';
import { ValidationError } from '../../errors/errors.js';
import { BatchError } from '../../http/concurrency.js';
import type { ShapeWarning } from '../../schema/parse-response.js';
import { siteDirectory } from '../carbon/site-directory.js';
import { onSiteFailureOf, type SiteFailureReport } from '../helpers/failures.js';
import { choice, listOf, optionalBoolean, optionalText } from '../helpers/form-values.js';
import type { OperationContext } from '../helpers/types.js';
import { globalRatesFor } from './global-rates.js';
import { runPass, type Pass } from './passes.js';
import { resolveReportPeriod, yearEarlier, type ReportPeriod, type ReportPeriodInput } from './period.js';
import { reportRow, type ReportRow, type SitePlan, type SiteTallies } from './rows.js';
import { reportTotals, type ReportTotal } from './totals.js';
import { validateTimeZone } from '../../seams/zone.js';
import { dateText, startOfDayIn } from './calendar.js';

export const REPORT_GRANULARITY_VALUES = ['PT1H', 'PT15M'] as const;
const STEP_MS = { PT1H: 3_600_000, PT15M: 900_000 } as const;

export interface GetEmissionsReportParams extends ReportPeriodInput {
  /** The sites (a list or comma-separated text); default every site the credential may see. */
  siteIds?: readonly string[] | string | undefined;
  /** `site` (default): each site's own time zone, UTC where it has none; or one IANA zone for all. */
  timeZone?: string | undefined;
  /** The data's resolution, which completeness counts in: `PT1H` (default) or `PT15M`. */
  granularity?: string | undefined;
  /** Also read the same period a year earlier for the change columns. Default true. */
  compareWithPreviousYear?: boolean | string | undefined;
  /** `fail` (default) or `continue`: the other sites' rows with the failed sites listed in `failures`. */
  onSiteFailure?: 'fail' | 'continue' | undefined;
}

/** What the report covers, stated with its figures (and in the CSV's header block). */
export interface ReportScope {
  period: string;
  periodKind: ReportPeriod['kind'];
  /** Calendar dates in each site's time zone; `to` excluded. */
  from: string;
  to: string;
  bucket: ReportPeriod['bucket'];
  granularity: (typeof REPORT_GRANULARITY_VALUES)[number];
  /** `site` (each site's own, listed per row) or the zone chosen for every site. */
  timeZone: string;
  methods: ['location-based', 'market-based'];
  scope: 'scope2';
  /** False when the period has not ended: intervals still to come are not counted as expected. */
  complete: boolean;
  previousYear: { from: string; to: string } | null;
}

export interface EmissionsReport {
  /** One row per site and bucket. */
  items: ReportRow[];
  /** Per country, then all sites. */
  totals: ReportTotal[];
  report: ReportScope;
  /** Requested sites that were not reported, each with the reason. */
  skipped: Array<{ siteId: string; reason: string }>;
  failures: SiteFailureReport[];
  warnings: ShapeWarning[];
}

interface Prepared {
  period: ReportPeriod;
  siteIds: string[];
  timeZone: string;
  granularity: (typeof REPORT_GRANULARITY_VALUES)[number];
  compare: boolean;
  onSiteFailure: 'fail' | 'continue';
  now: number;
}

function prepare(client: EcoStruxureClient, params: GetEmissionsReportParams): Prepared {
  const input = params ?? {};
  const now = client.carbon.http.runtime.now();
  const timeZone = optionalText(input.timeZone, 'timeZone') ?? 'site';
  return {
    period: resolveReportPeriod(input, now),
    siteIds: listOf(input.siteIds, 'siteIds'),
    timeZone: timeZone === 'site' ? timeZone : validateTimeZone(timeZone, 'timeZone'),
    granularity: choice(
      optionalText(input.granularity, 'granularity'),
      'granularity',
      REPORT_GRANULARITY_VALUES,
      'PT1H',
    ),
    compare: optionalBoolean(input.compareWithPreviousYear, 'compareWithPreviousYear') ?? true,
    onSiteFailure: onSiteFailureOf(input.onSiteFailure),
    now,
  };
}

/** The site's own zone from its address; UTC, said in a warning when unknown, where it has none. */
function siteZone(site: Site, warnings: ShapeWarning[]): Pick<SitePlan, 'timeZone' | 'timeZoneSource'> {
  const own = site.postalAddress?.timezone ?? undefined;
  if (own === undefined || own === '') return { timeZone: 'UTC', timeZoneSource: 'utc-fallback' };
  try {
    return { timeZone: validateTimeZone(own, 'timezone'), timeZoneSource: 'site' };
  } catch {
    warnings.push({
      path: `sites[id=${site.id}].postalAddress.timezone`,
      message: `Site ${site.id}: time zone "${own}" is not one this platform knows; its periods are in UTC.`,
    });
    return { timeZone: 'UTC', timeZoneSource: 'utc-fallback' };
  }
}

function planOf(site: Site, prepared: Prepared, warnings: ShapeWarning[]): SitePlan {
  const { timeZone, timeZoneSource } =
    prepared.timeZone === 'site'
      ? siteZone(site, warnings)
      : { timeZone: prepared.timeZone, timeZoneSource: 'chosen' as const };
  const edges = prepared.period.buckets.map((bucket) => ({
    from: startOfDayIn(bucket.start, timeZone),
    to: startOfDayIn(bucket.end, timeZone),
  }));
  return {
    siteId: site.id,
    siteName: site.name ?? null,
    countryIsoCode: site.postalAddress?.countryIsoCode ?? null,
    timeZone,
    timeZoneSource,
    edges,
  };
}

function groupsByZone(plans: readonly SitePlan[]): SitePlan[][] {
  const groups = new Map<string, SitePlan[]>();
  for (const plan of plans) groups.set(plan.timeZone, [...(groups.get(plan.timeZone) ?? []), plan]);
  return [...groups.values()];
}

function previousEdges(period: ReportPeriod, timeZone: string) {
  return period.buckets.map((bucket) => ({
    from: startOfDayIn(yearEarlier(bucket.start), timeZone),
    to: startOfDayIn(yearEarlier(bucket.end), timeZone),
  }));
}

type TallyKey = keyof SiteTallies;

/** The four passes of a group of sites sharing a zone: both methods, this period and the year before. */
function passesOf(group: SitePlan[], prepared: Prepared): Array<{ key: TallyKey; pass: Pass }> {
  const current = group[0]!.edges;
  const base = {
    granularity: prepared.granularity,
    step: STEP_MS[prepared.granularity],
    until: prepared.now,
  };
  const siteIds = group.map((plan) => plan.siteId);
  const passes: Array<{ key: TallyKey; pass: Pass }> = [
    { key: 'locationBased', pass: { ...base, siteIds, method: 'location-based', edges: current } },
    { key: 'marketBased', pass: { ...base, siteIds, method: 'market-based', edges: current } },
  ];
  if (prepared.compare) {
    const before = previousEdges(prepared.period, group[0]!.timeZone);
    passes.push(
      { key: 'previousLocationBased', pass: { ...base, siteIds, method: 'location-based', edges: before } },
      { key: 'previousMarketBased', pass: { ...base, siteIds, method: 'market-based', edges: before } },
    );
  }
  return passes;
}

async function tallyAll(
  client: EcoStruxureClient,
  plans: SitePlan[],
  prepared: Prepared,
  context: OperationContext,
  warnings: ShapeWarning[],
) {
  const tallies = new Map<string, Partial<SiteTallies>>();
  const failures = new Map<string, SiteFailureReport>();
  for (const group of groupsByZone(plans)) {
    for (const { key, pass } of passesOf(group, prepared)) {
      // A site that failed in one pass is reported as failed; the next passes leave it out.
      const siteIds = pass.siteIds.filter((siteId) => !failures.has(siteId));
      if (siteIds.length === 0) continue;
      const outcome = await runPass(client, { ...pass, siteIds }, prepared.onSiteFailure, context, warnings);
      for (const failure of outcome.failures) failures.set(failure.siteId, failure);
      for (const [siteId, buckets] of outcome.tallies)
        tallies.set(siteId, { ...tallies.get(siteId), [key]: buckets });
    }
  }
  return { tallies, failures };
}

function siteList(directory: ReadonlyMap<string, Site>, prepared: Prepared, warnings: ShapeWarning[]) {
  const requested = prepared.siteIds.length > 0 ? prepared.siteIds : [...directory.keys()].sort();
  const skipped: EmissionsReport['skipped'] = [];
  const plans: SitePlan[] = [];
  for (const siteId of requested) {
    const site = directory.get(siteId);
    if (site === undefined)
      skipped.push({
        siteId,
        reason: 'Not among the sites this credential can see: check the ID with List Sites.',
      });
    else plans.push(planOf(site, prepared, warnings));
  }
  if (plans.length === 0)
    throw new ValidationError({
      field: 'siteIds',
      message:
        requested.length === 0
          ? 'This credential sees no sites, so there is nothing to report.'
          : `None of the sites (${requested.join(', ')}) is among the sites this credential can see: check the IDs with List Sites.`,
    });
  return { plans, skipped };
}

function scopeOf(prepared: Prepared, plans: SitePlan[]): ReportScope {
  const { period } = prepared;
  const complete = plans.every((plan) => plan.edges[plan.edges.length - 1]!.to <= prepared.now);
  return {
    period: period.label,
    periodKind: period.kind,
    from: dateText(period.start),
    to: dateText(period.end),
    bucket: period.bucket,
    granularity: prepared.granularity,
    timeZone: prepared.timeZone,
    methods: ['location-based', 'market-based'],
    scope: 'scope2',
    complete,
    previousYear: prepared.compare
      ? { from: dateText(yearEarlier(period.start)), to: dateText(yearEarlier(period.end)) }
      : null,
  };
}

function failedEverywhere(failures: SiteFailureReport[]): BatchError {
  const listed = failures.map((failure, index) => ({
    index,
    label: `site ${failure.siteId}`,
    error: new Error(failure.message),
  }));
  return new BatchError(listed, [], failures.length);
}

export async function getEmissionsReport(
  client: EcoStruxureClient,
  params: GetEmissionsReportParams,
  context: OperationContext = {},
): Promise<EmissionsReport> {
  const prepared = prepare(client, params);
  const { period } = prepared;
  // The earliest zone on Earth (UTC+14) starts the period first: before that no site has any of it.
  if (startOfDayIn(period.start, 'Pacific/Kiritimati') >= prepared.now)
    throw new ValidationError({
      field: 'period',
      message: `The period ${period.label} has not started yet: choose a period that has begun, e.g. the last complete month.`,
    });
  const warnings: ShapeWarning[] = [];
  const directory = await siteDirectory(client.carbon, prepared.siteIds, context);
  const { plans, skipped } = siteList(directory, prepared, warnings);
  const { tallies, failures } = await tallyAll(client, plans, prepared, context, warnings);
  const failed = [...failures.values()];
  if (failed.length === plans.length) throw failedEverywhere(failed);
  const reported = plans.filter((plan) => !failures.has(plan.siteId));
  const rates = await globalRatesFor(client, reported, period, context, warnings);
  const items: ReportRow[] = [];
  for (const plan of reported) {
    const siteTallies = tallies.get(plan.siteId) as SiteTallies;
    period.buckets.forEach((bucket, index) => {
      items.push(
        reportRow(plan, bucket, index, siteTallies, rates.rateOf(plan.countryIsoCode, bucket.start.year)),
      );
    });
  }
  const scope = scopeOf(prepared, plans);
  if (!scope.complete)
    warnings.push({
      path: 'period',
      message: `The period ${period.label} has not ended: intervals still to come are not counted as expected.`,
    });
  const totals = reportTotals(reported, tallies as Map<string, SiteTallies>, period, rates.rateOf);
  return { items, totals, report: scope, skipped, failures: failed, warnings };
}
