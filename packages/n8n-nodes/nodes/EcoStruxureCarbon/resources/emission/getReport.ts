import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
  REPORT_BUCKETS,
  REPORT_GRANULARITIES,
  REPORT_PERIODS,
  emissionsReportCsv,
  getEmissionsReport,
} from '../../../../shared/ecostruxure-core';
import type { EcoStruxureClient } from '../../../../shared/ecostruxure-core';
import { toOptions } from '../../../../shared/vocabulary';
import { textFile } from '../../../../shared/text-file';

const showOnly = { resource: ['emission'], operation: ['getReport'] };
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export const description: INodeProperties[] = [
  {
    displayName: 'Site IDs',
    name: 'siteIds',
    type: 'string',
    default: '',
    placeholder: 'site-0001, site-0002',
    displayOptions: { show: showOnly },
    description: 'Comma-separated site IDs; leave empty to report every site',
  },
  {
    displayName: 'Period',
    name: 'period',
    type: 'options',
    options: toOptions(REPORT_PERIODS),
    default: 'month',
    displayOptions: { show: showOnly },
    description: "The calendar period, in each site's time zone",
  },
  {
    displayName: 'Year',
    name: 'year',
    type: 'number',
    default: 0,
    displayOptions: { show: { ...showOnly, period: ['month', 'quarter', 'year'] } },
    description: 'The year; 0 for the year of the last complete period',
  },
  {
    displayName: 'Month',
    name: 'month',
    type: 'options',
    options: [
      { name: 'Last Complete Month', value: 0 },
      ...MONTHS.map((name, index) => ({ name, value: index + 1 })),
    ],
    default: 0,
    displayOptions: { show: { ...showOnly, period: ['month'] } },
  },
  {
    displayName: 'Quarter',
    name: 'quarter',
    type: 'options',
    options: [
      { name: 'Last Complete Quarter', value: 0 },
      ...[1, 2, 3, 4].map((quarter) => ({ name: `Q${quarter}`, value: quarter })),
    ],
    default: 0,
    displayOptions: { show: { ...showOnly, period: ['quarter'] } },
  },
  {
    displayName: 'From',
    name: 'from',
    type: 'string',
    default: '',
    placeholder: '2025-01-01',
    required: true,
    displayOptions: { show: { ...showOnly, period: ['custom'] } },
    description: 'First day of the period (YYYY-MM-DD, included)',
  },
  {
    displayName: 'To',
    name: 'to',
    type: 'string',
    default: '',
    placeholder: '2025-04-01',
    required: true,
    displayOptions: { show: { ...showOnly, period: ['custom'] } },
    description: 'The day after the last day (YYYY-MM-DD, excluded)',
  },
  {
    displayName: 'Output',
    name: 'reportOutput',
    type: 'options',
    options: [
      { name: 'Rows', value: 'rows', description: 'One item per site and month, for a spreadsheet or table' },
      {
        name: 'CSV File',
        value: 'file',
        description: 'One item with the report as a CSV file (for Write File, Google Drive, Send Email)',
      },
    ],
    default: 'rows',
    displayOptions: { show: showOnly },
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    displayOptions: { show: showOnly },
    options: [
      {
        displayName: 'Compare With Previous Year',
        name: 'compareWithPreviousYear',
        type: 'boolean',
        default: true,
        description: 'Whether to read the same period a year earlier for the change columns',
      },
      {
        displayName: 'Data Resolution',
        name: 'granularity',
        type: 'options',
        options: toOptions(REPORT_GRANULARITIES),
        default: 'PT1H',
        description: 'The intervals completeness is counted in',
      },
      {
        displayName: 'File Name',
        name: 'fileName',
        type: 'string',
        default: '',
        placeholder: 'emissions-report-2025-03.csv',
        description: 'Name of the CSV file; default emissions-report-&lt;period&gt;.csv',
      },
      {
        displayName: 'Rows Per',
        name: 'bucket',
        type: 'options',
        options: toOptions(REPORT_BUCKETS),
        default: 'month',
      },
      {
        displayName: 'Time Zone',
        name: 'timeZone',
        type: 'string',
        default: 'site',
        description:
          "'site' for each site's own (UTC where it has none), or one IANA zone such as Europe/Paris",
      },
    ],
  },
];

export async function execute(this: IExecuteFunctions, client: EcoStruxureClient, itemIndex: number) {
  const { fileName, ...options } = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
  const period = this.getNodeParameter('period', itemIndex) as string;
  const chosen = (name: string) => (this.getNodeParameter(name, itemIndex, 0) as number) || undefined;
  const report = await getEmissionsReport(client, {
    ...options,
    siteIds: this.getNodeParameter('siteIds', itemIndex, '') as string,
    period,
    ...(period === 'custom'
      ? {
          from: this.getNodeParameter('from', itemIndex) as string,
          to: this.getNodeParameter('to', itemIndex) as string,
        }
      : { year: chosen('year'), month: chosen('month'), quarter: chosen('quarter') }),
    onSiteFailure: this.continueOnFail() ? 'continue' : 'fail',
  });
  // A requested site that is not reported is never silent: one item each for the skipped, one error item
  // each for the failed, beside the rows.
  const { failures, skipped, warnings } = report;
  if (this.getNodeParameter('reportOutput', itemIndex) === 'rows')
    return { items: report.items, failures, skipped, warnings };
  const name =
    (fileName as string | undefined) || `emissions-report-${report.report.period.replace(/ /g, '_')}.csv`;
  const data = textFile(emissionsReportCsv(report), name, 'text/csv');
  const { items, ...summary } = report;
  return { items: [{ ...summary, rows: items.length }], binary: { data }, warnings };
}
