/**
 * The one entry point adapters use: from a base URL and one credential, the Carbon and Energy Hub
 * clients and a client for any other API on the gateway, sharing one auth strategy, one transport, one
 * registry of secrets to redact, and the same retries and errors.
 */
import { createHttpClient } from '../http/http-client.js';
import type { RetryOptions } from '../http/retry.js';
import type { Transport } from '../seams/transport.js';
import type { HttpClient } from '../http/types.js';
import type { HeldTokens, TokenStore } from '../seams/token-store.js';
import type { AuthStrategy } from '../seams/auth-strategy.js';
import { createCarbonClient, type CarbonClient } from '../carbon-api/carbon-client.js';
import type { CarbonDialectInput } from '../carbon-api/dialect.js';
import { resolveEnergyHubDialect, type EnergyHubDialect } from '../energy-hub-api/lenient.js';
import { createEnergyHubClient, type EnergyHubClient } from '../energy-hub-api/energy-hub-client.js';
import { DEFAULT_ORIGIN, resolveEndpoints, type Endpoints } from '../endpoints.js';
import { ValidationError } from '../errors/errors.js';
import { SecretRegistry } from '../errors/redact.js';
import type { Logger, Runtime } from '../seams/runtime.js';
import { heldTokensOf, strategyFor, type Credentials } from './credentials.js';

export interface EcoStruxureClientOptions {
  /** The gateway's origin. Default `https://api.exchange.se.com`; the simulator's URL to try things out. */
  baseUrl?: string | undefined;
  /** Individual URLs that differ from `baseUrl` + the documented paths (e.g. the Energy Hub GraphQL URL). */
  endpoints?: Partial<Endpoints> | undefined;
  credentials: Credentials;
  transport: Transport;
  runtime: Runtime;
  /** Receives only redacted text. Default: silent. */
  logger?: Logger | undefined;
  /**
   * Where OAuth tokens are kept so they survive a restart (authorization code, client credentials):
   * `createFileTokenStore` from `core/node`, or the host's own. Default: memory only.
   */
  tokenStore?: TokenStore | undefined;
  /** Requests in flight at once per API, at most. Default 10 (what the provider allows per client). */
  maxConcurrency?: number | undefined;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number | undefined;
  retry?: RetryOptions | undefined;
  /** How the Carbon API spells its emissions query. Default: the contract's (docs/api-contract.md). */
  carbonDialect?: CarbonDialectInput | undefined;
  /** How the Energy Hub API writes what its schema leaves open (`zonelessDateTimes`). Default: refuse. */
  energyHubDialect?: Partial<EnergyHubDialect> | undefined;
  userAgent?: string | undefined;
}

/** Which base URL a custom request goes under. */
export type ApiName = 'carbon' | 'energyHub' | 'gateway';

export interface EcoStruxureClient {
  readonly endpoints: Endpoints;
  readonly auth: AuthStrategy;
  /** The authorization-code grant's tokens, to show the consent state and install or forget a grant. */
  readonly tokens: HeldTokens | undefined;
  readonly carbon: CarbonClient;
  readonly energyHub: EnergyHubClient;
  /** The HTTP client of one API, for custom requests with the same credentials, retries and errors. */
  http(api: ApiName): HttpClient;
}

export function createEcoStruxureClient(options: EcoStruxureClientOptions): EcoStruxureClient {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError({
      field: 'options',
      message: 'Client options are missing: pass at least the credentials.',
    });
  }
  const endpoints = resolveEndpoints(options.baseUrl ?? DEFAULT_ORIGIN, options.endpoints ?? {});
  const energyHubDialect = resolveEnergyHubDialect(options.energyHubDialect);
  const secrets = new SecretRegistry();
  const auth = strategyFor(options.credentials, {
    endpoints,
    transport: options.transport,
    runtime: options.runtime,
    secrets,
    logger: options.logger,
    tokenStore: options.tokenStore,
  });
  const httpFor = (baseUrl: string): HttpClient =>
    createHttpClient({
      baseUrl,
      auth,
      transport: options.transport,
      runtime: options.runtime,
      logger: options.logger,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      maxConcurrency: options.maxConcurrency,
      userAgent: options.userAgent,
    });
  const clients: Record<ApiName, HttpClient> = {
    carbon: httpFor(endpoints.carbonApi),
    energyHub: httpFor(endpoints.energyHubGraphql),
    gateway: httpFor(endpoints.gateway),
  };
  return {
    endpoints,
    auth,
    tokens: heldTokensOf(auth),
    carbon: createCarbonClient(clients.carbon, { dialect: options.carbonDialect }),
    energyHub: createEnergyHubClient(clients.energyHub, energyHubDialect),
    http(api) {
      const client = clients[api];
      if (client === undefined) {
        throw new ValidationError({
          field: 'api',
          message: `"api" must be one of carbon, energyHub or gateway; got "${String(api)}".`,
        });
      }
      return client;
    },
  };
}
