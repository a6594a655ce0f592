/**
 * `@ecostruxure-connector/core/advanced`: the layers below the operations, for adapters and scripts that
 * need finer control than the root entry gives: the HTTP client, the auth strategies, the Carbon and
 * Energy Hub clients, and the helpers the operations are built from (rows, samples, thresholds, ranges).
 * Listed by hand, like the root entry.
 */

// Endpoints, secrets and the seams' constants.
export { ENDPOINT_PATHS, optionalTokenUrl } from './endpoints.js';
export { REDACTED, SecretRegistry, redactSecretPatterns, redactValue } from './errors/redact.js';
export { silentLogger } from './seams/runtime.js';
export { DEFAULT_MAX_RESPONSE_BYTES, RESPONSE_TOO_LARGE } from './seams/transport.js';
export { createMemoryTokenStore } from './seams/token-store.js';

// The HTTP client: retries, concurrency, typed redacted errors.
export {
  createHttpClient,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  type HttpClientOptions,
} from './http/http-client.js';
export { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './http/retry.js';
export {
  encodePathSegment,
  type HttpClient,
  type HttpResponse,
  type ProgressEvent,
  type QueryValue,
  type RequestOptions,
} from './http/types.js';
export { mapWithConcurrency, type MapWithConcurrencyOptions } from './http/concurrency.js';

// The auth strategies.
export {
  createPersonalAccessTokenAuth,
  type PersonalAccessTokenAuth,
  type PersonalAccessTokenAuthOptions,
} from './auth/personal-access-token.js';
export {
  createApiKeyAuth,
  type ApiKeyAuth,
  type ApiKeyAuthOptions,
  type ApiKeyPlacement,
} from './auth/api-key.js';
export {
  createClientCredentialsAuth,
  type ClientCredentialsAuth,
  type ClientCredentialsAuthOptions,
} from './auth/client-credentials.js';
export {
  createAuthorizationCodeAuth,
  readAuthorizationResponse,
  type AuthorizationCodeAuth,
  type AuthorizationCodeAuthOptions,
  type AuthorizationRequest,
  type AuthorizationResponse,
  type ExchangeCodeInput,
} from './auth/authorization-code.js';
export { createHostAppliedAuth, type HostAppliedAuth } from './auth/host-applied.js';
export type { TokenClientOptions } from './auth/token-endpoint.js';
export type { BasicCredentialsEncoding, ClientAuthenticationOption } from './auth/token-request.js';
export { DEFAULT_REFRESH_MARGIN_MS } from './auth/refresh.js';
export { createPkcePair, type PkcePair } from './auth/pkce.js';

// The Carbon Emission Data and Energy Hub clients.
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
} from './carbon-api/carbon-client.js';
export { CARBON_DIALECTS, CONTRACT_DIALECT, PAGING_STYLES, SIBLING_DIALECT } from './carbon-api/dialect.js';
export { resolveCarbonDialect } from './carbon-api/resolve-dialect.js';
export { CARBON_RESOURCES, type CarbonResource } from './carbon-api/paths.js';
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
  type TimeseriesOptions,
  type TimeseriesRequest,
} from './energy-hub-api/energy-hub-client.js';
export { resolveEnergyHubDialect } from './energy-hub-api/lenient.js';

// The helpers the operations are built from.
export { toEmissionRows, toMetricRows } from './operations/helpers/emission-rows.js';
export { CANONICAL_UNITS, conversionFactor } from './operations/helpers/units.js';
export { countIntervals, intervalStart, resolveRange } from './operations/helpers/range-presets.js';
export { validateTimeZone, wallClock, instantOf, startOfDay, startOfMonth, addDays } from './seams/zone.js';
export { parseInstantIn } from './seams/zoned-instant.js';
export {
  emissionSamplesForSites,
  emissionSamplesFrom,
  emissionSamplesFromRows,
  latestEmissionSamples,
  type EmissionSamplesResult,
  type RowSource,
} from './operations/helpers/samples.js';
export {
  evaluateThreshold,
  intensityOf,
  type EmissionSample,
  type SiteThresholdState,
  type SkippedSample,
  type ThresholdEvent,
  type ThresholdResult,
} from './operations/helpers/threshold-evaluate.js';
export {
  describeRule,
  METRIC_UNITS,
  ruleWithLimit,
  THRESHOLD_METRICS,
  validateThresholdRule,
} from './operations/helpers/threshold-rules.js';
export {
  findSitesAboveGlobalRate,
  pickGlobalRate,
  type GlobalRateComparisonOptions,
  type GlobalRateComparisonResult,
} from './operations/carbon/grid-comparison.js';
