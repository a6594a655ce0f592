/** Everything a simulator run can be configured with, and the demo defaults a user can try flows with. */
import type { VariantPaging } from './carbon/variant.js';

export type { VariantPaging };

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

/**
 * How a client may authenticate at the token and introspection endpoints (RFC 7591 names):
 * `client_secret_basic` = HTTP Basic header only, `client_secret_post` = client_id and client_secret in
 * the body only, `either` = both.
 */
export type ClientAuthenticationPolicy = 'client_secret_basic' | 'client_secret_post' | 'either';

/**
 * How the `id:secret` of a Basic header must be encoded before Base64: `raw` (seed 001, what Postman's
 * Basic Auth builds), `form-urlencoded` (RFC 6749 Appendix B) or `either`. Identical unless the ID or
 * secret holds characters such as `+ / = : % &` or a space.
 */
export type BasicCredentialsEncodingPolicy = 'raw' | 'form-urlencoded' | 'either';

/** The credential policy of a client that authenticates at a token endpoint. */
export interface ClientAuthenticationConfig {
  /** Default: see `defaultClientAuthentication`. */
  clientAuthentication?: ClientAuthenticationPolicy;
  /** Default `raw` for OAuth clients, `either` for Energy Hub access clients. */
  basicCredentialsEncoding?: BasicCredentialsEncodingPolicy;
}

/**
 * Which credentials the Carbon API accepts: `documented` = what seed 000 lists (authorization-code tokens
 * and personal access tokens); `all` also accepts client-credentials tokens and API keys (seed 001
 * documents those for the gateway's other APIs, not this one).
 */
export type CarbonCredentialsPolicy = 'documented' | 'all';

/**
 * The query dialect of the Carbon emissions endpoint: `contract` = docs/api-contract.md §5 (`from`/`to`,
 * a paged `{siteId, timeseries, paging}` body); `sibling` = the public sibling API on the same gateway
 * (`updatedAt[gte]`/`updatedAt[lt]`, a bare array of series, integer `sourceSystemId`, date-only dates for
 * daily and monthly data, `null` for optional fields without a value); `variant` = shapes neither of them
 * has but a REST API on this gateway could (carbon/variant.ts: revision-time ranges, offset days, other
 * units, numbers as text, unknown series keys, grid factors under another path, `carbonPaging`).
 */
export type CarbonDialect = 'contract' | 'sibling' | 'variant';

/** An application registered with the EcoStruxure authorization server (an ISV app or a partner client). */
export interface OAuthClientConfig extends ClientAuthenticationConfig {
  clientId: string;
  clientSecret: string;
  /** Shown to the customer on the consent page. */
  name: string;
  /** Exact-match redirect URIs; loopback URIs match on any port (RFC 8252 §7.3). */
  redirectUris: string[];
  grantTypes: GrantType[];
  /** Scopes the client may ask for. */
  scopes: string[];
}

/** An Energy Hub access client: client credentials plus a role and access permissions. */
export interface AccessClientConfig extends ClientAuthenticationConfig {
  clientId: string;
  clientSecret: string;
  name: string;
  /** `viewer` may read; `no-access` gets FORBIDDEN on every field. */
  role: 'viewer' | 'no-access';
  /** `all` = the whole organization; otherwise the IDs of the region or site things whose subtrees are visible. */
  permissions: 'all' | string[];
}

export interface StaticCredentialConfig {
  /** The personal access token or API key value. */
  value: string;
  scopes: string[];
}

/** The customer who signs in to approve consents and to see the consent dashboard. */
export interface CustomerAccountConfig {
  username: string;
  password: string;
}

export interface RateLimitConfig {
  /** Requests allowed per token (or per client address when unauthenticated) in each window. */
  limit: number;
  windowMs: number;
}

