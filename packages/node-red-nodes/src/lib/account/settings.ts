/**
 * What an "EcoStruxure account" config node holds, mapped onto core's credential kinds. Core validates
 * every value (and names the field at fault); this file only moves values from the form to core.
 */
import { DEFAULT_ORIGIN, DEFAULT_SCOPES as CORE_DEFAULT_SCOPES } from '@ecostruxure-connector/core';
import type { Credentials, Endpoints } from '@ecostruxure-connector/core';

export const AUTH_TYPES = [
  'authorizationCode',
  'clientCredentials',
  'personalAccessToken',
  'apiKey',
] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const DEFAULT_BASE_URL = DEFAULT_ORIGIN;
/**
 * The scopes asked for when the Scopes field is left blank, per kind, as the n8n credentials default:
 * a customer's consent needs offline_access to last beyond the first access token; a client-credentials
 * client gets a new token whenever it needs one, and the token endpoint refuses offline_access to it.
 */
export const DEFAULT_SCOPES_OF = CORE_DEFAULT_SCOPES;
export const DEFAULT_SCOPES = DEFAULT_SCOPES_OF.authorizationCode;

export interface AccountConfig {
  authType?: string;
  baseUrl?: string;
  scopes?: string;
  redirectUri?: string;
  /** Client credentials only: the token URL, when not the base URL's documented one. */
  tokenUrl?: string;
  /** API key only: `query` (the gateway's documented `apikey` parameter, default) or `header`. */
  apiKeyPlacement?: string;
  /** Blank, a dialect name or a JSON object of the Carbon API's dialect fields. */
  carbonDialect?: string;
}

export interface AccountCredentials {
  clientId?: string;
  clientSecret?: string;
  token?: string;
  apiKey?: string;
}

export interface AccountSettings {
  authType: AuthType;
  baseUrl: string;
  /** URLs that differ from the base URL's documented paths (an Energy Hub GraphQL URL). */
  endpoints?: Partial<Endpoints>;
  credentials: Credentials;
  /** The Carbon API's dialect as typed (blank for the contract's); core checks it when the client is built. */
  carbonDialect?: string;
}

export function isAuthType(value: unknown): value is AuthType {
  return typeof value === 'string' && (AUTH_TYPES as readonly string[]).includes(value);
}

export function accountSettings(config: AccountConfig, secrets: AccountCredentials = {}): AccountSettings {
  const authType = isAuthType(config.authType) ? config.authType : 'authorizationCode';
  const baseUrl = config.baseUrl?.trim() || DEFAULT_BASE_URL;
  const carbonDialect = config.carbonDialect?.trim();
  return {
    authType,
    baseUrl,
    credentials: credentialsOf(authType, config, secrets),
    ...(carbonDialect ? { carbonDialect } : {}),
  };
}

function credentialsOf(authType: AuthType, config: AccountConfig, secrets: AccountCredentials): Credentials {
  switch (authType) {
    case 'personalAccessToken':
      return { kind: 'personalAccessToken', token: secrets.token ?? '' };
    case 'apiKey':
      return {
        kind: 'apiKey',
        apiKey: secrets.apiKey ?? '',
        placement: config.apiKeyPlacement === 'header' ? 'header' : 'query',
      };
    case 'clientCredentials':
      return {
        kind: 'clientCredentials',
        clientId: secrets.clientId ?? '',
        clientSecret: secrets.clientSecret ?? '',
        scopes: config.scopes?.trim() || DEFAULT_SCOPES_OF.clientCredentials,
        // Blank: the base URL's documented token URL. Core checks any other value when the client is built.
        ...(config.tokenUrl?.trim() ? { tokenUrl: config.tokenUrl.trim() } : {}),
      };
    case 'authorizationCode':
      return {
        kind: 'authorizationCode',
        clientId: secrets.clientId ?? '',
        clientSecret: secrets.clientSecret ?? '',
        redirectUri: config.redirectUri ?? '',
        scopes: config.scopes?.trim() || DEFAULT_SCOPES_OF.authorizationCode,
      };
  }
}
