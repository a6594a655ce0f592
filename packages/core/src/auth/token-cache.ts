/**
 * The token lifecycle both OAuth strategies share: hand out the current access token, replace it early
 * (a margin before expiry by the runtime clock, so clock skew and latency never send a dead token), and
 * make every concurrent caller wait for ONE replacement (single flight) — with rotating refresh tokens a
 * second concurrent refresh would spend a retired token and revoke the grant (n8n #12742). A rejection
 * only replaces the token that was actually used, so a burst of 401s costs one token request. With a
 * TokenStore the saved set is loaded once before the first token is handed out, and every change is saved
 * (in order, one write at a time) before anyone can use it.
 */
import { EcoStruxureError, ReauthorizationRequiredError } from '../errors/errors.js';
import type { Runtime } from '../seams/runtime.js';
import { bearerOf, setBearer } from './bearer.js';
import { refreshIsDue } from './refresh.js';
import {
  createTokenStorage,
  type CacheState,
  type TokenStorage,
  type TokenStorageOptions,
} from './token-storage.js';
import { looksLikeTokenProblem } from '../seams/response-signals.js';
import type { AuthStrategy, TokenSet } from '../seams/auth-strategy.js';

export interface TokenCacheOptions extends TokenStorageOptions {
  runtime: Runtime;
  /** Replace the token this long before it expires. Capped at half the token's lifetime. */
  refreshMarginMs: number;
  /** Gets a new token set; `current` is the set being replaced (its refresh token, if any). */
  obtain(current: TokenSet | undefined): Promise<TokenSet>;
  initial?: TokenSet;
}

export interface TokenCache {
  /** The set in memory (before the store has been loaded: `initial`, or none). */
  current(): TokenSet | undefined;
  /**
   * Installs a set restored from storage (or none) and clears a re-authorization failure; the promise
   * settles when the store holds it too (`undefined` forgets the saved set).
   */
  install(tokens: TokenSet | undefined): Promise<void>;
  /** Installs a freshly issued set (e.g. from a code exchange); saves it and awaits `onTokens` with it. */
  installIssued(tokens: TokenSet, obtainedAt: number): Promise<void>;
  /** A usable access token, replacing the current one first when it is missing or about to expire. */
  accessToken(): Promise<string>;
  /** Replaces the token now (joining a replacement already under way). */
  refresh(): Promise<TokenSet>;
  /** The API refused `usedAccessToken`: true when a different, fresh token is now available. */
  rejected(usedAccessToken: string | undefined): Promise<boolean>;
}

export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const state: CacheState = {
    tokens: options.initial,
    obtainedAt: undefined,
    failure: undefined,
    generation: 0,
  };
  const storage = createTokenStorage(options, state);
  let flight: Promise<TokenSet> | undefined;

  /** Replaces the token now; every caller meanwhile joins the one replacement under way. */
  function refresh(): Promise<TokenSet> {
    if (!storage.loaded) return storage.load().then(refresh);
    if (state.failure) return Promise.reject(state.failure);
    if (flight) return flight;
    const current = replaceToken(options, state, storage).finally(() => {
      if (flight === current) flight = undefined;
    });
    flight = current;
    return current;
  }

  async function accessToken(): Promise<string> {
    if (!storage.loaded) await storage.load();
    if (state.failure) throw state.failure;
    const before = state.tokens;
    if (!flight && isFresh(options, state, before)) return before.accessToken;
    try {
      return (await refresh()).accessToken;
    } catch (error) {
      if (before !== undefined && stillUsable(options, state, before, error)) return before.accessToken;
      throw error;
    }
  }

  async function rejected(usedAccessToken: string | undefined): Promise<boolean> {
    if (state.failure) throw state.failure;
    if (usedAccessToken === undefined) return false;
    if (flight) {
      await flight;
      return true;
    }
    // Someone already replaced the token this request used: replay with the current one.
    if (state.tokens !== undefined && state.tokens.accessToken !== usedAccessToken) return true;
    options.logger?.info('The API refused the access token; getting a new one.');
    await refresh();
    return true;
  }

  return {
    current: () => state.tokens,
    async install(set) {
      replaceGrant(state, storage, set);
      if (options.store) await storage.persist(set, false);
    },
    async installIssued(set, at) {
      replaceGrant(state, storage, set, at);
      await storage.persist(set, true);
    },
    accessToken,
    refresh,
    rejected,
  };
}

/** A token that is not due for replacement yet (by the runtime clock, with the margin). */
function isFresh(
  options: TokenCacheOptions,
  state: CacheState,
  tokens: TokenSet | undefined,
): tokens is TokenSet {
  return (
    tokens !== undefined &&
    !refreshIsDue(tokens, options.runtime.now(), options.refreshMarginMs, state.obtainedAt)
  );
}

/**
 * Installs a set from outside (a new authorization, or one restored): it wins over a replacement under
 * way (the generation moves on), clears a re-authorization failure and makes loading the store moot.
 */
function replaceGrant(
  state: CacheState,
  storage: TokenStorage,
  set: TokenSet | undefined,
  at?: number,
): void {
  state.generation += 1;
  state.failure = undefined;
  state.tokens = set;
  state.obtainedAt = at;
  storage.skipLoad();
}

/** One replacement: obtain a new set, and keep it (saved first) unless a newer grant was installed meanwhile. */
async function replaceToken(
  options: TokenCacheOptions,
  state: CacheState,
  storage: TokenStorage,
): Promise<TokenSet> {
  const startedGeneration = state.generation;
  const startedAt = options.runtime.now();
  let next: TokenSet;
  try {
    next = await options.obtain(state.tokens);
  } catch (error) {
    if (error instanceof ReauthorizationRequiredError && startedGeneration === state.generation) {
      state.failure = error;
      state.tokens = undefined;
      state.obtainedAt = undefined;
      // The saved grant is dead too: a restart must not present its retired refresh token again.
      if (options.store)
        await storage
          .persist(undefined, false)
          .catch((clearError: unknown) => warnNotCleared(options, clearError));
    }
    throw error;
  }
  // Tokens installed meanwhile (a new authorization) win over this replacement.
  if (startedGeneration !== state.generation) return state.tokens ?? next;
  state.tokens = next;
  state.obtainedAt = startedAt;
  await storage.persist(next, true);
  return next;
}

function warnNotCleared(options: TokenCacheOptions, error: unknown): void {
  const reason = error instanceof Error ? error.message : 'unknown error';
  options.logger?.warn(options.redact(`${reason} The grant is gone either way: authorize again.`));
}

/**
 * An early replacement that failed for a passing reason (network, 5xx, 429) leaves a token that is still
 * valid for a while: use it (saying so) rather than fail a request that would succeed.
 */
function stillUsable(
  options: TokenCacheOptions,
  state: CacheState,
  before: TokenSet,
  error: unknown,
): boolean {
  const stillValid =
    state.tokens === before && before.expiresAt !== undefined && options.runtime.now() < before.expiresAt;
  if (!stillValid || !(error instanceof EcoStruxureError) || !error.retryable) return false;
  options.logger?.warn(
    options.redact(
      `Could not refresh the access token early (${error.message}); using the current one until it expires.`,
    ),
  );
  return true;
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
    async handleRejected(status, usedCredential, response) {
      if (status !== 401 && status !== 403) return false;
      // A 403 only means "stale token" when the answer says so: gateways that answer 403 to expired
      // tokens would otherwise fail for an hour (n8n #17450), while a missing scope must not refresh.
      if (status === 403 && response !== undefined && !looksLikeTokenProblem(response)) return false;
      return cache.rejected(usedCredential);
    },
  };
}
