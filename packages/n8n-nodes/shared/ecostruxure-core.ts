/**
 * Everything the nodes use from core, in one module: the build bundles this file (core, zod, graphql) once
 * into dist/shared/ecostruxure-core.js, and every node and credential file requires that one copy.
 * Listing names (rather than `export *`) lets the bundler drop what no node uses.
 */
export {
  ALARM_CATEGORY_CHOICES,
  ALARM_PRIORITY_CHOICES,
  DEFAULT_ORIGIN,
  DEFAULT_SCOPES,
  DEFAULT_TOKEN_URL,
  EMISSION_METHOD_CHOICES,
  EMISSION_OUTPUTS,
  EcoStruxureError,
  GRANULARITY_CHOICES,
  RANGE_PRESETS,
  SITE_TIME_ZONE,
  THRESHOLD_METRIC_CHOICES,
  TransportFailure,
  carbonDialectFromText,
  compareToGridRate,
  emissionsReportCsv,
  getEmissionsReport,
  REPORT_BUCKETS,
  REPORT_GRANULARITIES,
  REPORT_PERIODS,
  createEcoStruxureClient,
  getEmissions,
  getGlobalRates,
  getOrganization,
  getSite,
  getThing,
  listAlarms,
  listSites,
  listThings,
  pollAlarms,
  pollEmissionThreshold,
  pollNewEmissions,
  runQuery,
} from '@ecostruxure-connector/core';
export {
  CARBON_RESOURCES,
  ENDPOINT_PATHS,
  mapWithConcurrency,
  optionalTokenUrl,
} from '@ecostruxure-connector/core/advanced';
export type {
  AlarmPollState,
  CoveredWindow,
  EcoStruxureClient,
  EmissionOutput,
  NewEmissionsState,
  ThresholdState,
  Runtime,
  Transport,
  TransportRequest,
  TransportResponse,
} from '@ecostruxure-connector/core';
