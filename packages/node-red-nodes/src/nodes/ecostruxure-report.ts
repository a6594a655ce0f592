/**
 * "Emissions Report": core's report for a set of sites and a calendar period. `rows` sends the rows (one
 * per site and month) as msg.payload with the CSV beside them in msg.csv; `csv` sends the CSV as
 * msg.payload with msg.filename, ready for a file node. The totals, what the report covers, and the
 * sites skipped or failed always go along.
 */
import {
  emissionsReportCsv,
  getEmissionsReport,
  handleInputWithAccount,
  type Node,
  type NodeAPI,
  type NodeDefinition,
} from '../lib/index.js';

interface ReportConfig extends NodeDefinition {
  account?: string;
  siteIds?: string;
  period?: string;
  year?: string;
  month?: string;
  quarter?: string;
  from?: string;
  to?: string;
  bucket?: string;
  timeZone?: string;
  granularity?: string;
  compare?: boolean;
  output?: string;
}

export = function register(RED: NodeAPI): void {
  RED.nodes.registerType('ecostruxure-report', function ReportNode(this: Node, config: ReportConfig) {
    RED.nodes.createNode(this, config);
    start(RED, this, config);
  });
};

/** The form's values; an empty field is core's default (the last complete period, every site). */
function paramsOf(config: ReportConfig) {
  const given = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  return {
    siteIds: given(config.siteIds),
    period: given(config.period),
    year: given(config.year),
    month: given(config.month),
    quarter: given(config.quarter),
    from: given(config.from),
    to: given(config.to),
    bucket: given(config.bucket),
    timeZone: given(config.timeZone),
    granularity: given(config.granularity),
    compareWithPreviousYear: config.compare !== false,
    // Partial results are Node-RED's way: the failed sites go in msg.failures beside the others' rows.
    onSiteFailure: 'continue' as const,
  };
}

function start(RED: NodeAPI, node: Node, config: ReportConfig): void {
  handleInputWithAccount(RED, node, config.account, async (client, run) => {
    const report = await getEmissionsReport(client, paramsOf(config), { signal: run.signal });
    const csv = emissionsReportCsv(report);
    const asFile = config.output === 'csv';
    const out = RED.util.cloneMessage({
      ...run.msg,
      payload: asFile ? csv : report.items,
      ...(asFile ? { filename: `emissions-report-${report.report.period.replace(/ /g, '_')}.csv` } : { csv }),
      totals: report.totals,
      report: report.report,
      skipped: report.skipped,
      failures: report.failures,
      ...(report.warnings.length > 0 ? { warnings: report.warnings } : {}),
    });
    run.send(out);
    const missing = report.skipped.length + report.failures.length;
    const rows = report.items.length;
    const { period } = report.report;
    if (missing === 0) return RED._('ecostruxure-report.status.done', { rows, period });
    // Partly good: the rows are there, but some requested sites are not (msg.skipped, msg.failures).
    const text = RED._('ecostruxure-report.status.partial', { rows, period, missing });
    return { fill: 'yellow', shape: 'ring', text };
  });
}
