/**
 * The report as a CSV a person can hand on: a header block (lines starting with #) that states the
 * method, the period, the time zone and the completeness, then one row per site and bucket, then the
 * totals per country and for all sites in the same columns (told apart by `level`).
 */
import type { EmissionsReport } from './report.js';
import type { ReportRow } from './rows.js';
import type { GapRange } from './tally.js';

/** The CSV's columns, in order; `level` is `site`, `country` or `all`. */
export const REPORT_CSV_COLUMNS = [
  'level',
  'siteId',
  'siteName',
  'countryIsoCode',
  'timeZone',
  'bucket',
  'from',
  'to',
  'kWh',
  'kgCO2eLocationBased',
  'kgCO2eMarketBased',
  'gCO2ePerKWhLocationBased',
  'gCO2ePerKWhMarketBased',
  'globalRateGCO2ePerKWh',
  'percentAboveGlobalRate',
  'intervalsExpected',
  'intervalsReceived',
  'completenessPercent',
  'gapCount',
  'gaps',
  'estimatedIntervals',
  'estimatedPercent',
  'previousYearKgCO2eLocationBased',
  'previousYearKgCO2eMarketBased',
  'previousYearCompletenessPercent',
  'changeLocationBasedPercent',
  'changeMarketBasedPercent',
] as const;

function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quoted when it holds a separator, a quote or a line break; a leading = + - @ could run as a formula.
  const safe = /^[=+\-@]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function gapsText(gaps: readonly GapRange[], count: number): string {
  const listed = gaps.map((gap) => `${gap.from}/${gap.to}`).join('; ');
  return count > gaps.length ? `${listed}; and ${count - gaps.length} more` : listed;
}

function line(values: Record<string, unknown>): string {
  return REPORT_CSV_COLUMNS.map((column) => field(values[column])).join(',');
}

function headerBlock(report: EmissionsReport): string[] {
  const { report: scope, totals, skipped, failures } = report;
  const all = totals.find((total) => total.level === 'all');
  const zone =
    scope.timeZone === 'site'
      ? "each site's own time zone (column timeZone), UTC where a site has none"
      : scope.timeZone;
  const lines = [
    'EcoStruxure emissions report, GHG Protocol scope 2',
    `Method: location-based and market-based side by side (kgCO2e); intensities and global rates in gCO2e/kWh`,
    `Period: ${scope.period} (${scope.periodKind}), ${scope.from} to ${scope.to} (end excluded), by ${scope.bucket}${scope.complete ? '' : '; the period has not ended'}`,
    `Time zone: ${zone}`,
    `Completeness: ${all?.completenessPercent ?? 0} % (${all?.intervalsReceived ?? 0} of ${all?.intervalsExpected ?? 0} ${scope.granularity} intervals received); estimated: ${all?.estimatedPercent ?? 0} % of received intervals`,
    `Compared with: ${scope.previousYear ? `${scope.previousYear.from} to ${scope.previousYear.to}` : 'no earlier period'}`,
    `Sites: ${report.items.length > 0 ? new Set(report.items.map((row) => row.siteId)).size : 0} reported, ${skipped.length} skipped, ${failures.length} failed`,
    ...skipped.map((site) => `Skipped ${site.siteId}: ${site.reason}`),
    ...failures.map((site) => `Failed ${site.siteId}: ${site.message}`),
  ];
  return lines.map((text) => `# ${text.replace(/[\r\n]+/g, ' ')}`);
}

/** The report as CSV text (RFC 4180 fields, CRLF-free: \n line ends), header block first. */
export function emissionsReportCsv(report: EmissionsReport): string {
  const rows = report.items.map((row: ReportRow) =>
    line({ ...row, level: 'site', gaps: gapsText(row.gaps, row.gapCount) }),
  );
  const totals = report.totals.map((total) => line({ ...total }));
  return [...headerBlock(report), REPORT_CSV_COLUMNS.join(','), ...rows, ...totals].join('\n') + '\n';
}