export interface SimulatorOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed for every generated value (sites, emissions, alarms). Default 42. */
  seed?: number;
  /** How many sites the Carbon API serves. Default 25. */
  sites?: number;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  offlineRefreshTokenTtlSeconds?: number;
  authorizationCodeTtlSeconds?: number;
  /** Issue a new refresh token on every refresh and retire the old one. Default true. */
  rotateRefreshTokens?: boolean;
  clients?: OAuthClientConfig[];
  accessClients?: AccessClientConfig[];
  personalAccessTokens?: StaticCredentialConfig[];
  apiKeys?: StaticCredentialConfig[];
  /** Which credentials the Carbon API accepts. Default `documented`. */
  carbonCredentials?: CarbonCredentialsPolicy;
  /** The Carbon emissions endpoint's query dialect. Default `contract`. */
  carbonDialect?: CarbonDialect;
  /**
   * How the `variant` dialect pages its bare array: `page` (`page`/`pageSize`, a full page means ask on),
   * `offset` (`offset`/`limit`), `cursor` (`{data, nextCursor}`, `cursor`/`limit`), `next-link`
   * (`{data, next}` with the next page's URL) or `link-header` (RFC 8288 `Link: <…>; rel="next"`).
   * Default `page`.
   */
  carbonPaging?: VariantPaging;
  /** The sign-in of the consent page and dashboard. Default: the demo customer. */
  customer?: CustomerAccountConfig;
  /** Per-token rate limit; false (default) disables it. */
  rateLimit?: RateLimitConfig | false;
  /** A new Energy Hub alarm starts every this many ms. Default 10 minutes. */
  alarmIntervalMs?: number;
  /** Offset added to the server's clock, to simulate skew between client and server. Default 0. */
  clockSkewMs?: number;
  /** Log requests to stdout through Fastify's logger. Default false. */
  logger?: boolean;
  /**
   * How many of the most recent requests the request log keeps (`control.requests()`). Default 5000;
   * raise it to account for every request of a long run, such as a sync of thousands of sites.
   */
  requestLogCapacity?: number;
}

export type ResolvedSimulatorOptions = Required<Omit<SimulatorOptions, 'rateLimit'>> & {
  rateLimit: RateLimitConfig | false;
};

export const DEFAULT_REQUEST_LOG_CAPACITY = 5000;

export const CARBON_SCOPES = ['read:site', 'read:carbon-emission'] as const;
export const ALL_SCOPES = [...CARBON_SCOPES, 'offline_access'] as const;

/**
 * The demo credentials. They are printed by the CLI and listed in the README so anyone can try every
 * flow without Schneider credentials; they are not secret and only work against the simulator.
 */
export const DEMO_CREDENTIALS = {
  isvApp: {
    clientId: 'demo-isv-app',
    clientSecret: 'demo-isv-app-secret',
    name: 'Demo Carbon Dashboard',
    redirectUris: [
      'http://localhost:5678/rest/oauth2-credential/callback',
      'http://127.0.0.1:1880/ecostruxure/oauth/callback',
      'http://localhost:1880/ecostruxure/oauth/callback',
      'http://127.0.0.1/callback',
    ],
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: [...ALL_SCOPES],
    // Seeds 000 and 003 send the client ID and secret in the body for the code exchange and refresh.
    clientAuthentication: 'client_secret_post',
    basicCredentialsEncoding: 'raw',
  },
  partner: {
    clientId: 'demo-partner',
    clientSecret: 'demo-partner-secret',
    name: 'Demo Distributor Integration',
    redirectUris: [],
    grantTypes: ['client_credentials'],
    scopes: [...CARBON_SCOPES],
    // Seed 001: HTTP Basic over the raw `client_key:client_secret`, or the body as its alternative.
    clientAuthentication: 'either',
    basicCredentialsEncoding: 'raw',
  },
  accessClient: {
    clientId: 'demo-access-client',
    clientSecret: 'demo-access-client-secret',
    name: 'Demo Energy Hub integration',
    role: 'viewer',
    permissions: 'all',
  },
  restrictedAccessClient: {
    clientId: 'demo-restricted-access-client',
    clientSecret: 'demo-restricted-access-client-secret',
    name: 'Demo Energy Hub integration (one region)',
    role: 'viewer',
    permissions: ['region-1'],
  },
  noAccessClient: {
    clientId: 'demo-no-access-client',
    clientSecret: 'demo-no-access-client-secret',
    name: 'Demo Energy Hub integration without read rights',
    role: 'no-access',
    permissions: 'all',
  },
  personalAccessToken: { value: 'demo-personal-access-token', scopes: [...CARBON_SCOPES] },
  apiKey: { value: 'demo-api-key', scopes: [...CARBON_SCOPES] },
  customer: { username: 'demo-customer', password: 'demo-customer-password' },
} as const satisfies {
  isvApp: OAuthClientConfig;
  partner: OAuthClientConfig;
  accessClient: AccessClientConfig;
  restrictedAccessClient: AccessClientConfig;
  noAccessClient: AccessClientConfig;
  personalAccessToken: StaticCredentialConfig;
  apiKey: StaticCredentialConfig;
  customer: CustomerAccountConfig;
};

