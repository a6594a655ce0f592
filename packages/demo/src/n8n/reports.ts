/**
 * What each template's run produced, for the terminal: read from the execution's node outputs (what the
 * editor shows on each node) and the messages the chat webhook stand-in received.
 */
import type { Execution, ExecutionItem, WorkflowJson } from '@ecostruxure-connector/n8n-host';
import { formatNumber, renderTable } from '../output/table.js';
import type { TemplateName } from './templates.js';

export interface TemplateRun {
  workflow: WorkflowJson;
  workflowId: string;
  execution: Execution;
  /** Chat messages the run sent. */
  messages: string[];
}

/** Enough to read on one screen; the count line says how many there are in all. */
const SHOWN_ROWS = 25;

const jsonOf = (items: ExecutionItem[] | undefined): Array<Record<string, unknown>> =>
  (items ?? []).map((item) => item.json);

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const number = (value: unknown, digits = 1): string =>
  formatNumber(typeof value === 'number' ? value : null, digits);

function header(index: number, run: TemplateRun, summary: string): string {
  return `${index}. ${run.workflow.name} (n8n execution ${run.execution.id}: ${run.execution.status})\n   ${summary}`;
}

function chatLines(messages: string[]): string[] {
  if (messages.length === 0) return ['Chat messages sent: none'];
  return [`Chat messages sent: ${messages.length}`, ...messages.map((message) => `  > ${message}`)];
}

function limited(rows: string[][]): { rows: string[][]; more: string[] } {
  return {
    rows: rows.slice(0, SHOWN_ROWS),
    more: rows.length > SHOWN_ROWS ? [`... and ${rows.length - SHOWN_ROWS} more`] : [],
  };
}

/** The hourly rows of each site added up: one line per site, as the spreadsheet would total them. */
function perSite(rows: Array<Record<string, unknown>>): string[][] {
  const sites = new Map<string, { row: Record<string, unknown>; hours: number; kg: number; kWh: number }>();
  for (const row of rows) {
    const site = sites.get(text(row.siteId)) ?? { row, hours: 0, kg: 0, kWh: 0 };
    site.hours += 1;
    site.kg += typeof row.kgCO2e === 'number' ? row.kgCO2e : 0;
    site.kWh += typeof row.kWh === 'number' ? row.kWh : 0;
    sites.set(text(row.siteId), site);
  }
  return [...sites.values()].map(({ row, hours, kg, kWh }) => [
    text(row.siteId),
    text(row.siteName),
    text(row.countryIsoCode),
    String(hours),
    number(kg),
    number(kWh),
  ]);
}

function dailyEmissions(run: TemplateRun): string {
  const rows = jsonOf(run.execution.output["Get yesterday's emissions"]);
  const file = run.execution.output['Spreadsheet file']?.[0]?.binary?.data as
    { fileName?: string } | undefined;
  const table = limited(perSite(rows));
  return [
    header(
      1,
      run,
      `${rows.length} rows, one per site and hour of yesterday, in the spreadsheet file ${file?.fileName ?? '(none)'}`,
    ),
    renderTable(['site', 'name', 'country', 'hours', 'kgCO2e', 'kWh'], table.rows),
    ...table.more,
  ].join('\n');
}

/** The threshold the template's Compare node uses, so the summary says what was compared. */
function thresholdOf(workflow: WorkflowJson): string {
  const node = workflow.nodes.find((candidate) => candidate.name === 'Compare to grid rate');
  return text(node?.parameters.thresholdPercent);
}

function gridRateAlert(run: TemplateRun): string {
  const compared = jsonOf(run.execution.output['Compare to grid rate']);
  const above = jsonOf(run.execution.output['Above grid rate']);
  const table = limited(
    above.map((site) => [
      text(site.siteId),
      text(site.siteName),
      text(site.countryIsoCode),
      text(site.timestamp),
      number(site.intensity, 0),
      number(site.globalRate, 0),
      `+${number(site.percentAboveGlobalRate, 0)} %`,
    ]),
  );
  const summary =
    `${above.length} of ${compared.length} sites run more than ${thresholdOf(run.workflow)} % above ` +
    `their grid's global rate`;
  return [
    header(2, run, summary),
    above.length > 0
      ? renderTable(
          ['site', 'name', 'country', 'interval', 'gCO2e/kWh', 'grid rate', 'above rate'],
          table.rows,
        )
      : '(none)',
    ...table.more,
    ...chatLines(run.messages),
  ].join('\n');
}

function highPriorityAlarms(run: TemplateRun): string {
  // A manual run of a polling trigger fetches a test event (the editor's "Fetch Test Event"): one alarm
  // matching its filters, shaped as the trigger emits new alarms once the workflow is active.
  const alarms = jsonOf(run.execution.output['New high-priority alarm']).map(
    (item) => (item.alarm ?? {}) as Record<string, unknown>,
  );
  const rows = alarms.map((alarm) => [
    text(alarm.priority),
    text(alarm.startTime),
    text(alarm.type),
    text((alarm.thing as { name?: string } | null | undefined)?.name),
    text(alarm.detail),
  ]);
  return [
    header(3, run, `test event: ${alarms.length} high-priority alarm${alarms.length === 1 ? '' : 's'}`),
    rows.length > 0 ? renderTable(['priority', 'started', 'type', 'where', 'detail'], rows) : '(none)',
    ...chatLines(run.messages),
  ].join('\n');
}

const REPORTS: Record<TemplateName, (run: TemplateRun) => string> = {
  dailyEmissions,
  gridRateAlert,
  highPriorityAlarms,
};

export function templateReport(name: TemplateName, run: TemplateRun): string {
  return REPORTS[name](run);
}
