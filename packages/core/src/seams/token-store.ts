/**
 * Where the OAuth strategies keep their token set between runs. A strategy with a store loads the set once
 * before its first request and saves every new set (awaited) before anyone can use it, so a restart picks
 * up where the last process stopped and a rotated refresh token is never lost (n8n #25926). Core's main
 * entry only has the contract and an in-memory store; the encrypted file store is in `core/node`.
 */
import { ReauthorizationRequiredError, type ErrorOptions } from '../errors/errors.js';
import type { TokenSet } from './auth-strategy.js';

export interface TokenStore {
  /** The saved set; undefined when nothing is saved. Throws a TokenStoreError when the saved set is unusable. */
  load(): Promise<TokenSet | undefined>;
  /** Replaces the saved set; `undefined` forgets it (disconnect, or the grant is gone). */
  save(tokens: TokenSet | undefined): Promise<void>;
}

/**
 * The tokens a client holds for the host to show and replace: the authorization-code grant's (the other
 * kinds hold none the host could set). The host shows the consent state from `current()` and installs a
 * new authorization, or forgets one, with `set()`.
 */
export interface HeldTokens {
  /** The set in memory; with a token store, undefined until the first request has loaded it. */
  current(): TokenSet | undefined;
  /** Replaces the set (undefined forgets it); settles when the token store holds the change. */
  set(tokens: TokenSet | undefined): Promise<void>;
}

/** Why saved tokens could not be used. */
export type TokenStoreFailure =
  /** The storage could not be read at all (permissions, a folder where the file should be). */
  | 'unreadable'
  /** Written by this connector but incomplete or malformed (a truncated or hand-edited file). */
  | 'damaged'
  /** The authentication tag did not match: another secret wrote it, or the content was changed. */
  | 'undecryptable'
  /** Not something this connector wrote. */
  | 'foreign'
  /** Written by a newer version of this connector. */
  | 'unsupportedVersion';

/**
 * The saved tokens cannot be used. It is a ReauthorizationRequiredError because that is the way out:
 * authorizing again saves a fresh set over the unusable one. Messages name the storage, never its content.
 */
export class TokenStoreError extends ReauthorizationRequiredError {
  readonly reason: TokenStoreFailure;
  constructor(options: ErrorOptions & { reason: TokenStoreFailure }) {
    super({
      description: 'Authorize again: the new tokens replace the unusable ones.',
      ...options,
    });
    this.reason = options.reason;
  }
}

/**
 * Keeps the set in memory: for tests, and for hosts that hand the set to their own storage. The set is
 * copied in and out, so a caller changing its object cannot change what is stored.
 */
export function createMemoryTokenStore(initial?: TokenSet): TokenStore {
  let saved = initial === undefined ? undefined : { ...initial };
  return {
    load: () => Promise.resolve(saved === undefined ? undefined : { ...saved }),
    save(tokens) {
      saved = tokens === undefined ? undefined : { ...tokens };
      return Promise.resolve();
    },
  };
}
