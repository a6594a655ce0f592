/**
 * The running side of an "EcoStruxure account" config node: one core client for every node that uses
 * the account, its consent state for the editor, and the bridge to the durable token file. Nodes never
 * see tokens; they ask for the client and report failures back, so a revoked consent turns every node
 * using the account red at once and the token endpoint is left alone until the user re-authorizes.
 */
import type { TokenSet, TokenStore } from '@ecostruxure-connector/core';
import { createUndiciTransport } from '@ecostruxure-connector/core/node';
import { isReauthorizationRequired } from '../errors.js';
import { createAccountClient, type EcoStruxureClient } from './client.js';
import { consentOfTokens, consentWithoutTokens, type ConsentStatus } from './consent-status.js';
import type { AccountSettings, AuthType } from './settings.js';

export type { ConsentStatus };
export type ConsentListener = (status: ConsentStatus) => void;

export interface Account {
  readonly id: string;
  readonly authType: AuthType;
  /** What was deployed (secrets included): the runtime's own, never sent to the editor. */
  readonly settings: AccountSettings;
  /** The client for operations, once stored tokens are loaded. Rejects with a ValidationError naming the field. */
  client(): Promise<EcoStruxureClient>;
  consent(): ConsentStatus;
  /** Starts using tokens from a new authorization (already saved by the callback). */
  useTokens(tokens: TokenSet): Promise<void>;
  /**
   * Stops using its tokens without touching the token file: an authorization for other settings was just
   * saved there, for the next deploy. Until then the nodes say "not authorized".
   */
  forgetTokens(): void;
  disconnect(): Promise<void>;
  /** Nodes pass every failure here; a refused grant marks the consent revoked. */
  noteFailure(error: unknown): void;
  onConsentChange(listener: ConsentListener): () => void;
  close(): void;
}

export interface AccountOptions {
  id: string;
  settings: AccountSettings;
  store: TokenStore;
}

/**
 * Where the account's grant stands: `loading` until the token file was read, `none` (never authorized,
 * disconnected or forgotten), `held`, or `revoked` (the server refused it; a refusal without a grant
 * held means "not authorized yet", not "revoked").
 */
type Grant = 'loading' | 'none' | 'held' | 'revoked';

export function createAccount(options: AccountOptions): Account {
  const { id, settings, store } = options;
  const transport = createUndiciTransport();
  const listeners = new Set<ConsentListener>();
  const isCode = settings.authType === 'authorizationCode';
  let grant: Grant = isCode ? 'loading' : 'none';
  let built: Promise<EcoStruxureClient> | undefined;
  let current: EcoStruxureClient | undefined;

  async function build(): Promise<EcoStruxureClient> {
    const tokens = isCode ? await store.load() : undefined;
    current = createAccountClient({ settings, tokens, store, transport });
    if (isCode) grant = tokens === undefined ? 'none' : 'held';
    return current;
  }

  function consent(): ConsentStatus {
    if (!isCode) return consentWithoutTokens(settings.authType);
    return consentOfTokens(grant === 'held' ? current?.tokens?.current() : undefined, grant === 'revoked');
  }

  function changed(): void {
    const status = consent();
    for (const listener of listeners) listener(status);
  }

  const account: Account = {
    id,
    authType: settings.authType,
    settings,
    client() {
      built ??= build();
      // A failed build (bad settings) is not cached: the error is shown each time until fixed.
      return built.catch((error: unknown) => {
        built = undefined;
        throw error;
      });
    },
    consent,
    async useTokens(tokens) {
      await (await this.client()).tokens?.set(tokens);
      grant = 'held';
      changed();
    },
    forgetTokens() {
      if (!isCode) return;
      // In memory only: the file already holds the new authorization.
      void current?.tokens?.set(undefined);
      grant = 'none';
      changed();
    },
    async disconnect() {
      await store.save(undefined);
      await current?.tokens?.set(undefined);
      grant = isCode ? 'none' : grant;
      changed();
    },
    noteFailure(error) {
      if (grant !== 'held' || !isReauthorizationRequired(error)) return;
      grant = 'revoked';
      // The refused refresh token is useless: forget it, so a restart does not present it again.
      store.save(undefined).catch(() => undefined);
      changed();
    },
    onConsentChange(listener) {
      listeners.add(listener);
      if (grant !== 'loading') listener(consent());
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      transport.close();
    },
  };

  if (isCode) {
    // Read the token file now, so nodes can show "not authorized" before anyone sends them a message.
    const settle = () => {
      if (grant === 'loading') grant = 'none';
      changed();
    };
    account.client().then(settle, settle);
  }
  return account;
}
