/**
 * What a token request is made of: the grant, the token endpoint and how the client proves who it is.
 * Types only, shared by the one sender (token-endpoint.ts) and the error mapping (token-errors.ts).
 */
import type { SecretRegistry } from '../errors/redact.js';
import type { Logger, Runtime } from '../seams/runtime.js';
import type { Transport } from '../seams/transport.js';

/**
 * How the client proves its identity to the token endpoint (RFC 7591 names): `client_secret_basic` = an
 * HTTP Basic header, `client_secret_post` = `client_id` and `client_secret` in the form body.
 */
export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post';

/** What the option accepts: the RFC 7591 names, or the older `basic` / `body` for the same two methods. */
export type ClientAuthenticationOption = ClientAuthentication | 'basic' | 'body';

/**
 * How the Basic header's `client_id:client_secret` is built before Base64: `raw` (seed 001, and what
 * Postman and most servers do) or `form-urlencoded` (RFC 6749 Appendix B: each part form-encoded first).
 * They differ only when the ID or secret holds characters such as `+ / = : % &` or a space; a token
 * endpoint that answers `invalid_client` to a right secret may expect the other one.
 */
export type BasicCredentialsEncoding = 'raw' | 'form-urlencoded';

export type TokenGrant =
  | { grantType: 'client_credentials'; scopes?: readonly string[] }
  | { grantType: 'authorization_code'; code: string; redirectUri: string; codeVerifier?: string }
  | { grantType: 'refresh_token'; refreshToken: string; scopes?: readonly string[] };

export interface TokenEndpoint {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  clientAuthentication: ClientAuthentication;
  basicCredentialsEncoding: BasicCredentialsEncoding;
  transport: Transport;
  runtime: Runtime;
  secrets: SecretRegistry;
  /** Default 30 s. */
  timeoutMs?: number;
  logger?: Logger;
}
