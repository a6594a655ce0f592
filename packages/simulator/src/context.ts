/**
 * The seams between the simulator's modules. Each module owns one concern and is reached only through
 * the interface declared here, so the authorization server, the data APIs, fault injection and the
 * control API can change independently.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from './clock.js';
import type { ResolvedSimulatorOptions } from './options.js';

/** Who a request acts as, once its credentials were checked. */
export interface Principal {
  kind: 'customer-grant' | 'client' | 'personal-access-token' | 'api-key' | 'access-client';
  clientId?: string;
  /** The consent (grant) behind a customer token. */
  grantId?: string;
  scopes: string[];
  /** Stable, non-secret identifier of the credential (used for rate limiting and logs). */
  credentialId: string;
  /** For Energy Hub access clients: what the client may see and do. */
  role?: 'viewer' | 'no-access';
  permissions?: 'all' | string[];
}

export interface AccessRequirement {
  /** Carbon tokens, PATs and API keys only work on `carbon`; access-client tokens only on `energy-hub`. */
  audience: 'carbon' | 'energy-hub';
  /** The scope the route needs (carbon only). */
  scope?: string;
}

export interface ConsentRecord {
  id: string;
  clientId: string;
  appName: string;
  customer: string;
  scopes: string[];
  grantedAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface AuthorizationServer {
  /** Registers the OAuth, consent and Energy Hub token routes. */
  register(app: FastifyInstance): void;
  /**
   * Checks the request's credentials (Bearer, `apikey` query, `x-api-key` header) and the rate limit.
   * Throws a ProblemError (401, 403 or 429) when access is refused.
   */
  authenticate(request: FastifyRequest, requirement: AccessRequirement): Principal;
  /** Opens the consent JSON API as `Authorization: Bearer <adminToken>`; new on every start. */
  readonly adminToken: string;
  /** Makes every issued access token expired now; returns how many were live. */
  expireAllTokens(): number;
  revokeConsent(consentId: string, reason?: string): ConsentRecord | undefined;
  listConsents(): ConsentRecord[];
  mintPersonalAccessToken(scopes: string[]): string;
  mintApiKey(scopes: string[]): string;
  /** The next `count` refresh_token grants answer without a refresh_token (and do not rotate). */
  omitRefreshTokenOnNextRefreshes(count: number): void;
  /**
   * Revokes the consent behind the request's Bearer access token or, when it carries none (a token
   * request, an API key), the most recently granted active consent. Returns the revoked record, if any.
   */
  revokeConsentOf(request: FastifyRequest, reason: string): ConsentRecord | undefined;
}

export type FaultKind =
  | 'status'
  | 'rate-limit'
  | 'delay'
  | 'hang'
  | 'reset'
  | 'malformed-json'
  | 'html-error'
  | 'expire-tokens'
  | 'revoke-consent'
  | 'omit-refresh-token';

export interface FaultRule {
  kind: FaultKind;
  /**
   * Which requests the fault hits: `"GET /ecostruxure/carbon-emission/v1/sites*"` (method optional, `*`
   * matches any characters). Default: every route except the control API.
   */
  route?: string;
  /** For `status`: 500, 502, 503 or 504. */
  status?: number;
  /** For `rate-limit`: the wait the server asks for, and how `Retry-After` expresses it. */
  retryAfterSeconds?: number;
  retryAfterFormat?: 'seconds' | 'http-date';
  /** For `delay`: how long to wait before handling the request normally. */
  delayMs?: number;
  /** Hit only the next `count` matching requests (default: every matching request until cleared). */
  count?: number;
  /**
   * Let the first `after` matching requests through untouched, e.g. to fail a site's third page and not
   * its first two (pages differ only in their query string, which routes do not see). Default 0.
   */
  after?: number;
  /** Hit each matching request with this probability (0..1), drawn from the seeded generator. */
  probability?: number;
}

export interface ActiveFault extends FaultRule {
  id: string;
  /** How many requests this fault has hit so far. */
  hits: number;
  /** With `after`: how many matching requests it has let through so far. */
  passed?: number;
}

export interface FaultInjector {
  /** Installs the hook that applies faults to incoming requests. */
  register(app: FastifyInstance): void;
  add(rule: FaultRule): ActiveFault;
  list(): ActiveFault[];
  remove(id: string): boolean;
  clear(): void;
  /** Closes any connection held open by a `hang` fault (called on shutdown). */
  releaseHungRequests(): void;
  /**
   * Asked by the token endpoint for each refresh_token grant: true when an `omit-refresh-token` rule hits
   * it. Checked there rather than on arrival so `count` counts refreshes, not every request to the route.
   */
  omitsRefreshToken(request: FastifyRequest): boolean;
}

export interface LoggedRequest {
  id: string;
  at: string;
  method: string;
  /** Path and query, with secret query parameters redacted. */
  url: string;
  /** Request headers with Authorization, x-api-key and cookies redacted. */
  headers: Record<string, string>;
  /** Parsed body for form and JSON requests, with secret fields redacted. */
  body?: unknown;
  status?: number;
  fault?: FaultKind;
}

export interface RequestLog {
  register(app: FastifyInstance): void;
  entries(filter?: { pathPrefix?: string }): LoggedRequest[];
  clear(): void;
}

export interface EnergyHubAlarmInput {
  thingId?: string;
  category?: string;
  type?: string;
  detail?: string;
  /**
   * `high`, `medium` or `low` (Energy Hub's help pages); from code, any other text too, so clients can be
   * proved against a value they do not know (the control API's HTTP route keeps to the three).
   */
  priority?: string;
  source?: 'gateway' | 'device';
}

export interface CarbonApi {
  register(app: FastifyInstance): void;
  siteIds(): string[];
}

export interface EnergyHubApi {
  register(app: FastifyInstance): void;
  /** Makes a new active alarm start now; returns its id. */
  injectAlarm(input?: EnergyHubAlarmInput): string;
}

export interface SimulatorContext {
  options: ResolvedSimulatorOptions;
  clock: Clock;
}
