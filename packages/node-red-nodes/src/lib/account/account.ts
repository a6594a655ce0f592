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
  const isCode = settings.authType === 'authorizationCode';
  const state: AccountState = { grant: isCode ? 'loading' : 'none', current: undefined };
  const consent = () => consentOf(settings, state);
  const listeners = consentListeners(state, consent);
  const changed = listeners.changed;

  async function build(): Promise<EcoStruxureClient> {
    const tokens = isCode ? await store.load() : undefined;
    state.current = createAccountClient({ settings, tokens, store, transport });
    if (isCode) state.grant = tokens === undefined ? 'none' : 'held';
    return state.current;
  }

  const account: Account = {
    id,
    authType: settings.authType,
    settings,
    client: sharedBuild(build),
    consent,
    async useTokens(tokens) {
      await (await this.client()).tokens?.set(tokens);
      state.grant = 'held';
      changed();
    },
    forgetTokens() {
      if (!isCode) return;
      // In memory only: the file already holds the new authorization.
      void state.current?.tokens?.set(undefined);
      state.grant = 'none';
      changed();
    },
    async disconnect() {
      await store.save(undefined);
      await state.current?.tokens?.set(undefined);
      state.grant = isCode ? 'none' : state.grant;
      changed();
    },
    noteFailure(error) {
      if (state.grant !== 'held' || !isReauthorizationRequired(error)) return;
      state.grant = 'revoked';
      // The refused refresh token is useless: forget it, so a restart does not present it again.
      store.save(undefined).catch(() => undefined);
      changed();
    },
    onConsentChange: listeners.add,
    close() {
      listeners.clear();
      transport.close();
    },
  };

  if (isCode) {
    // Read the token file now, so nodes can show "not authorized" before anyone sends them a message.
    const settle = () => {
      if (state.grant === 'loading') state.grant = 'none';
      changed();
    };
    account.client().then(settle, settle);
  }
  return account;
}

/** The grant and the client built for it; the account changes them, the consent reads them. */
interface AccountState {
  grant: Grant;
  current: EcoStruxureClient | undefined;
}

function consentOf(settings: AccountSettings, state: AccountState): ConsentStatus {
  if (settings.authType !== 'authorizationCode') return consentWithoutTokens(settings.authType);
  return consentOfTokens(
    state.grant === 'held' ? state.current?.tokens?.current() : undefined,
    state.grant === 'revoked',
  );
}

/**
 * Who hears of consent changes (the editor, every node's status). A new listener hears the status at
 * once, unless the token file is still being read: then it hears it when the file was read.
 */
function consentListeners(state: AccountState, consent: () => ConsentStatus) {
  const listeners = new Set<ConsentListener>();
  return {
    changed(): void {
      const status = consent();
      for (const listener of listeners) listener(status);
    },
    add(listener: ConsentListener): () => void {
      listeners.add(listener);
      if (state.grant !== 'loading') listener(consent());
      return () => listeners.delete(listener);
    },
    clear(): void {
      listeners.clear();
    },
  };
}

/** One build shared by every caller; a failed one (bad settings) is not kept, so the error shows until fixed. */
function sharedBuild<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= build();
    return built.catch((error: unknown) => {
      built = undefined;
      throw error;
    });
  };
}
