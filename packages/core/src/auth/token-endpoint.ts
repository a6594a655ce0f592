/**
 * The one place that POSTs to an OAuth token endpoint (RFC 6749 §3.2): form-encoded grants, client
 * authentication by HTTP Basic or in the body (each strategy defaults to what its document shows), Basic
 * credentials raw or form-encoded, success parsing and RFC 6749 §5.2 error mapping to typed
 * errors that say what to do. It never retries: a token request whose response was lost may already have
 * rotated the refresh token, and presenting the old one again revokes the whole grant. Every secret it
 * sees (client secret, Basic string, code, verifier, tokens) is registered for redaction before use.
 */
import {
  ApiError,
  AuthenticationError,
  type EcoStruxureError,
  type ErrorContext,
  InvalidResponseError,
  NetworkError,
  RateLimitError,
  ReauthorizationRequiredError,
  TimeoutError,
  ValidationError,
} from '../errors/errors.js';
import { SecretRegistry } from '../errors/redact.js';
import { parseRetryAfter } from '../http/retry.js';
import { TransportFailure, type Transport, type TransportResponse } from '../http/transport.js';
import type { Logger, Runtime } from '../runtime/runtime.js';
import { base64, utf8Bytes } from './encoding.js';
import {
  basicCredentialsEncodingOf,
  clientAuthenticationOf,
  optionalDuration,
  requireHttpUrl,
  requireText,
} from './validate.js';
import type { TokenSet } from './types.js';

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

export const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;

/** application/x-www-form-urlencoded, as RFC 6749 Appendix B asks (a space is `+`, `*-._` stay). */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice('v='.length);
}

/** The Base64 part of the Basic header, in the given encoding (default raw, as seed 001 builds it). */
export function basicCredentials(
  clientId: string,
  clientSecret: string,
  encoding: BasicCredentialsEncoding = 'raw',
): string {
  const pair =
    encoding === 'raw'
      ? `${clientId}:${clientSecret}`
      : `${formEncode(clientId)}:${formEncode(clientSecret)}`;
  return base64(utf8Bytes(pair));
}

