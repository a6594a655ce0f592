/**
 * The token cache's side of a TokenStore: the saved set read once (whatever happens, one read however
 * many callers start together), and saves queued one at a time, in the order they were asked for. A set
 * that cannot be used is never an empty store in disguise: it becomes the failure every call reports.
 */
import { AuthenticationError, ReauthorizationRequiredError } from '../errors/errors.js';
import type { TokenSet } from '../seams/auth-strategy.js';
import type { Logger } from '../seams/runtime.js';
import { TokenStoreError, type TokenStore } from '../seams/token-store.js';

export interface TokenStorageOptions {
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
  logger?: Logger;
  redact: (text: string) => string;
}

/** What the cache holds; the storage side reads and writes it. */
export interface CacheState {
  tokens: TokenSet | undefined;
  /** When the current set was requested; undefined for injected sets (lifetime unknown). */
  obtainedAt: number | undefined;
  /** Set when the grant is gone: every call fails fast with it until new tokens are installed. */
  failure: ReauthorizationRequiredError | undefined;
  /** Bumped by every install, so work started for an older grant does not overwrite a newer one. */
  generation: number;
}

export interface TokenStorage {
  /** True once the saved set was read (at once when there is no store). */
  readonly loaded: boolean;
  /** Reads the saved set into the state, once. */
  load(): Promise<void>;
  /** Installed tokens are newer than anything saved: the store is not read any more. */
  skipLoad(): void;
  /** Queues a save; `reportToHost` also awaits `onTokens` with the set. */
  persist(set: TokenSet | undefined, reportToHost: boolean): Promise<void>;
}

export function createTokenStorage(options: TokenStorageOptions, state: CacheState): TokenStorage {
  let loading: Promise<void> | undefined = options.store ? undefined : Promise.resolve();
  let loaded = options.store === undefined;
  /** The last save in the queue: each save starts when the one before it has settled. */
  let saving: Promise<void> = Promise.resolve();
  return {
    get loaded() {
      return loaded;
    },
    load() {
      loading ??= loadStored(options, state).finally(() => {
        loaded = true;
      });
      return loading;
    },
    skipLoad() {
      loading ??= Promise.resolve();
      loaded = true;
    },
    persist(set, reportToHost) {
      const write = saving.then(() => save(options, set, reportToHost));
      saving = write.catch(() => undefined);
      return write;
    },
  };
}

async function loadStored(options: TokenStorageOptions, state: CacheState): Promise<void> {
  const { store, redact, logger } = options;
  if (!store) return;
  const startedGeneration = state.generation;
  let stored: TokenSet | undefined;
  try {
    stored = await store.load();
  } catch (error) {
    // Tokens installed meanwhile (a new authorization) make the stored ones irrelevant.
    if (startedGeneration !== state.generation) return;
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
    state.failure = unusable;
    state.tokens = undefined;
    return;
  }
  if (stored === undefined || startedGeneration !== state.generation) return;
  options.onLoaded?.(stored);
  state.tokens = stored;
  state.obtainedAt = undefined;
}

async function save(
  options: TokenStorageOptions,
  set: TokenSet | undefined,
  reportToHost: boolean,
): Promise<void> {
  const { redact } = options;
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
