/**
 * The OAuth refresh: when a token is due for replacement, and how a refresh token is redeemed for a new
 * set. The token cache decides when to call it and makes concurrent callers share one refresh; the
 * token endpoint sends it.
 */
import { ReauthorizationRequiredError } from '../errors/errors.js';
import type { TokenSet } from '../seams/auth-strategy.js';
import { requestToken } from './token-endpoint.js';
import type { TokenEndpoint } from './token-request.js';

export const DEFAULT_REFRESH_MARGIN_MS = 60_000;

/**
 * True when `set` should be replaced now: a margin before it expires by the runtime clock, so clock skew
 * and latency never send a dead token. The margin is capped at half the token's lifetime when that is
 * known (`obtainedAt`): a margin longer than the token's life would refresh on every call.
 */
export function refreshIsDue(
  set: TokenSet,
  now: number,
  marginMs: number,
  obtainedAt: number | undefined,
): boolean {
  if (set.expiresAt === undefined) return false;
  let margin = marginMs;
  if (obtainedAt !== undefined) margin = Math.min(margin, (set.expiresAt - obtainedAt) / 2);
  return now >= set.expiresAt - margin;
}

/**
 * Redeems `current`'s refresh token (RFC 6749 §6). The server may keep the refresh token (none in the
 * response) and the scope; the new set then carries the old ones. Without a set or a refresh token only
 * the user can help: a ReauthorizationRequiredError saying what to do.
 */
export async function refreshTokenSet(
  endpoint: TokenEndpoint,
  current: TokenSet | undefined,
): Promise<TokenSet> {
  if (current === undefined) {
    throw new ReauthorizationRequiredError({
      message: 'Access is not authorized yet: authorize it (sign in and approve access) first.',
    });
  }
  if (current.refreshToken === undefined) {
    throw new ReauthorizationRequiredError({
      message:
        'The access token expired and there is no refresh token to renew it: authorize again (include the offline_access scope for long-lived access).',
    });
  }
  const next = await requestToken(endpoint, {
    grantType: 'refresh_token',
    refreshToken: current.refreshToken,
  });
  return {
    ...next,
    refreshToken: next.refreshToken ?? current.refreshToken,
    ...(next.scope === undefined && current.scope !== undefined ? { scope: current.scope } : {}),
  };
}
