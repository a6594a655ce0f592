/**
 * Builds the core client for an account. (Interim: until core's createEcoStruxureClient is available,
 * only the auth strategy is built, which is what the consent flow needs.)
 */
import {
  createApiKeyAuth,
  createAuthorizationCodeAuth,
  createClientCredentialsAuth,
  createPersonalAccessTokenAuth,
  resolveEndpoints,
  type AuthStrategy,
  type Runtime,
  type TokenSet,
  type Transport,
} from '@ecostruxure-connector/core';
import type { AccountSettings } from './settings.js';
import type { TokenStore } from './token-store.js';

/** Core's credential kinds, as the planned client takes them. */
export type Credentials =
  | { kind: 'personalAccessToken'; token: string }
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'clientCredentials'; clientId: string; clientSecret: string; scopes?: string }
  | {
      kind: 'authorizationCode';
      clientId: string;
      clientSecret: string;
      redirectUri: string;
      scopes?: string;
      tokens?: TokenSet;
    };

export interface EcoStruxureClient {
  auth: AuthStrategy;
}

export interface ClientOptions {
  settings: AccountSettings;
  tokens: TokenSet | undefined;
  store: TokenStore;
  transport: Transport;
  runtime: Runtime;
}

export function createAccountClient(options: ClientOptions): EcoStruxureClient {
  const { settings, transport, runtime } = options;
  const endpoints = resolveEndpoints(settings.baseUrl);
  const credentials = settings.credentials;
  switch (credentials.kind) {
    case 'personalAccessToken':
      return { auth: createPersonalAccessTokenAuth({ token: credentials.token }) };
    case 'apiKey':
      return { auth: createApiKeyAuth({ apiKey: credentials.apiKey }) };
    case 'clientCredentials':
      return {
        auth: createClientCredentialsAuth({
          tokenUrl: endpoints.token,
          clientId: credentials.clientId,
          clientSecret: credentials.clientSecret,
          scopes: credentials.scopes,
          transport,
          runtime,
        }),
      };
    case 'authorizationCode':
      return {
        auth: createAuthorizationCodeAuth({
          authorizeUrl: endpoints.authorize,
          tokenUrl: endpoints.token,
          clientId: credentials.clientId,
          clientSecret: credentials.clientSecret,
          redirectUri: credentials.redirectUri,
          scopes: credentials.scopes,
          transport,
          runtime,
          ...(options.tokens ? { tokens: options.tokens } : {}),
          onTokens: (tokens) => options.store.save(tokens),
        }),
      };
  }
}
