/**
 * Client credentials (partner APIs, Energy Hub access clients): the app's own token, no user involved.
 * The token is cached, replaced early, fetched once however many requests need it at the same moment, and
 * replaced on 401 — and on 403, because some gateways answer 403 to an expired token (n8n #17450). With a
 * `tokenStore` a restart reuses the saved token while it lasts instead of asking for a new one.
 */
import { DEFAULT_ENDPOINTS } from '../endpoints.js';
import { DEFAULT_REFRESH_MARGIN_MS } from './refresh.js';
import { bearerFromCache, createTokenCache } from './token-cache.js';
import { requestToken, resolveTokenEndpoint, type TokenClientOptions } from './token-endpoint.js';
import type { TokenStore } from '../seams/token-store.js';
import type { AuthStrategy, TokenSet } from '../seams/auth-strategy.js';
import { normalizeScopes, optionalDuration } from '../seams/validate.js';

export interface ClientCredentialsAuthOptions extends TokenClientOptions {
  /** A list or a space-separated string; empty = the client's default scopes. */
  scopes?: readonly string[] | string;
  /**
   * Loaded before the first request and given every new token before it is used. An unusable saved token
   * is logged and replaced by a new one (no user is needed to get it).
   */
  tokenStore?: TokenStore;
}

export interface ClientCredentialsAuth extends AuthStrategy {
  readonly kind: 'clientCredentials';
  /** Gets a new token now (joining one already being fetched); e.g. to test a credential. */
  refresh(): Promise<TokenSet>;
}

export function createClientCredentialsAuth(options: ClientCredentialsAuthOptions): ClientCredentialsAuth {
  const endpoint = resolveTokenEndpoint(options, DEFAULT_ENDPOINTS.energyHubToken, 'client_secret_basic');
  const scopes = normalizeScopes(options.scopes);
  const { secrets } = endpoint;
  const cache = createTokenCache({
    runtime: endpoint.runtime,
    refreshMarginMs: optionalDuration(options.refreshMarginMs, 'refreshMarginMs', DEFAULT_REFRESH_MARGIN_MS),
    obtain: () => requestToken(endpoint, { grantType: 'client_credentials', scopes }),
    redact: (text) => secrets.redact(text),
    ...(options.tokenStore
      ? {
          store: options.tokenStore,
          unusableStore: 'replace' as const,
          onLoaded: (tokens: TokenSet) => secrets.add(tokens.accessToken),
        }
      : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });

  return {
    kind: 'clientCredentials',
    rejectionAdvice:
      'Check the client ID and client secret, and that the client is still registered; or this API may not accept client-credentials tokens (the Carbon Emission Data API documents authorization code and personal access tokens only).',
    secrets,
    ...bearerFromCache(cache),
    refresh: () => cache.refresh(),
  };
}
