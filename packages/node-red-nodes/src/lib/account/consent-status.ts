/**
 * The consent state the editor's account dialog shows and the nodes turn into their status: built in one
 * place, from the tokens held and whether the server refused them, whoever asks (a running account or
 * the status route reading the token file of an account not deployed yet).
 */
import type { TokenSet } from '@ecostruxure-connector/core';
import type { AuthType } from './settings.js';

export interface ConsentStatus {
  authType: AuthType;
  /** Tokens are held (authorization code), or the credential needs none (the other kinds). */
  authorized: boolean;
  /** The server refused the grant (consent revoked, refresh token expired): authorize again. */
  revoked: boolean;
  scopes: string[];
  /** When the current access token expires (epoch ms); it is renewed automatically while refreshable. */
  expiresAt?: number;
  refreshable: boolean;
}

/** The other kinds need no consent: they are as authorized as their credential is valid. */
export function consentWithoutTokens(authType: AuthType): ConsentStatus {
  return { authType, authorized: true, revoked: false, scopes: [], refreshable: false };
}

/** An authorization-code account's consent, from the tokens it holds (undefined: none yet or forgotten). */
export function consentOfTokens(tokens: TokenSet | undefined, revoked = false): ConsentStatus {
  return {
    authType: 'authorizationCode',
    authorized: tokens !== undefined && !revoked,
    revoked,
    scopes: tokens?.scope ? tokens.scope.split(' ') : [],
    ...(tokens?.expiresAt === undefined ? {} : { expiresAt: tokens.expiresAt }),
    refreshable: tokens?.refreshToken !== undefined,
  };
}
