/**
 * Authorization code (ISV apps acting for a customer who approved a consent): builds the authorization URL
 * with `state` and PKCE, exchanges the returned code, and keeps the access token fresh with the refresh
 * token — early, once for all concurrent callers, keeping the old refresh token when the server sends none
 * and the new one when it rotates. Every new token set goes to `onTokens` (awaited before the new token is
 * handed out) so adapters persist a rotated refresh token before anything can lose it (n8n #25926); a
 * `tokenStore` does the same and also restores the set after a restart. When
 * the grant is gone (consent revoked, refresh token expired or reused) every call fails fast with one
 * ReauthorizationRequiredError until new tokens are set: no retry storm against the token endpoint.
 */
import { DEFAULT_ENDPOINTS } from '../endpoints.js';
import { AuthenticationError, ValidationError } from '../errors/errors.js';
import type { SecretRegistry } from '../errors/redact.js';
import { createPkcePair, createState, isValidCodeVerifier, type RandomBytesSource } from './pkce.js';
import { DEFAULT_REFRESH_MARGIN_MS, refreshTokenSet } from './refresh.js';
import { bearerFromCache, createTokenCache } from './token-cache.js';
import { requestToken, resolveTokenEndpoint, type TokenClientOptions } from './token-endpoint.js';
import type { TokenEndpoint } from './token-request.js';
import type { TokenStore } from '../seams/token-store.js';
import type { AuthStrategy, TokenSet } from '../seams/auth-strategy.js';
import { normalizeScopes, optionalDuration, requireHttpUrl, requireText } from '../seams/validate.js';

export interface AuthorizationCodeAuthOptions extends TokenClientOptions {
  /** e.g. `https://api.exchange.se.com/ecostruxure/v1/oauth/authorize`. */
  authorizeUrl: string;
  /** Must equal a redirect URI registered for the app, exactly. */
  redirectUri: string;
  /** A list or a space-separated string, e.g. `read:site read:carbon-emission offline_access`. */
  scopes?: readonly string[] | string;
  /** Send a PKCE S256 challenge (and require the verifier on exchange). Default true. */
  pkce?: boolean;
  /** A token set restored from storage, to continue without a new authorization. */
  tokens?: TokenSet;
  /** Called (and awaited) with every new token set: after the code exchange and after each refresh. */
  onTokens?: (tokens: TokenSet) => void | Promise<void>;
  /**
   * Loaded before the first request (a saved set wins over `tokens`) and given every new set before it is
   * used; cleared when the grant is gone. An unusable saved set fails every call with a TokenStoreError
   * until the customer authorizes again.
   */
  tokenStore?: TokenStore;
  /** Random bytes for `state` and the PKCE verifier. Default: the `crypto` module. */
  randomBytes?: RandomBytesSource;
}

/** What the adapter keeps until the callback arrives (`state` and `codeVerifier` are per request). */
export interface AuthorizationRequest {
  url: string;
  state: string;
  /** Present when PKCE is on; pass it to `exchangeCode`. */
  codeVerifier?: string;
}

export interface ExchangeCodeInput {
  code: string;
  /** The `state` the callback carried. */
  state: string | undefined;
  /** The `state` of the authorization request this callback should answer. */
  expectedState: string;
  codeVerifier?: string;
  /** Default: the strategy's redirect URI (it must be the one used in the authorization request). */
  redirectUri?: string;
}

export interface AuthorizationCodeAuth extends AuthStrategy {
  readonly kind: 'authorizationCode';
  readonly scopes: readonly string[];
  /** A new authorization URL with a fresh `state` (and PKCE verifier) to send the customer to. */
  createAuthorizationRequest(options?: {
    scopes?: readonly string[] | string;
    extraParameters?: Record<string, string>;
  }): AuthorizationRequest;
  /** Checks `state`, redeems the code, reports the tokens to `onTokens` and starts using them. */
  exchangeCode(input: ExchangeCodeInput): Promise<TokenSet>;
  /**
   * Replaces the token set (e.g. restored from storage, or undefined to disconnect) at once; the promise
   * settles when the token store holds the change (await it when there is a store).
   */
  setTokens(tokens: TokenSet | undefined): Promise<void>;
  /** The set in memory; with a token store, undefined until the first request has loaded it. */
  currentTokens(): TokenSet | undefined;
  /** Refreshes now (joining a refresh already under way). */
  refresh(): Promise<TokenSet>;
}

export interface AuthorizationResponse {
  code: string;
  state: string | undefined;
}

/**
 * Reads the redirect the customer's browser came back with: the code and state, or the refusal
 * (`error=access_denied` when the customer pressed Deny) as a typed error.
 */
export function readAuthorizationResponse(callbackUrl: string | URL): AuthorizationResponse {
  const url = typeof callbackUrl === 'string' ? new URL(callbackUrl, 'http://localhost') : callbackUrl;
  const params = url.searchParams;
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description');
    const said = description ? ` The server said: "${description}".` : '';
    if (error === 'access_denied') {
      throw new AuthenticationError({
        message: `Access was denied on the consent page (access_denied): connect again and approve access.${said}`,
      });
    }
    throw new AuthenticationError({
      message: `The authorization failed (${error}): check the scopes, the redirect URI and the app registration, then connect again.${said}`,
    });
  }
  const code = params.get('code');
  if (code === null || code === '') {
    throw new ValidationError({
      field: 'code',
      message: 'The callback carries no authorization code: start the authorization again.',
    });
  }
  return { code, state: params.get('state') ?? undefined };
}

