/**
 * The choices node forms offer, with the names and descriptions users see, so the n8n and Node-RED forms
 * list the same values core accepts and never drift from it.
 */
import { GRANULARITIES, EMISSION_METHODS } from '../carbon-api/params.js';
import { ALARM_CATEGORIES, ALARM_PRIORITIES } from '../energy-hub-api/schemas.js';
import { THRESHOLD_METRICS } from './helpers/threshold-rules.js';
import { EMISSION_OUTPUT_VALUES } from './carbon/emissions.js';
import { ALARM_EVENT_TYPES } from './polling/alarms.js';
import { RANGE_PRESET_VALUES } from './helpers/range-presets.js';

export interface Choice<T extends string = string> {
  value: T;
  name: string;
  description: string;
}

function choices<T extends string>(
  values: readonly T[],
  text: Record<T, [string, string]>,
): Array<Choice<T>> {
  return values.map((value) => ({ value, name: text[value][0], description: text[value][1] }));
}

export const RANGE_PRESETS = choices(RANGE_PRESET_VALUES, {
  latest: ['Latest Interval', 'The latest complete interval of the granularity (real-time tracking)'],
  today: ['Today', 'From midnight (in the time zone) to the start of the current interval'],
  yesterday: ['Yesterday', 'The whole previous day, midnight to midnight in the time zone'],
  last24Hours: ['Last 24 Hours', 'The 24 hours before the current interval, whole intervals only'],
  last7Days: [
    'Last 7 Days',
    'The 7 days before the current interval; at daily granularity, the 7 whole days before today',
  ],
  last30Days: [
    'Last 30 Days',
    'The 30 days before the current interval; at daily granularity, the 30 whole days before today',
  ],
  thisMonth: [
    'This Month',
    'From the first of this month (in the time zone) to the start of the current interval',
  ],
  lastMonth: ['Last Month', 'The whole previous calendar month in the time zone'],
  custom: [
    'Custom',
    'From and To as you enter them (From included, To excluded), read in the time zone unless they carry an offset',
  ],
});

export const GRANULARITY_CHOICES = choices(GRANULARITIES, {
  PT15M: ['15 Minutes', 'One value every 15 minutes (the API default)'],
  PT1H: ['Hourly', 'One value per hour'],
  P1D: ['Daily', 'One value per day (UTC)'],
  P1M: ['Monthly', 'One value per calendar month (UTC)'],
});

export const EMISSION_METHOD_CHOICES = choices(EMISSION_METHODS, {
  'location-based': [
    'Location-Based',
    'GHG Protocol scope 2, the grid average where the site is (the API default)',
  ],
  'market-based': ['Market-Based', 'GHG Protocol scope 2, from the energy the site contracted'],
});

export const EMISSION_OUTPUTS = choices(EMISSION_OUTPUT_VALUES, {
  rows: ['Rows', 'One item per site and interval: kgCO2e, kWh, gCO2e per kWh (for sheets and CRMs)'],
  series: ['Series', 'One item per site, the series as the API shapes them'],
  raw: ['Raw', 'The API’s JSON untouched, with any unexpected shape reported as warnings'],
});

export const ALARM_PRIORITY_CHOICES = choices(ALARM_PRIORITIES, {
  high: ['High', 'High priority'],
  medium: ['Medium', 'Medium priority'],
  low: ['Low', 'Low priority'],
});

export const ALARM_CATEGORY_CHOICES: Array<Choice> = ALARM_CATEGORIES.map((category) => ({
  value: category,
  name: category,
  description: `Alarms of the ${category} category`,
}));

export const ALARM_EVENT_CHOICES = choices(ALARM_EVENT_TYPES, {
  new: ['New Alarm', 'An alarm started'],
  acknowledged: ['Alarm Acknowledged', 'An open alarm was acknowledged'],
  cleared: ['Alarm Cleared', 'An active alarm ended'],
});

export const THRESHOLD_METRIC_CHOICES = choices(THRESHOLD_METRICS, {
  kgCO2e: ['Emissions (kgCO2e per Interval)', 'The kgCO2e a site emitted in one interval'],
  intensity: ['Carbon Intensity (gCO2e/kWh)', 'The carbon intensity of the energy a site used'],
  percentAboveGlobalRate: [
    'Percent Above Grid Rate',
    'How far a site’s intensity is above its country grid’s global rate',
  ],
});
