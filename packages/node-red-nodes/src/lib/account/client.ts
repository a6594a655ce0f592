/**
 * Builds core's client for an account: its credentials, the tokens restored from the token file, and
 * every new token set (after a refresh, a rotated refresh token included) saved to that file before it
 * is used.
 */
import {
  carbonDialectFromText,
  createEcoStruxureClient,
  type EcoStruxureClient,
  type TokenSet,
  type TokenStore,
  type Transport,
} from '@ecostruxure-connector/core';
import { nodeRuntime } from '@ecostruxure-connector/core/node';
import type { AccountSettings } from './settings.js';

export type { EcoStruxureClient };

export interface ClientOptions {
  settings: AccountSettings;
  tokens: TokenSet | undefined;
  store: TokenStore;
  transport: Transport;
}

export function createAccountClient(options: ClientOptions): EcoStruxureClient {
  const { settings, tokens, store } = options;
  const credentials =
    settings.credentials.kind === 'authorizationCode'
      ? {
          ...settings.credentials,
          ...(tokens ? { tokens } : {}),
          onTokens: (next: TokenSet) => store.save(next),
        }
      : settings.credentials;
  return createEcoStruxureClient({
    baseUrl: settings.baseUrl,
    ...(settings.endpoints ? { endpoints: settings.endpoints } : {}),
    ...(settings.carbonDialect
      ? { carbonDialect: carbonDialectFromText(settings.carbonDialect, 'Carbon API dialect') }
      : {}),
    credentials,
    transport: options.transport,
    runtime: nodeRuntime,
  });
}
