/**
 * The public surface, listed by hand so internals stay internal. Adapters need the entry point, the
 * operations, the errors and the seams (Transport, Runtime, Logger); the clients and strategies below
 * them are exported for scripts that want finer control.
 */

// Entry point and credentials.
export {
  createEcoStruxureClient,
  type ApiName,
  type EcoStruxureClient,
  type EcoStruxureClientOptions,
} from './client/create-client.js';
export {
  CREDENTIALS_KINDS,
  type ApiKeyCredentials,
  type AuthorizationCodeCredentials,
  type ClientCredentialsCredentials,
  type Credentials,
  type CredentialsKind,
  type HostAppliedCredentials,
  type PersonalAccessTokenCredentials,
} from './client/credentials.js';
export {
  DEFAULT_ORIGIN,
  DEFAULT_TOKEN_URL,
  ENDPOINT_PATHS,
  optionalTokenUrl,
  resolveEndpoints,
  type Endpoints,
} from './endpoints.js';

// Operations: one function per user action.
export * from './operations/index.js';

// Errors and redaction.
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
export { REDACTED, SecretRegistry, redactSecretPatterns, redactValue } from './errors/redact.js';
export {
  BatchError,
  isReauthorizationRequired,
  mapWithConcurrency,
  type BatchFailure,
} from './http/concurrency.js';
export type { ShapeWarning } from './schema/parse-response.js';

// Seams the host provides: network, clock, log.
export { silentLogger, type Logger, type Runtime } from './runtime/runtime.js';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  RESPONSE_TOO_LARGE,
  TransportFailure,
  resolveMaxResponseBytes,
  type HttpMethod,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './http/transport.js';

// The layers below the operations.
export {
  createHttpClient,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  type HttpClientOptions,
} from './http/client.js';
export { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './http/retry.js';
export {
  encodePathSegment,
  type HttpClient,
  type HttpResponse,
  type ProgressEvent,
  type QueryValue,
  type RequestOptions,
} from './http/types.js';
export * from './auth/index.js';
export { createHostAppliedAuth, type HostAppliedAuth } from './auth/host-applied.js';
export type { AuthStrategy, AuthStrategyKind, OutgoingRequest, TokenSet } from './auth/types.js';
export {
  createCarbonClient,
  emissionsFailureContext,
  type CarbonClient,
  type CarbonClientOptions,
  type EmissionPage,
  type EmissionsFailureContext,
  type EmissionsOptions,
  type EmissionsPageEvent,
  type GlobalRatesOptions,
  type RawAnswer,
  type SiteEmissionsResult,
} from './carbon/client.js';
export {
  CARBON_DIALECTS,
  CONTRACT_DIALECT,
  PAGING_STYLES,
  SIBLING_DIALECT,
  type CarbonDialect,
  type CarbonDialectInput,
  type PagingStyle,
  type SeriesMapping,
} from './carbon/dialect.js';
export { carbonDialectFromText, resolveCarbonDialect } from './carbon/resolve-dialect.js';
export { EMISSION_METHODS, GRANULARITIES, type EmissionMethod, type Granularity } from './carbon/params.js';
export type {
  EmissionsResponse,
  GlobalRate,
  Paging,
  Site,
  Timeseries,
  TimeseriesValue,
} from './carbon/schemas.js';
export {
  createEnergyHubClient,
  type AlarmFilter,
  type ConnectionResult,
  type EnergyHubClient,
  type GraphQLVariables,
  type ListOptions,
  type PaginateOptions,
  type QueryOptions,
  type ThingFilter,
  type TimeseriesRequest,
} from './energy-hub/client.js';
export {
  ALARM_CATEGORIES,
  ALARM_PRIORITIES,
  type Alarm,
  type Organization,
  type PropertyValue,
  type Thing,
  type TimeSeries,
} from './energy-hub/schemas.js';
export {
  evaluateThreshold,
  intensityOf,
  type EmissionSample,
  type SiteThresholdState,
  type SkippedSample,
  type ThresholdEvent,
  type ThresholdResult,
  type ThresholdState,
} from './threshold/evaluate.js';
export {
  describeRule,
  METRIC_UNITS,
  THRESHOLD_METRICS,
  validateThresholdRule,
  ruleWithLimit,
  type ThresholdMetric,
  type ThresholdRule,
} from './threshold/rules.js';