/** Sends one token request and returns the token set, or throws a typed, redacted error. */
export async function requestToken(
  endpoint: TokenEndpoint,
  grant: TokenGrant,
  signal?: AbortSignal,
): Promise<TokenSet> {
  const { secrets, runtime } = endpoint;
  const url = new URL(endpoint.tokenUrl);
  const label = `POST ${url.pathname}`;
  const redact = (text: string) => secrets.redact(text);

  const form = new URLSearchParams({ grant_type: grant.grantType });
  if (grant.grantType === 'client_credentials') {
    if (grant.scopes && grant.scopes.length > 0) form.set('scope', grant.scopes.join(' '));
  } else if (grant.grantType === 'refresh_token') {
    secrets.add(grant.refreshToken);
    form.set('refresh_token', grant.refreshToken);
    if (grant.scopes && grant.scopes.length > 0) form.set('scope', grant.scopes.join(' '));
  } else {
    secrets.add(grant.code);
    secrets.add(grant.codeVerifier);
    form.set('code', grant.code);
    form.set('redirect_uri', grant.redirectUri);
    if (grant.codeVerifier !== undefined) form.set('code_verifier', grant.codeVerifier);
  }

  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  secrets.add(endpoint.clientSecret);
  if (endpoint.clientAuthentication === 'client_secret_basic') {
    const basic = basicCredentials(
      endpoint.clientId,
      endpoint.clientSecret,
      endpoint.basicCredentialsEncoding,
    );
    secrets.add(basic);
    headers.authorization = `Basic ${basic}`;
  } else {
    form.set('client_id', endpoint.clientId);
    form.set('client_secret', endpoint.clientSecret);
  }

  // Expiry is counted from before the request left, so latency only ever makes the token look older.
  const sentAt = runtime.now();
  const timeoutMs = endpoint.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  endpoint.logger?.debug(redact(`${label}: requesting a token (${grant.grantType})`));
  let response: TransportResponse;
  try {
    response = await endpoint.transport.send({
      method: 'POST',
      url: url.href,
      headers,
      body: form.toString(),
      timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    throw transportError(error, grant, label, url, timeoutMs, redact);
  }

  const context: ErrorContext = { request: label, redact };
  const requestId = response.headers['x-request-id'];
  if (requestId !== undefined) context.requestId = requestId;
  const data = parseJson(response.body);

  if (response.status >= 200 && response.status < 300) {
    return tokenSetOf(data, response, sentAt, secrets, label, context);
  }
  throw errorFor(response, data, grant, endpoint, label, context);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tokenSetOf(
  data: unknown,
  response: TransportResponse,
  sentAt: number,
  secrets: SecretRegistry,
  label: string,
  context: ErrorContext,
): TokenSet {
  // Register before validating, so no later message can carry a token from this body.
  if (isRecord(data)) {
    if (typeof data.access_token === 'string') secrets.add(data.access_token);
    if (typeof data.refresh_token === 'string') secrets.add(data.refresh_token);
    if (typeof data.id_token === 'string') secrets.add(data.id_token);
  }
  if (!isRecord(data) || typeof data.access_token !== 'string' || data.access_token === '') {
    const what = /^\s*</.test(response.body)
      ? 'an HTML page'
      : isRecord(data)
        ? 'JSON without an access_token'
        : 'a body that is not JSON';
    throw new InvalidResponseError(
      `${label} answered ${response.status} with ${what} instead of a token. Check the token URL: it should be the OAuth token endpoint, e.g. https://api.exchange.se.com/ecostruxure/v1/oauth/token.`,
      response.status,
      context,
    );
  }
  const tokenType = typeof data.token_type === 'string' ? data.token_type : 'Bearer';
  if (tokenType.toLowerCase() !== 'bearer') {
    throw new InvalidResponseError(
      `${label} issued a "${tokenType}" token; only Bearer tokens are supported. Check the token URL.`,
      response.status,
      context,
    );
  }
  const tokens: TokenSet = { accessToken: data.access_token, tokenType: 'Bearer' };
  const expiresIn =
    typeof data.expires_in === 'number'
      ? data.expires_in
      : typeof data.expires_in === 'string' && /^\d+(\.\d+)?$/.test(data.expires_in.trim())
        ? Number(data.expires_in)
        : undefined;
  if (expiresIn !== undefined && Number.isFinite(expiresIn) && expiresIn > 0) {
    tokens.expiresAt = sentAt + expiresIn * 1000;
  }
  if (typeof data.refresh_token === 'string' && data.refresh_token !== '')
    tokens.refreshToken = data.refresh_token;
  if (typeof data.scope === 'string') tokens.scope = data.scope;
  return tokens;
}

const GRANT_WORDS: Record<TokenGrant['grantType'], string> = {
  client_credentials: 'client credentials',
  authorization_code: 'authorization code',
  refresh_token: 'refresh token',
};

function errorFor(
  response: TransportResponse,
  data: unknown,
  grant: TokenGrant,
  endpoint: TokenEndpoint,
  label: string,
  context: ErrorContext,
): EcoStruxureError {
  const { status } = response;
  const oauthError = isRecord(data) && typeof data.error === 'string' ? data.error : undefined;
  const description =
    isRecord(data) && typeof data.error_description === 'string' && data.error_description.trim() !== ''
      ? ` The server said: "${data.error_description.trim()}".`
      : '';
  const problem =
    description === '' ? {} : { detail: (data as { error_description: string }).error_description };

  switch (oauthError) {
    case 'invalid_client':
      return new AuthenticationError(
        `The token endpoint refused the client (invalid_client): check the client ID and secret.${clientAuthenticationHint(endpoint)}${description}`,
        context,
        status,
      );
    case 'invalid_grant':
      if (grant.grantType === 'refresh_token') {
        return new ReauthorizationRequiredError(
          `The authorization server refused the refresh token (invalid_grant): the customer revoked the consent, or the refresh token expired or was already used. Reconnect the credential (authorize the app again).${description}`,
          context,
        );
      }
      if (grant.grantType === 'authorization_code') {
        return new ReauthorizationRequiredError(
          `The authorization server refused the authorization code (invalid_grant): it expired (codes live about a minute), was already used, or the redirect URI or PKCE verifier does not match the authorization request. Start the authorization again.${description}`,
          context,
        );
      }
      return new AuthenticationError(
        `The token endpoint refused the client credentials grant (invalid_grant): check the client ID, secret and scopes.${description}`,
        context,
        status,
      );
    case 'invalid_scope':
      return new AuthenticationError(
        `The authorization server refused the requested scopes (invalid_scope): request only scopes the app is registered for, e.g. read:site read:carbon-emission.${description}`,
        context,
        status,
      );
    case 'unauthorized_client':
      return new AuthenticationError(
        `This client may not use the ${GRANT_WORDS[grant.grantType]} grant (unauthorized_client): check that the credential type matches how the app is registered (authorization code for customer-consent apps, client credentials for partner clients).${description}`,
        context,
        status,
      );
    case 'unsupported_grant_type':
      return new ApiError(
        status,
        `The token endpoint does not support the ${GRANT_WORDS[grant.grantType]} grant (unsupported_grant_type): check the token URL and the credential type.${description}`,
        problem,
        context,
        'API_ERROR',
        false,
      );
    case 'invalid_request':
      return new ApiError(
        status,
        `The token endpoint refused the request as malformed (invalid_request): check the token URL, the redirect URI and the client authentication setting.${description}`,
        problem,
        context,
        'API_ERROR',
        false,
      );
    default:
      break;
  }
  if (oauthError !== undefined && status < 500 && status !== 429) {
    return new ApiError(
      status,
      `The token endpoint answered ${status} with error "${oauthError}".${description} Check the credential settings.`,
      problem,
      context,
      'API_ERROR',
      false,
    );
  }
  const html = /html/i.test(response.headers['content-type'] ?? '') || /^\s*</.test(response.body);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(
      response.headers['retry-after'],
      response.headers.date,
      endpoint.runtime.now(),
    );
    return new RateLimitError(
      `${label} was rate limited (429)${retryAfterMs === undefined ? '' : `; the server asked to wait ${Math.ceil(retryAfterMs / 1000)} s`}. Try again later.`,
      retryAfterMs,
      context,
    );
  }
  if (status >= 500) {
    return new ApiError(
      status,
      `The token endpoint failed with ${status}${html ? ' (an HTML error page)' : ''}. This is a server-side problem: try again in a moment; if it persists, check the service status.`,
      problem,
      context,
      'API_ERROR',
      true,
    );
  }
  if (status === 401) {
    return new AuthenticationError(
      `The token endpoint refused the client credentials (401): check the client ID and secret.${clientAuthenticationHint(endpoint)}${description}`,
      context,
      status,
    );
  }
  if (status === 404 || html) {
    return new InvalidResponseError(
      `${label} answered ${status}${html ? ' with an HTML page' : ''} instead of an OAuth response. Check the token URL, e.g. https://api.exchange.se.com/ecostruxure/v1/oauth/token.`,
      status,
      context,
    );
  }
  return new ApiError(
    status,
    `The token endpoint answered ${status} without an OAuth error code. Check the token URL and the credential settings.${description}`,
    problem,
    context,
    'API_ERROR',
    false,
  );
}

/** What to change when a right client ID and secret are refused: the method, or the Basic encoding. */
function clientAuthenticationHint(endpoint: TokenEndpoint): string {
  if (endpoint.clientAuthentication === 'client_secret_post') {
    return ' If they are right, the server may expect them as an HTTP Basic header: set clientAuthentication to "client_secret_basic".';
  }
  const other = endpoint.basicCredentialsEncoding === 'raw' ? 'form-urlencoded' : 'raw';
  return ` If they are right, the server may encode Basic credentials differently: set basicCredentialsEncoding to "${other}" (this matters when the ID or secret holds characters such as + / = : % & or a space), or set clientAuthentication to "client_secret_post" to send them in the request body.`;
}

function transportError(
  error: unknown,
  grant: TokenGrant,
  label: string,
  url: URL,
  timeoutMs: number,
  redact: (text: string) => string,
): EcoStruxureError {
  // A library error may hold the request config (headers, body): keep only a code.
  const code =
    error instanceof TransportFailure
      ? error.code
      : typeof (error as { code?: unknown } | null)?.code === 'string'
        ? (error as { code: string }).code
        : 'UNKNOWN';
  const cause = new TransportFailure(
    error instanceof TransportFailure ? error.message : 'the transport failed',
    code,
    error instanceof TransportFailure && error.timedOut,
  );
  const context: ErrorContext = { request: label, redact, cause };
  const notRetried =
    grant.grantType === 'refresh_token'
      ? ' It was not sent again automatically: the server may already have replaced the refresh token, and sending the old one twice can revoke the grant.'
      : ' It was not sent again automatically.';
  if (error instanceof TransportFailure && error.timedOut) {
    return new TimeoutError(
      `${label} got no response from ${url.origin} within ${Math.round(timeoutMs / 1000)} s.${notRetried} Try again later; if it keeps failing, check the token URL and the network.`,
      timeoutMs,
      context,
    );
  }
  return new NetworkError(
    `${label} could not reach ${url.origin} (${code}).${notRetried} Check the token URL and the network (proxy, firewall, DNS), then try again.`,
    code,
    context,
  );
}

/** What every OAuth strategy needs to reach its token endpoint. */
export interface TokenClientOptions {
  /** e.g. `https://api.exchange.se.com/ecostruxure/v1/oauth/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * Default: what the strategy's document shows, `client_secret_post` for authorization code and refresh
   * (seeds 000, 003), `client_secret_basic` for client credentials (seed 001). `basic` and `body` are
   * accepted as older names of the two.
   */
  clientAuthentication?: ClientAuthenticationOption;
  /**
   * How the Basic header encodes the ID and secret. Default `raw` (seed 001); `form-urlencoded` follows
   * RFC 6749 Appendix B. Try the other one when a right secret gets `invalid_client`.
   */
  basicCredentialsEncoding?: BasicCredentialsEncoding;
  transport: Transport;
  runtime: Runtime;
  /** Share one registry with the HTTP client so its errors redact these secrets too. */
  secrets?: SecretRegistry;
  /** Per token request. Default 30 s. */
  tokenTimeoutMs?: number;
  /** Replace tokens this long before they expire (by the runtime clock). Default 60 s. */
  refreshMarginMs?: number;
  logger?: Logger;
}

/**
 * Validates the options shared by the OAuth factories and builds the endpoint they send through;
 * `defaultAuthentication` is what the strategy's document shows.
 */
export function resolveTokenEndpoint(
  options: TokenClientOptions,
  example: string,
  defaultAuthentication: ClientAuthentication,
): TokenEndpoint {
  const tokenUrl = requireHttpUrl(options.tokenUrl, 'tokenUrl', 'Token URL', example);
  const clientId = requireText(
    options.clientId,
    'clientId',
    'Client ID',
    'the client ID of the app registration',
  );
  const clientSecret = requireText(
    options.clientSecret,
    'clientSecret',
    'Client secret',
    'the client secret of the app registration',
  );
  if (!options.transport || typeof options.transport.send !== 'function') {
    throw new ValidationError(
      'transport',
      'A transport is required to reach the token endpoint: pass createUndiciTransport() from @ecostruxure-connector/core/node, or the adapter’s own transport.',
    );
  }
  if (!options.runtime || typeof options.runtime.now !== 'function') {
    throw new ValidationError(
      'runtime',
      'A runtime (clock) is required to track token expiry: pass nodeRuntime from @ecostruxure-connector/core/node, or the adapter’s own runtime.',
    );
  }
  const secrets = options.secrets ?? new SecretRegistry();
  secrets.add(clientSecret);
  const endpoint: TokenEndpoint = {
    tokenUrl,
    clientId,
    clientSecret,
    clientAuthentication: clientAuthenticationOf(options.clientAuthentication, defaultAuthentication),
    basicCredentialsEncoding: basicCredentialsEncodingOf(options.basicCredentialsEncoding),
    transport: options.transport,
    runtime: options.runtime,
    secrets,
    timeoutMs: optionalDuration(options.tokenTimeoutMs, 'tokenTimeoutMs', DEFAULT_TOKEN_TIMEOUT_MS),
  };
  if (options.logger) endpoint.logger = options.logger;
  return endpoint;
}
