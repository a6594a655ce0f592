/** The report's choices as node forms show them, so both adapters offer what core accepts. */
import type { Choice } from '../vocabulary.js';
import type { REPORT_BUCKET_VALUES, REPORT_PERIOD_VALUES } from './period.js';

export const REPORT_PERIODS: Array<Choice<(typeof REPORT_PERIOD_VALUES)[number]>> = [
  {
    value: 'month',
    name: 'Month',
    description: 'One calendar month; the last complete one unless you pick it',
  },
  {
    value: 'quarter',
    name: 'Quarter',
    description: 'One calendar quarter; the last complete one unless you pick it',
  },
  { value: 'year', name: 'Year', description: 'One calendar year; the last complete one unless you pick it' },
  { value: 'custom', name: 'Custom', description: 'From a first day to the day after the last (YYYY-MM-DD)' },
];

export const REPORT_BUCKETS: Array<Choice<(typeof REPORT_BUCKET_VALUES)[number]>> = [
  { value: 'month', name: 'Month', description: 'One row per site and month' },
  { value: 'quarter', name: 'Quarter', description: 'One row per site and quarter' },
  { value: 'period', name: 'Whole Period', description: 'One row per site for the whole period' },
];

export const REPORT_GRANULARITIES: Array<Choice<'PT1H' | 'PT15M'>> = [
  { value: 'PT1H', name: 'Hourly', description: 'Completeness counted in hours' },
  {
    value: 'PT15M',
    name: '15 Minutes',
    description: 'Completeness counted in 15-minute intervals (4x the requests)',
  },
];
