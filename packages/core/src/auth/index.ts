/** Auth strategies: one factory per way of proving who is calling, all behind the AuthStrategy contract. */
export { createPersonalAccessTokenAuth } from './personal-access-token.js';
export type { PersonalAccessTokenAuth, PersonalAccessTokenAuthOptions } from './personal-access-token.js';
export { createApiKeyAuth } from './api-key.js';
export type { ApiKeyAuth, ApiKeyAuthOptions, ApiKeyPlacement } from './api-key.js';
export { createClientCredentialsAuth } from './client-credentials.js';
export type { ClientCredentialsAuth, ClientCredentialsAuthOptions } from './client-credentials.js';
export { createAuthorizationCodeAuth, readAuthorizationResponse } from './authorization-code.js';
export type {
  AuthorizationCodeAuth,
  AuthorizationCodeAuthOptions,
  AuthorizationRequest,
  AuthorizationResponse,
  ExchangeCodeInput,
} from './authorization-code.js';
export { requestToken, basicCredentials, DEFAULT_TOKEN_TIMEOUT_MS } from './token-endpoint.js';
export type {
  BasicCredentialsEncoding,
  ClientAuthentication,
  ClientAuthenticationOption,
  TokenClientOptions,
  TokenEndpoint,
  TokenGrant,
} from './token-endpoint.js';
export { DEFAULT_REFRESH_MARGIN_MS } from './token-cache.js';
export { TokenStoreError, createMemoryTokenStore } from './token-store.js';
export type { TokenStore, TokenStoreFailure } from './token-store.js';
export {
  codeChallengeS256,
  createCodeVerifier,
  createPkcePair,
  createState,
  isValidCodeVerifier,
} from './pkce.js';
export type { PkcePair, RandomBytesSource } from './pkce.js';
