/**
 * The credentials a user can configure, as one discriminated union, and the auth strategy each becomes.
 * Adapters pass what their credential form holds; which token URL applies is decided here, once.
 */
import { createApiKeyAuth, type ApiKeyPlacement } from '../auth/api-key.js';
import { createAuthorizationCodeAuth, type AuthorizationCodeAuth } from '../auth/authorization-code.js';
import { createClientCredentialsAuth } from '../auth/client-credentials.js';
import { createHostAppliedAuth } from '../auth/host-applied.js';
import { createPersonalAccessTokenAuth } from '../auth/personal-access-token.js';
import type { BasicCredentialsEncoding, ClientAuthenticationOption } from '../auth/token-request.js';
import type { HeldTokens, TokenStore } from '../seams/token-store.js';
import type { AuthStrategy, TokenSet } from '../seams/auth-strategy.js';
import type { Endpoints } from '../endpoints.js';
import { ValidationError } from '../errors/errors.js';
import type { SecretRegistry } from '../errors/redact.js';
import type { Transport } from '../seams/transport.js';
import type { Logger, Runtime } from '../seams/runtime.js';

export interface PersonalAccessTokenCredentials {
  kind: 'personalAccessToken';
  token: string;
}

export interface ApiKeyCredentials {
  kind: 'apiKey';
  apiKey: string;
  /** `query` (`?apikey=`, the gateway's documented form, the default) or `header` (`x-api-key`). */
  placement?: ApiKeyPlacement | undefined;
  queryParameter?: string | undefined;
  headerName?: string | undefined;
}

export interface ClientCredentialsCredentials {
  kind: 'clientCredentials';
  clientId: string;
  clientSecret: string;
  scopes?: string | readonly string[] | undefined;
  /** Which API the client belongs to, for the default token URL: `energyHub` for Energy Hub access clients. */
  api?: 'carbon' | 'energyHub' | undefined;
  /** Overrides the token URL the endpoints give. */
  tokenUrl?: string | undefined;
  /** `client_secret_basic` or `client_secret_post` (`basic`/`body` still work). */
  clientAuthentication?: ClientAuthenticationOption | undefined;
  /** `raw` (default) or `form-urlencoded`: try the other when a right secret gets invalid_client. */
  basicCredentialsEncoding?: BasicCredentialsEncoding | undefined;
}

export interface AuthorizationCodeCredentials {
  kind: 'authorizationCode';
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes?: string | readonly string[] | undefined;
  pkce?: boolean | undefined;
  /** Tokens restored from the host's own storage (a token store is the other way). */
  tokens?: TokenSet | undefined;
  onTokens?: ((tokens: TokenSet) => void | Promise<void>) | undefined;
  /** `client_secret_basic` or `client_secret_post` (`basic`/`body` still work). */
  clientAuthentication?: ClientAuthenticationOption | undefined;
  /** `raw` (default) or `form-urlencoded`: try the other when a right secret gets invalid_client. */
  basicCredentialsEncoding?: BasicCredentialsEncoding | undefined;
}

/** n8n sends and refreshes the credentials itself; core applies nothing. */
export interface HostAppliedCredentials {
  kind: 'hostApplied';
}

export type Credentials =
  | PersonalAccessTokenCredentials
  | ApiKeyCredentials
  | ClientCredentialsCredentials
  | AuthorizationCodeCredentials
  | HostAppliedCredentials;

export type CredentialsKind = Credentials['kind'];

export const CREDENTIALS_KINDS: readonly CredentialsKind[] = [
  'personalAccessToken',
  'apiKey',
  'clientCredentials',
  'authorizationCode',
  'hostApplied',
];

/**
 * The scopes every form offers by default: what the Carbon API's reads need, and for a customer's consent
 * also offline_access, so access is refreshed without asking the customer again.
 */
export const DEFAULT_SCOPES = {
  authorizationCode: 'read:site read:carbon-emission offline_access',
  clientCredentials: 'read:site read:carbon-emission',
} as const;

export interface StrategyContext {
  endpoints: Endpoints;
  transport: Transport;
  runtime: Runtime;
  secrets: SecretRegistry;
  logger?: Logger | undefined;
  /** Where OAuth tokens survive a restart (authorization code and client credentials). */
  tokenStore?: TokenStore | undefined;
}

/** The tokens an authorization-code strategy holds; the other kinds hold none the host could set. */
export function heldTokensOf(auth: AuthStrategy): HeldTokens | undefined {
  if (auth.kind !== 'authorizationCode') return undefined;
  // The one strategy of this kind (the kind is its discriminant).
  const code = auth as AuthorizationCodeAuth;
  return { current: () => code.currentTokens(), set: (tokens) => code.setTokens(tokens) };
}

export function strategyFor(credentials: Credentials, context: StrategyContext): AuthStrategy {
  const { endpoints, secrets } = context;
  // What both OAuth strategies take besides their own fields: how to reach and authenticate at the token URL.
  const tokenClient = (oauth: ClientCredentialsCredentials | AuthorizationCodeCredentials) => ({
    clientAuthentication: oauth.clientAuthentication,
    basicCredentialsEncoding: oauth.basicCredentialsEncoding,
    transport: context.transport,
    runtime: context.runtime,
    secrets,
    logger: context.logger,
    tokenStore: context.tokenStore,
  });
  if (typeof credentials !== 'object' || credentials === null) {
    throw new ValidationError({
      field: 'credentials',
      message: 'Credentials are missing: choose a credential type and fill it in.',
    });
  }
  switch (credentials.kind) {
    case 'personalAccessToken':
      return createPersonalAccessTokenAuth({ token: credentials.token, secrets });
    case 'apiKey':
      return createApiKeyAuth({
        apiKey: credentials.apiKey,
        placement: credentials.placement,
        queryParameter: credentials.queryParameter,
        headerName: credentials.headerName,
        secrets,
      });
    case 'clientCredentials':
      return createClientCredentialsAuth({
        tokenUrl:
          credentials.tokenUrl ??
          (credentials.api === 'energyHub' ? endpoints.energyHubToken : endpoints.token),
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        scopes: credentials.scopes,
        ...tokenClient(credentials),
      });
    case 'authorizationCode':
      return createAuthorizationCodeAuth({
        authorizeUrl: endpoints.authorize,
        tokenUrl: endpoints.token,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        redirectUri: credentials.redirectUri,
        scopes: credentials.scopes,
        pkce: credentials.pkce,
        tokens: credentials.tokens,
        onTokens: credentials.onTokens,
        ...tokenClient(credentials),
      });
    case 'hostApplied':
      return createHostAppliedAuth({ secrets });
    default:
      throw new ValidationError({
        field: 'credentials.kind',
        message: `Credential type "${String((credentials as { kind?: unknown }).kind)}" is not supported: choose one of ${CREDENTIALS_KINDS.join(', ')}.`,
      });
  }
}
