/**
 * The token lifecycle both OAuth strategies share: hand out the current access token, replace it early
 * (a margin before expiry by the runtime clock, so clock skew and latency never send a dead token), and
 * make every concurrent caller wait for ONE replacement (single flight) — with rotating refresh tokens a
 * second concurrent refresh would spend a retired token and revoke the grant (n8n #12742). A rejection
 * only replaces the token that was actually used, so a burst of 401s costs one token request. With a
 * TokenStore the saved set is loaded once before the first token is handed out, and every change is saved
 * (in order, one write at a time) before anyone can use it.
 */
import { AuthenticationError, EcoStruxureError, ReauthorizationRequiredError } from '../errors/errors.js';
import type { Logger, Runtime } from '../seams/runtime.js';
import { bearerOf, setBearer } from './bearer.js';
import { refreshIsDue } from './refresh.js';
import { TokenStoreError, type TokenStore } from '../seams/token-store.js';
import { looksLikeTokenProblem } from '../seams/response-signals.js';
import type { AuthStrategy, TokenSet } from '../seams/auth-strategy.js';

export interface TokenCacheOptions {
  runtime: Runtime;
  /** Replace the token this long before it expires. Capped at half the token's lifetime. */
  refreshMarginMs: number;
  /** Gets a new token set; `current` is the set being replaced (its refresh token, if any). */
  obtain(current: TokenSet | undefined): Promise<TokenSet>;
  /** Awaited with every new set before any caller gets it, so a rotated refresh token is saved first. */
  onTokens?: (tokens: TokenSet) => void | Promise<void>;
  /** Loaded once before the first token is handed out (a set found there wins over `initial`). */
  store?: TokenStore;
  /**
   * When the store holds an unusable set: `fail` (default) fails every call with its error until new tokens
   * are installed, since only the user can authorize again; `replace` warns and obtains a new set, whose
   * save overwrites the unusable one (right when no user is needed to get tokens).
   */
  unusableStore?: 'fail' | 'replace';
  /** Sees every set read from the store before it is used (to register its secrets for redaction). */
  onLoaded?: (tokens: TokenSet) => void;
  initial?: TokenSet;
  logger?: Logger;
  redact: (text: string) => string;
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
  const { runtime, refreshMarginMs, logger, redact } = options;
  let tokens: TokenSet | undefined = options.initial;
  /** When the current set was requested; undefined for injected sets (lifetime unknown). */
  let obtainedAt: number | undefined;
  let flight: Promise<TokenSet> | undefined;
  /** Set when the grant is gone: every call fails fast with it until new tokens are installed. */
  let failure: ReauthorizationRequiredError | undefined;
  /** Bumped by install(), so a replacement started for an older grant does not overwrite a newer one. */
  let generation = 0;
  /** The one load of the store (single flight); settled at once when there is no store. */
  let loading: Promise<void> | undefined = options.store ? undefined : Promise.resolve();
  let loaded = options.store === undefined;
  /** The last save in the queue: each save starts when the one before it has settled. */
  let saving: Promise<void> = Promise.resolve();

  function load(): Promise<void> {
    loading ??= loadStored().finally(() => {
      loaded = true;
    });
    return loading;
  }

  async function loadStored(): Promise<void> {
    const store = options.store;
    if (!store) return;
    const startedGeneration = generation;
    let stored: TokenSet | undefined;
    try {
      stored = await store.load();
    } catch (error) {
      // Tokens installed meanwhile (a new authorization) make the stored ones irrelevant.
      if (startedGeneration !== generation) return;
      const unusable =
        error instanceof ReauthorizationRequiredError
          ? error
          : new TokenStoreError({
              reason: 'unreadable',
              message: 'The saved tokens could not be loaded.',
              description: 'Fix the token storage, or authorize again.',
              cause: error,
              redact,
            });
      if (options.unusableStore === 'replace') {
        logger?.warn(redact(`The saved token could not be used (${unusable.message}); getting a new one.`));
        return;
      }
      // Never an empty store in disguise: every call fails with the reason until new tokens are installed.
      failure = unusable;
      tokens = undefined;
      return;
    }
    if (stored === undefined || startedGeneration !== generation) return;
    options.onLoaded?.(stored);
    tokens = stored;
    obtainedAt = undefined;
  }

  /** Queues a save: never two at once, and in the order they were asked for. */
  function persist(set: TokenSet | undefined, reportToHost: boolean): Promise<void> {
    const write = saving.then(() => save(set, reportToHost));
    saving = write.catch(() => undefined);
    return write;
  }

  async function save(set: TokenSet | undefined, reportToHost: boolean): Promise<void> {
    try {
      await options.store?.save(set);
      if (set !== undefined && reportToHost) await options.onTokens?.(set);
    } catch (error) {
      // The new set stays in memory (nothing is lost while the process lives), but the caller must learn
      // that it was not saved: silently dropping a rotated refresh token is how grants die (n8n #25926).
      throw new AuthenticationError({
        ...{ cause: error, redact },
        message:
          set === undefined
            ? 'The saved tokens could not be removed: fix the token storage (or delete it), or they are used again after a restart.'
            : 'New tokens were received but saving them failed. They are kept in memory for now; fix the storage, or access will need authorizing again after a restart.',
      });
    }
  }

  function refresh(): Promise<TokenSet> {
    if (!loaded) return load().then(refresh);
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
          // The saved grant is dead too: a restart must not present its retired refresh token again.
          if (options.store)
            await persist(undefined, false).catch((clearError: unknown) => warnNotCleared(clearError));
        }
        throw error;
      }
      // Tokens installed meanwhile (a new authorization) win over this replacement.
      if (startedGeneration !== generation) return tokens ?? next;
      tokens = next;
      obtainedAt = startedAt;
      await persist(next, true);
      return next;
    };
    const current = run().finally(() => {
      if (flight === current) flight = undefined;
    });
    flight = current;
    return current;
  }

  function warnNotCleared(error: unknown): void {
    const reason = error instanceof Error ? error.message : 'unknown error';
    logger?.warn(redact(`${reason} The grant is gone either way: authorize again.`));
  }

  async function accessToken(): Promise<string> {
    if (!loaded) await load();
    if (failure) throw failure;
    const before = tokens;
    if (!flight && before !== undefined && !refreshIsDue(before, runtime.now(), refreshMarginMs, obtainedAt))
      return before.accessToken;
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

  function replace(set: TokenSet | undefined, at?: number): void {
    generation += 1;
    failure = undefined;
    tokens = set;
    obtainedAt = at;
    // Installed tokens are newer than anything saved: the store is not read any more.
    loading ??= Promise.resolve();
    loaded = true;
  }

  async function installIssued(set: TokenSet, at: number): Promise<void> {
    replace(set, at);
    await persist(set, true);
  }

  return {
    current: () => tokens,
    async install(set) {
      replace(set);
      if (options.store) await persist(set, false);
    },
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
    async handleRejected(status, usedCredential, response) {
      if (status !== 401 && status !== 403) return false;
      // A 403 only means "stale token" when the answer says so: gateways that answer 403 to expired
      // tokens would otherwise fail for an hour (n8n #17450), while a missing scope must not refresh.
      if (status === 403 && response !== undefined && !looksLikeTokenProblem(response)) return false;
      return cache.rejected(usedCredential);
    },
  };
}
