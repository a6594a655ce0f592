/** Everything a simulator run can be configured with, and the demo defaults a user can try flows with. */

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

/** An application registered with the EcoStruxure authorization server (an ISV app or a partner client). */
export interface OAuthClientConfig {
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
export interface AccessClientConfig {
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
  /** The sign-in of the consent page and dashboard. Default: the demo customer. */
  customer?: CustomerAccountConfig;
  /** Per-token rate limit; false (default) disables it. */
  rateLimit?: RateLimitConfig | false;
  /** A new Energy Hub alarm starts every this many ms. Default 10 minutes (software alarms update every 10 min). */
  alarmIntervalMs?: number;
  /** Offset added to the server's clock, to simulate skew between client and server. Default 0. */
  clockSkewMs?: number;
  /** Log requests to stdout through Fastify's logger. Default false. */
  logger?: boolean;
}

export type ResolvedSimulatorOptions = Required<Omit<SimulatorOptions, 'rateLimit'>> & {
  rateLimit: RateLimitConfig | false;
};

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
  },
  partner: {
    clientId: 'demo-partner',
    clientSecret: 'demo-partner-secret',
    name: 'Demo Distributor Integration',
    redirectUris: [],
    grantTypes: ['client_credentials'],
    scopes: [...CARBON_SCOPES],
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
    clients: options.clients ?? clone([DEMO_CREDENTIALS.isvApp, DEMO_CREDENTIALS.partner]),
    accessClients:
      options.accessClients ??
      clone([
        DEMO_CREDENTIALS.accessClient,
        DEMO_CREDENTIALS.restrictedAccessClient,
        DEMO_CREDENTIALS.noAccessClient,
      ]),
    personalAccessTokens: options.personalAccessTokens ?? clone([DEMO_CREDENTIALS.personalAccessToken]),
    apiKeys: options.apiKeys ?? clone([DEMO_CREDENTIALS.apiKey]),
    customer: options.customer ?? clone(DEMO_CREDENTIALS.customer),
    rateLimit: options.rateLimit ?? false,
    alarmIntervalMs: options.alarmIntervalMs ?? 10 * 60 * 1000,
    clockSkewMs: options.clockSkewMs ?? 0,
    logger: options.logger ?? false,
  };
}
