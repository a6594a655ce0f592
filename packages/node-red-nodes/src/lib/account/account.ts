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
import type { AccountSettings, AuthType } from './settings.js';

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

export type ConsentListener = (status: ConsentStatus) => void;

export interface Account {
  readonly id: string;
  readonly authType: AuthType;
  /** The client for operations, once stored tokens are loaded. Rejects with a ValidationError naming the field. */
  client(): Promise<EcoStruxureClient>;
  consent(): ConsentStatus;
  /** Starts using tokens from a new authorization (already saved by the callback). */
  useTokens(tokens: TokenSet): Promise<void>;
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

export function createAccount(options: AccountOptions): Account {
  const { id, settings, store } = options;
  const transport = createUndiciTransport();
  const listeners = new Set<ConsentListener>();
  let revoked = false;
  /** Whether a grant was ever held: a refusal without one means "not authorized yet", not "revoked". */
  let holding = false;
  let built: Promise<EcoStruxureClient> | undefined;
  let current: EcoStruxureClient | undefined;

  const isCode = settings.authType === 'authorizationCode';

  async function build(): Promise<EcoStruxureClient> {
    const tokens = isCode ? await store.load() : undefined;
    holding = tokens !== undefined;
    current = createAccountClient({ settings, tokens, store, transport });
    return current;
  }

  function tokensOf(client: EcoStruxureClient | undefined): TokenSet | undefined {
    // Only the authorization-code client holds tokens; the other kinds have none to show or replace.
    return client?.tokens?.current();
  }

  function consent(): ConsentStatus {
    const tokens = tokensOf(current);
    if (!isCode) {
      return {
        authType: settings.authType,
        authorized: true,
        revoked: false,
        scopes: [],
        refreshable: false,
      };
    }
    return {
      authType: settings.authType,
      authorized: tokens !== undefined && !revoked,
      revoked,
      scopes: tokens?.scope ? tokens.scope.split(' ') : [],
      ...(tokens?.expiresAt === undefined ? {} : { expiresAt: tokens.expiresAt }),
      refreshable: tokens?.refreshToken !== undefined,
    };
  }

  function changed(): void {
    const status = consent();
    for (const listener of listeners) listener(status);
  }

  /** Set once the stored tokens were read: from then on a new listener hears the state at once. */
  let loaded = false;

  const account: Account = {
    id,
    authType: settings.authType,
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
      const client = await this.client();
      void client.tokens?.set(tokens);
      revoked = false;
      holding = true;
      changed();
    },
    async disconnect() {
      await store.save(undefined);
      void current?.tokens?.set(undefined);
      revoked = false;
      holding = false;
      changed();
    },
    noteFailure(error) {
      if (!isCode || !holding || revoked || !isReauthorizationRequired(error)) return;
      revoked = true;
      // The refused refresh token is useless: forget it, so a restart does not present it again.
      store.save(undefined).catch(() => undefined);
      changed();
    },
    onConsentChange(listener) {
      listeners.add(listener);
      if (loaded) listener(consent());
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
      loaded = true;
      changed();
    };
    account.client().then(settle, settle);
  }
  return account;
}
