/** The operations layer: one function per user action, which the n8n and Node-RED nodes map onto. */
export { listSites, getSite, type ListSitesParams, type GetSiteParams } from './carbon/sites.js';
export {
  getEmissions,
  streamEmissions,
  EMISSION_OUTPUT_VALUES,
  type EmissionBatch,
  type EmissionStreamEnd,
  type EmissionOutput,
  type EmissionsResult,
  type GetEmissionsParams,
} from './carbon/emissions.js';
export { getGlobalRates, type GetGlobalRatesParams } from './carbon/global-rates.js';
export {
  compareToGridRate,
  findSitesAboveGlobalRate,
  pickGlobalRate,
  type CompareToGridRateParams,
  type CompareToGridRateResult,
  type GlobalRateComparisonOptions,
  type GlobalRateComparisonResult,
  type SiteRateComparison,
} from './carbon/grid-comparison.js';
export { listAlarms, alarmFilterOf, type ListAlarmsParams } from './energy-hub/alarms.js';
export {
  getOrganization,
  getThing,
  listThings,
  organizationDocument,
  type GetOrganizationParams,
  type GetThingParams,
  type ListThingsParams,
} from './energy-hub/organization.js';
export { runQuery, type RunQueryParams } from './energy-hub/query.js';
export {
  customRequest,
  CUSTOM_REQUEST_APIS,
  CUSTOM_REQUEST_METHODS,
  type CustomRequestParams,
} from './custom-request.js';
export {
  pollAlarms,
  ALARM_EVENT_TYPES,
  type AlarmEvent,
  type AlarmEventType,
  type AlarmPollState,
  type PollAlarmsParams,
  type PollAlarmsResult,
} from './polling/alarms.js';
export {
  pollEmissionThreshold,
  type PollEmissionThresholdParams,
  type PollEmissionThresholdResult,
} from './polling/emission-threshold.js';
export {
  pollNewEmissions,
  type NewEmissionsState,
  type PollNewEmissionsParams,
  type PollNewEmissionsResult,
} from './polling/new-emissions.js';
export {
  resolveRange,
  intervalStart,
  countIntervals,
  RANGE_PRESET_VALUES,
  type CoveredWindow,
  type RangeInput,
  type RangePreset,
} from './range-presets.js';
export {
  toEmissionRows,
  toMetricRows,
  EMISSION_ROW_COLUMNS,
  METRIC_ROW_COLUMNS,
  type EmissionRow,
  type MetricRow,
  type RequestedWindow,
} from './emission-rows.js';
export { CANONICAL_UNITS, conversionFactor } from './units.js';
export {
  emissionSamplesFrom,
  emissionSamplesForSites,
  latestEmissionSamples,
  type EmissionSamplesResult,
  type SiteFailure,
} from './samples.js';
export {
  reportSiteFailure,
  SITE_FAILURE_VALUES,
  type OnSiteFailure,
  type SiteFailureReport,
} from './failures.js';
export * from './vocabulary.js';
export type { JsonObject, OperationContext, OperationResult, ReadOutput } from './types.js';