const clone = <T>(value: T): T => structuredClone(value) as T;

/**
 * The documented client authentication for a client's grants: the body for authorization code and refresh
 * (seeds 000, 003); Basic or body for client credentials (seed 001).
 */
export function defaultClientAuthentication(grantTypes: readonly GrantType[]): ClientAuthenticationPolicy {
  return grantTypes.some((type) => type !== 'client_credentials') ? 'client_secret_post' : 'either';
}

function withOAuthDefaults(client: OAuthClientConfig): OAuthClientConfig {
  return {
    ...client,
    clientAuthentication: client.clientAuthentication ?? defaultClientAuthentication(client.grantTypes),
    basicCredentialsEncoding: client.basicCredentialsEncoding ?? 'raw',
  };
}

// No document says how Energy Hub access clients authenticate, so both methods and encodings are accepted.
function withAccessClientDefaults(client: AccessClientConfig): AccessClientConfig {
  return {
    ...client,
    clientAuthentication: client.clientAuthentication ?? 'either',
    basicCredentialsEncoding: client.basicCredentialsEncoding ?? 'either',
  };
}

export function resolveOptions(options: SimulatorOptions = {}): ResolvedSimulatorOptions {
  return {
    port: options.port ?? 4010,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 42,
    sites: options.sites ?? 25,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 24 * 3600,
    offlineRefreshTokenTtlSeconds: options.offlineRefreshTokenTtlSeconds ?? 90 * 24 * 3600,
    authorizationCodeTtlSeconds: options.authorizationCodeTtlSeconds ?? 60,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    clients: (options.clients ?? clone([DEMO_CREDENTIALS.isvApp, DEMO_CREDENTIALS.partner])).map(
      withOAuthDefaults,
    ),
    accessClients: (
      options.accessClients ??
      clone([
        DEMO_CREDENTIALS.accessClient,
        DEMO_CREDENTIALS.restrictedAccessClient,
        DEMO_CREDENTIALS.noAccessClient,
      ])
    ).map(withAccessClientDefaults),
    personalAccessTokens: options.personalAccessTokens ?? clone([DEMO_CREDENTIALS.personalAccessToken]),
    apiKeys: options.apiKeys ?? clone([DEMO_CREDENTIALS.apiKey]),
    carbonCredentials: options.carbonCredentials ?? 'documented',
    carbonDialect: options.carbonDialect ?? 'contract',
    carbonPaging: options.carbonPaging ?? 'page',
    customer: options.customer ?? clone(DEMO_CREDENTIALS.customer),
    rateLimit: options.rateLimit ?? false,
    alarmIntervalMs: options.alarmIntervalMs ?? 10 * 60 * 1000,
    clockSkewMs: options.clockSkewMs ?? 0,
    logger: options.logger ?? false,
    requestLogCapacity: options.requestLogCapacity ?? DEFAULT_REQUEST_LOG_CAPACITY,
  };
}
