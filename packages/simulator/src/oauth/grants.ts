/** The token endpoint's grants: each takes the request parameters and the client, and answers tokens. */
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { GrantType, OAuthClientConfig, ResolvedSimulatorOptions } from '../options.js';
import { OAuthError } from './errors.js';
import { param, type Params } from './params.js';
import { isWellFormedVerifier, verifierMatches } from './pkce.js';
import { disallowedScopes, formatScope, parseScope } from './scopes.js';
import type { AuthStore, Grant } from './store.js';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

export interface GrantDeps {
  store: AuthStore;
  clock: Clock;
  options: ResolvedSimulatorOptions;
  /** True when an injected `omit-refresh-token` fault hits this refresh request. */
  omitsRefreshToken: (request: FastifyRequest) => boolean;
}

export const SUPPORTED_GRANT_TYPES: readonly GrantType[] = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
];

function required(params: Params, name: string): string {
  const value = param(params, name);
  if (value === undefined) throw new OAuthError('invalid_request', `Missing required parameter: ${name}.`);
  return value;
}

function refreshTtlSeconds(options: ResolvedSimulatorOptions, scopes: readonly string[]): number {
  return scopes.includes('offline_access')
    ? options.offlineRefreshTokenTtlSeconds
    : options.refreshTokenTtlSeconds;
}

function customerTokens(
  deps: GrantDeps,
  client: OAuthClientConfig,
  grant: Grant,
  accessScopes: string[],
  withRefreshToken: boolean,
): TokenResponse {
  const { store, options } = deps;
  const response: TokenResponse = {
    access_token: store.issueAccessToken({
      kind: 'customer-grant',
      audience: 'carbon',
      clientId: client.clientId,
      grantId: grant.id,
      scopes: accessScopes,
      ttlSeconds: options.accessTokenTtlSeconds,
    }),
    token_type: 'Bearer',
    expires_in: options.accessTokenTtlSeconds,
    scope: formatScope(accessScopes),
  };
  if (withRefreshToken) {
    response.refresh_token = store.issueRefreshToken({
      clientId: client.clientId,
      grantId: grant.id,
      scopes: grant.scopes,
      ttlSeconds: refreshTtlSeconds(options, grant.scopes),
    });
  }
  return response;
}

export function authorizationCodeGrant(
  deps: GrantDeps,
  client: OAuthClientConfig,
  params: Params,
): TokenResponse {
  const { store, clock } = deps;
  const code = required(params, 'code');
  const redirectUri = required(params, 'redirect_uri');
  const verifier = param(params, 'code_verifier');
  const record = store.findCode(code);
  if (!record || record.clientId !== client.clientId) {
    throw new OAuthError(
      'invalid_grant',
      'The authorization code is unknown or was issued to another client.',
    );
  }
  if (record.used) {
    // A second redemption means the code leaked: whatever the first one issued can no longer be trusted.
    store.revokeGrant(record.grantId, 'Authorization code used twice');
    throw new OAuthError('invalid_grant', 'The authorization code was already used; its grant is revoked.');
  }
  if (record.expiresAt <= clock.now())
    throw new OAuthError('invalid_grant', 'The authorization code has expired.');
  if (record.redirectUri !== redirectUri) {
    throw new OAuthError(
      'invalid_grant',
      'redirect_uri does not match the one of the authorization request.',
    );
  }
  if (record.codeChallenge === undefined) {
    // A verifier without a challenge is the PKCE downgrade attack (RFC 9700 §2.1.1).
    if (verifier !== undefined) {
      throw new OAuthError(
        'invalid_grant',
        'code_verifier was sent but the authorization request had no code_challenge.',
      );
    }
  } else {
    if (verifier === undefined)
      throw new OAuthError('invalid_request', 'Missing required parameter: code_verifier.');
    if (!isWellFormedVerifier(verifier)) {
      throw new OAuthError('invalid_request', 'code_verifier must be 43 to 128 unreserved characters.');
    }
    if (!verifierMatches(verifier, record.codeChallenge)) {
      throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge.');
    }
  }
  const grant = store.grant(record.grantId);
  if (!grant || grant.revoked)
    throw new OAuthError('invalid_grant', 'The consent behind this code was revoked.');
  record.used = true;
  return customerTokens(deps, client, grant, grant.scopes, client.grantTypes.includes('refresh_token'));
}

export function refreshTokenGrant(
  deps: GrantDeps,
  client: OAuthClientConfig,
  params: Params,
  request: FastifyRequest,
): TokenResponse {
  const { store, options } = deps;
  const presented = required(params, 'refresh_token');
  const record = store.findRefreshToken(presented);
  if (!record || record.clientId !== client.clientId) {
    throw new OAuthError('invalid_grant', 'The refresh token is unknown or was issued to another client.');
  }
  const grant = store.grant(record.grantId);
  if (!grant || grant.revoked)
    throw new OAuthError('invalid_grant', 'The consent behind this refresh token was revoked.');
  if (record.retired) {
    // Rotation retired this token, so two parties hold it: revoke the grant for both (RFC 9700 §4.14.2).
    store.revokeGrant(grant.id, 'Refresh token reused after rotation');
    throw new OAuthError('invalid_grant', 'The refresh token was already used; its grant is revoked.');
  }
  if (!store.isLive(record)) throw new OAuthError('invalid_grant', 'The refresh token has expired.');

  const requested = param(params, 'scope');
  const scopes = requested === undefined ? grant.scopes : parseScope(requested);
  const wider = scopes.filter((scope) => !record.scopes.includes(scope));
  if (scopes.length === 0 || wider.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `The requested scope exceeds the grant: ${wider.join(' ') || '(empty)'}.`,
    );
  }
  // Without rotation (switched off, the next refreshes told to omit it, or an omit-refresh-token fault) no
  // new refresh token is issued and the presented one stays valid. Faults are asked only once the refresh
  // is known to succeed, so a rule's `count` counts answered refreshes.
  const omit = store.takeOmitRefreshToken() || deps.omitsRefreshToken(request);
  const rotate = !omit && options.rotateRefreshTokens;
  if (rotate) record.retired = true;
  return customerTokens(deps, client, grant, scopes, rotate);
}

export function clientCredentialsGrant(
  deps: GrantDeps,
  client: OAuthClientConfig,
  params: Params,
): TokenResponse {
  const { store, options } = deps;
  const requested = param(params, 'scope');
  // The partner documentation asks for `scope=all`: every scope the client is registered for.
  const scopes = requested === undefined || requested === 'all' ? [...client.scopes] : parseScope(requested);
  const refused = disallowedScopes(scopes, client.scopes);
  if (scopes.length === 0 || refused.length > 0) {
    throw new OAuthError('invalid_scope', `The client may not request: ${refused.join(' ') || '(empty)'}.`);
  }
  return {
    access_token: store.issueAccessToken({
      kind: 'client',
      audience: 'carbon',
      clientId: client.clientId,
      scopes,
      ttlSeconds: options.accessTokenTtlSeconds,
    }),
    token_type: 'Bearer',
    expires_in: options.accessTokenTtlSeconds,
    scope: formatScope(scopes),
  };
}