export function createAuthorizationCodeAuth(options: AuthorizationCodeAuthOptions): AuthorizationCodeAuth {
  const endpoint = resolveTokenEndpoint(options, DEFAULT_ENDPOINTS.token, 'client_secret_post');
  const settings = authorizationSettings(options, endpoint);
  const { redirectUri, usePkce } = settings;
  const scopes = normalizeScopes(options.scopes);
  const { secrets } = endpoint;
  const redact = (text: string) => secrets.redact(text);
  if (options.tokens) registerTokens(options.tokens);

  function registerTokens(tokens: TokenSet): void {
    secrets.add(tokens.accessToken);
    secrets.add(tokens.refreshToken);
  }

  const cache = createTokenCache({
    runtime: endpoint.runtime,
    refreshMarginMs: optionalDuration(options.refreshMarginMs, 'refreshMarginMs', DEFAULT_REFRESH_MARGIN_MS),
    redact,
    ...(options.tokens ? { initial: options.tokens } : {}),
    ...(options.onTokens ? { onTokens: options.onTokens } : {}),
    ...(options.tokenStore ? { store: options.tokenStore, onLoaded: registerTokens } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    obtain: (current) => refreshTokenSet(endpoint, current),
  });

  return {
    kind: 'authorizationCode',
    rejectionAdvice:
      'Authorize again (sign in and approve access): the consent may have been revoked or the tokens expired.',
    scopes,
    secrets,

    ...bearerFromCache(cache),

    createAuthorizationRequest: (requestOptions = {}) =>
      authorizationRequest(settings, {
        scopes: requestOptions.scopes === undefined ? scopes : normalizeScopes(requestOptions.scopes),
        extraParameters: requestOptions.extraParameters ?? {},
      }),

    async exchangeCode(input) {
      const callback = checkedCallback(input, usePkce, redirectUri);
      const startedAt = endpoint.runtime.now();
      const tokens = await requestToken(endpoint, { grantType: 'authorization_code', ...callback });
      await cache.installIssued(tokens, startedAt);
      return tokens;
    },

    setTokens(tokens) {
      if (tokens) registerTokens(tokens);
      return cache.install(tokens);
    },
    currentTokens: () => cache.current(),
    refresh: () => cache.refresh(),
  };
}

interface AuthorizationSettings {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  usePkce: boolean;
  random: RandomBytesSource | undefined;
  secrets: SecretRegistry;
}

/** Where the customer is sent and comes back to, checked before anything else happens. */
function authorizationSettings(
  options: AuthorizationCodeAuthOptions,
  endpoint: TokenEndpoint,
): AuthorizationSettings {
  return {
    authorizeUrl: requireHttpUrl(
      options.authorizeUrl,
      'authorizeUrl',
      'Authorization URL',
      DEFAULT_ENDPOINTS.authorize,
    ),
    clientId: endpoint.clientId,
    redirectUri: requireHttpUrl(
      options.redirectUri,
      'redirectUri',
      'Redirect URI',
      'http://localhost:5678/rest/oauth2-credential/callback',
    ),
    usePkce: options.pkce ?? true,
    random: options.randomBytes,
    secrets: endpoint.secrets,
  };
}

/** A new authorization URL with a fresh `state` (and PKCE verifier, registered as a secret). */
function authorizationRequest(
  settings: AuthorizationSettings,
  requested: { scopes: readonly string[]; extraParameters: Record<string, string> },
): AuthorizationRequest {
  const url = new URL(settings.authorizeUrl);
  const state = createState(settings.random);
  // Extra parameters first, so they cannot override the ones that protect the flow.
  for (const [key, value] of Object.entries(requested.extraParameters)) url.searchParams.set(key, value);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', settings.redirectUri);
  if (requested.scopes.length > 0) url.searchParams.set('scope', requested.scopes.join(' '));
  url.searchParams.set('state', state);
  const request: AuthorizationRequest = { url: '', state };
  if (settings.usePkce) {
    const pkce = createPkcePair(settings.random);
    settings.secrets.add(pkce.codeVerifier);
    url.searchParams.set('code_challenge', pkce.codeChallenge);
    url.searchParams.set('code_challenge_method', pkce.codeChallengeMethod);
    request.codeVerifier = pkce.codeVerifier;
  }
  request.url = url.href;
  return request;
}

/** The callback's code, checked against the request it must answer, as the grant's fields. */
function checkedCallback(
  input: ExchangeCodeInput,
  usePkce: boolean,
  redirectUri: string,
): { code: string; redirectUri: string; codeVerifier?: string } {
  const code = requireText(input.code, 'code', 'Authorization code', 'the code from the callback URL');
  const expectedState = requireText(
    input.expectedState,
    'expectedState',
    'Expected state',
    'the state returned with the authorization URL',
  );
  if (input.state !== expectedState) {
    // A callback for another (or a forged) authorization request: redeeming it would connect the wrong
    // account, or let an attacker inject theirs (RFC 6749 §10.12).
    throw new ValidationError({
      field: 'state',
      message:
        'The callback does not belong to this authorization request (state mismatch): start the authorization again.',
    });
  }
  if (usePkce && input.codeVerifier === undefined) {
    throw new ValidationError({
      field: 'codeVerifier',
      message:
        'The PKCE code verifier is missing: pass the codeVerifier returned with the authorization URL.',
    });
  }
  if (input.codeVerifier !== undefined && !isValidCodeVerifier(input.codeVerifier)) {
    throw new ValidationError({
      field: 'codeVerifier',
      message:
        'The PKCE code verifier is malformed (43 to 128 letters, digits or -._~): pass the one returned with the authorization URL.',
    });
  }
  const callbackRedirectUri =
    input.redirectUri === undefined
      ? redirectUri
      : requireHttpUrl(input.redirectUri, 'redirectUri', 'Redirect URI', redirectUri);
  return {
    code,
    redirectUri: callbackRedirectUri,
    ...(input.codeVerifier === undefined ? {} : { codeVerifier: input.codeVerifier }),
  };
}
