/**
 * The public surface, listed by hand: the client factory, the operations (one function per user action,
 * with their parameters, results and form choices), the error classes, and the seams' types a host
 * implements (Transport, Runtime, AuthStrategy, TokenStore). The layers below the operations are behind
 * `@ecostruxure-connector/core/advanced`; the Node.js transports and token file behind `/node`.
 */

// The client factory and what it is configured with.
export {
  createEcoStruxureClient,
  type ApiName,
  type EcoStruxureClient,
  type EcoStruxureClientOptions,
} from './client/create-client.js';
export {
  CREDENTIALS_KINDS,
  DEFAULT_SCOPES,
  type ApiKeyCredentials,
  type AuthorizationCodeCredentials,
  type ClientCredentialsCredentials,
  type Credentials,
  type CredentialsKind,
  type HostAppliedCredentials,
  type PersonalAccessTokenCredentials,
} from './client/credentials.js';
export {
  DEFAULT_ENDPOINTS,
  DEFAULT_ORIGIN,
  DEFAULT_TOKEN_URL,
  resolveEndpoints,
  type Endpoints,
} from './endpoints.js';
export type { CarbonDialect, CarbonDialectInput, PagingStyle, SeriesMapping } from './carbon-api/dialect.js';
export { carbonDialectFromText } from './carbon-api/resolve-dialect.js';
export type { EnergyHubDialect } from './energy-hub-api/lenient.js';
export type { ZonelessDateTimes } from './schema/lenient-values.js';

// The operations.
export { listSites, getSite, type ListSitesParams, type GetSiteParams } from './operations/carbon/sites.js';
export {
  getEmissions,
  streamEmissions,
  SITE_TIME_ZONE,
  type EmissionBatch,
  type EmissionStreamEnd,
  type EmissionOutput,
  type EmissionsResult,
  type GetEmissionsParams,
} from './operations/carbon/emissions.js';
export { getGlobalRates, type GetGlobalRatesParams } from './operations/carbon/global-rates.js';
export {
  compareToGridRate,
  type CompareToGridRateParams,
  type CompareToGridRateResult,
  type SiteRateComparison,
} from './operations/carbon/grid-comparison.js';
export { listAlarms, type ListAlarmsParams } from './operations/energy-hub/alarms.js';
export {
  getOrganization,
  getThing,
  listThings,
  type GetOrganizationParams,
  type GetThingParams,
  type ListThingsParams,
} from './operations/energy-hub/organization.js';
export { runQuery, type RunQueryParams } from './operations/energy-hub/query.js';
export { customRequest, type CustomRequestParams } from './operations/custom-request.js';
export {
  pollAlarms,
  type AlarmEvent,
  type AlarmEventType,
  type AlarmPollState,
  type PollAlarmsParams,
  type PollAlarmsResult,
} from './operations/polling/alarms.js';
export {
  pollEmissionThreshold,
  type PollEmissionThresholdParams,
  type PollEmissionThresholdResult,
} from './operations/polling/emission-threshold.js';
export {
  pollNewEmissions,
  type EmissionChange,
  type NewEmissionsState,
  type PollNewEmissionsParams,
  type PollNewEmissionsResult,
  type SkippedWatchedSite,
  type SiteSyncState,
} from './operations/polling/new-emissions.js';
export {
  getEmissionsReport,
  REPORT_GRANULARITY_VALUES,
  type EmissionsReport,
  type GetEmissionsReportParams,
  type ReportScope,
} from './operations/report/report.js';
export { REPORT_BUCKET_VALUES, REPORT_PERIOD_VALUES } from './operations/report/period.js';
export { emissionsReportCsv, REPORT_CSV_COLUMNS } from './operations/report/csv.js';
export { REPORT_BUCKETS, REPORT_GRANULARITIES, REPORT_PERIODS } from './operations/report/vocabulary.js';
export type { ReportRow } from './operations/report/rows.js';
export type { ReportTotal } from './operations/report/totals.js';
export {
  ALARM_CATEGORY_CHOICES,
  ALARM_EVENT_CHOICES,
  ALARM_PRIORITY_CHOICES,
  EMISSION_METHOD_CHOICES,
  EMISSION_OUTPUTS,
  GRANULARITY_CHOICES,
  RANGE_PRESETS,
  THRESHOLD_METRIC_CHOICES,
  type Choice,
} from './operations/vocabulary.js';
export type {
  JsonObject,
  OperationContext,
  OperationResult,
  ReadOutput,
} from './operations/helpers/types.js';
export type { ShapeWarning } from './schema/parse-response.js';
export {
  distinctWarnings,
  freshWarnings,
  warningKey,
  type CountedWarning,
  type FreshWarnings,
} from './operations/helpers/warnings.js';
// What the operations take and return.
export type { CoveredWindow, RangeInput, RangePreset } from './operations/helpers/range-presets.js';
export type { OnSiteFailure, SiteFailureReport } from './operations/helpers/failures.js';
export {
  EMISSION_ROW_COLUMNS,
  METRIC_ROW_COLUMNS,
  emissionRowKey,
  type EmissionRow,
  type MetricRow,
  type RequestedWindow,
} from './operations/helpers/emission-rows.js';
export type { ThresholdState } from './operations/helpers/threshold-evaluate.js';
export type { ThresholdMetric, ThresholdRule } from './operations/helpers/threshold-rules.js';
export type { EmissionMethod, Granularity } from './carbon-api/params.js';
export type {
  EmissionsResponse,
  GlobalRate,
  Paging,
  Site,
  Timeseries,
  TimeseriesValue,
} from './carbon-api/schemas.js';
export type { Alarm, Organization, PropertyValue, Thing, TimeSeries } from './energy-hub-api/schemas.js';

// The error classes.
export {
  ApiError,
  AuthenticationError,
  EcoStruxureError,
  GraphQLResponseError,
  InvalidResponseError,
  NetworkError,
  PermissionError,
  RateLimitError,
  ReauthorizationRequiredError,
  TimeoutError,
  ValidationError,
  type ErrorCode,
  type ErrorContext,
  type GraphQLErrorEntry,
  type InvalidParam,
  type ProblemDetails,
} from './errors/errors.js';
export { BatchError, isReauthorizationRequired, type BatchFailure } from './http/concurrency.js';

// The seams a host provides: network, clock and log, credentials, token storage.
export {
  TransportFailure,
  type HttpMethod,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './seams/transport.js';
export type { Logger, Runtime } from './seams/runtime.js';
export type {
  AuthStrategy,
  AuthStrategyKind,
  OutgoingRequest,
  RejectedResponse,
  TokenSet,
} from './seams/auth-strategy.js';
export {
  TokenStoreError,
  type HeldTokens,
  type TokenStore,
  type TokenStoreFailure,
} from './seams/token-store.js';
