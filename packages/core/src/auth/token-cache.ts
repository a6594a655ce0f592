/**
 * The token lifecycle both OAuth strategies share: hand out the current access token, replace it early
 * (a margin before expiry by the runtime clock, so clock skew and latency never send a dead token), and
 * make every concurrent caller wait for ONE replacement (single flight) — with rotating refresh tokens a
 * second concurrent refresh would spend a retired token and revoke the grant (n8n #12742). A rejection
 * only replaces the token that was actually used, so a burst of 401s costs one token request.
 */
import { AuthenticationError, EcoStruxureError, ReauthorizationRequiredError } from '../errors/errors.js';
import type { Logger, Runtime } from '../runtime/runtime.js';
import { bearerOf, setBearer } from './bearer.js';
import type { AuthStrategy, TokenSet } from './types.js';

export const DEFAULT_REFRESH_MARGIN_MS = 60_000;

export interface TokenCacheOptions {
  runtime: Runtime;
  /** Replace the token this long before it expires. Capped at half the token's lifetime. */
  refreshMarginMs: number;
  /** Gets a new token set; `current` is the set being replaced (its refresh token, if any). */
  obtain(current: TokenSet | undefined): Promise<TokenSet>;
  /** Awaited with every new set before any caller gets it, so a rotated refresh token is saved first. */
  onTokens?: (tokens: TokenSet) => void | Promise<void>;
  initial?: TokenSet;
  logger?: Logger;
  redact: (text: string) => string;
}

export interface TokenCache {
  current(): TokenSet | undefined;
  /** Installs a set restored from storage (or none) and clears a re-authorization failure. */
  install(tokens: TokenSet | undefined): void;
  /** Installs a freshly issued set (e.g. from a code exchange) and awaits `onTokens` with it. */
  installIssued(tokens: TokenSet, obtainedAt: number): Promise<void>;
  /** A usable access token, replacing the current one first when it is missing or about to expire. */
  accessToken(): Promise<string>;
  /** Replaces the token now (joining a replacement already under way). */
  refresh(): Promise<TokenSet>;
  /** The API refused `usedAccessToken`: true when a different, fresh token is now available. */
  rejected(usedAccessToken: string | undefined): Promise<boolean>;
}

export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const { runtime, refreshMarginMs, logger, redact } = options;
  let tokens: TokenSet | undefined = options.initial;
  /** When the current set was requested; undefined for injected sets (lifetime unknown). */
  let obtainedAt: number | undefined;
  let flight: Promise<TokenSet> | undefined;
  /** Set when the grant is gone: every call fails fast with it until new tokens are installed. */
  let failure: ReauthorizationRequiredError | undefined;
  /** Bumped by install(), so a replacement started for an older grant does not overwrite a newer one. */
  let generation = 0;

  function dueForRefresh(set: TokenSet): boolean {
    if (set.expiresAt === undefined) return false;
    let margin = refreshMarginMs;
    // A margin longer than the token's life would refresh on every call.
    if (obtainedAt !== undefined) margin = Math.min(margin, (set.expiresAt - obtainedAt) / 2);
    return runtime.now() >= set.expiresAt - margin;
  }

  async function notify(set: TokenSet): Promise<void> {
    if (!options.onTokens) return;
    try {
      await options.onTokens(set);
    } catch (error) {
      // The new set stays in memory (nothing is lost while the process lives), but the caller must learn
      // that it was not saved: silently dropping a rotated refresh token is how grants die (n8n #25926).
      throw new AuthenticationError(
        'New tokens were received but saving them failed. They are kept in memory for now; fix the storage, or the credential will need reconnecting after a restart.',
        { cause: error, redact },
      );
    }
  }

  function refresh(): Promise<TokenSet> {
    if (failure) return Promise.reject(failure);
    if (flight) return flight;
    const startedGeneration = generation;
    const base = tokens;
    const run = async (): Promise<TokenSet> => {
      const startedAt = runtime.now();
      let next: TokenSet;
      try {
        next = await options.obtain(base);
      } catch (error) {
        if (error instanceof ReauthorizationRequiredError && startedGeneration === generation) {
          failure = error;
          tokens = undefined;
          obtainedAt = undefined;
        }
        throw error;
      }
      // Tokens installed meanwhile (a new authorization) win over this replacement.
      if (startedGeneration !== generation) return tokens ?? next;
      tokens = next;
      obtainedAt = startedAt;
      await notify(next);
      return next;
    };
    const current = run().finally(() => {
      if (flight === current) flight = undefined;
    });
    flight = current;
    return current;
  }

  async function accessToken(): Promise<string> {
    if (failure) throw failure;
    const before = tokens;
    if (!flight && before !== undefined && !dueForRefresh(before)) return before.accessToken;
    try {
      return (await refresh()).accessToken;
    } catch (error) {
      // An early replacement that failed for a passing reason (network, 5xx, 429) leaves a token that is
      // still valid for a while: use it rather than fail a request that would succeed.
      const stillValid =
        before !== undefined &&
        tokens === before &&
        before.expiresAt !== undefined &&
        runtime.now() < before.expiresAt;
      if (stillValid && error instanceof EcoStruxureError && error.retryable) {
        logger?.warn(
          redact(
            `Could not refresh the access token early (${error.message}); using the current one until it expires.`,
          ),
        );
        return before.accessToken;
      }
      throw error;
    }
  }

  async function rejected(usedAccessToken: string | undefined): Promise<boolean> {
    if (failure) throw failure;
    if (usedAccessToken === undefined) return false;
    if (flight) {
      await flight;
      return true;
    }
    // Someone already replaced the token this request used: replay with the current one.
    if (tokens !== undefined && tokens.accessToken !== usedAccessToken) return true;
    logger?.info('The API refused the access token; getting a new one.');
    await refresh();
    return true;
  }

  function install(set: TokenSet | undefined, at?: number): void {
    generation += 1;
    failure = undefined;
    tokens = set;
    obtainedAt = at;
  }

  async function installIssued(set: TokenSet, at: number): Promise<void> {
    install(set, at);
    await notify(set);
  }

  return {
    current: () => tokens,
    install: (set) => install(set),
    installIssued,
    accessToken,
    refresh,
    rejected,
  };
}

/**
 * The request side both OAuth strategies share: send the cached token as Bearer, and on a 401 or 403
 * replace it once (only if it is still the one that was used).
 */
export function bearerFromCache(
  cache: TokenCache,
): Pick<AuthStrategy, 'apply' | 'credentialOf' | 'handleRejected'> {
  return {
    async apply(request) {
      setBearer(request, await cache.accessToken());
    },
    credentialOf: bearerOf,
    async handleRejected(status, usedCredential) {
      if (status !== 401 && status !== 403) return false;
      return cache.rejected(usedCredential);
    },
  };
}
