/**
 * The one place that POSTs to an OAuth token endpoint (RFC 6749 §3.2): form-encoded grants, client
 * authentication by HTTP Basic or in the body (each strategy defaults to what its document shows), Basic
 * credentials raw or form-encoded, success parsing and RFC 6749 §5.2 error mapping to typed
 * errors that say what to do. It never retries: a token request whose response was lost may already have
 * rotated the refresh token, and presenting the old one again revokes the whole grant. Every secret it
 * sees (client secret, Basic string, code, verifier, tokens) is registered for redaction before use.
 */
import { DEFAULT_ENDPOINTS } from '../endpoints.js';
import { type ErrorContext, InvalidResponseError, ValidationError } from '../errors/errors.js';
import { SecretRegistry } from '../errors/redact.js';
import type { Transport, TransportResponse } from '../seams/transport.js';
import type { Logger, Runtime } from '../seams/runtime.js';
import { base64, utf8Bytes } from './encoding.js';
import {
  basicCredentialsEncodingOf,
  clientAuthenticationOf,
  optionalDuration,
  requireHttpUrl,
  requireText,
} from '../seams/validate.js';
import { tokenErrorFor, tokenTransportError } from './token-errors.js';
import type { TokenSet } from '../seams/auth-strategy.js';
import type {
  BasicCredentialsEncoding,
  ClientAuthentication,
  ClientAuthenticationOption,
  TokenEndpoint,
  TokenGrant,
} from './token-request.js';

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

  const form = grantForm(grant, secrets);
  const headers = authenticateClient(endpoint, form);

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
    throw tokenTransportError({ error, grant, label, url, timeoutMs, redact });
  }

  const context: ErrorContext = { request: label, redact };
  const requestId = response.headers['x-request-id'];
  if (requestId !== undefined) context.requestId = requestId;
  const data = parseJson(response.body);

  if (response.status >= 200 && response.status < 300) {
    return tokenSetOf(data, response, sentAt, secrets, label, context);
  }
  throw tokenErrorFor({ response, data, grant, endpoint, label, context });
}

/** The grant's form fields; its code, verifier or refresh token registered for redaction first. */
function grantForm(grant: TokenGrant, secrets: SecretRegistry): URLSearchParams {
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
  return form;
}

/**
 * Puts the client's credentials where the endpoint wants them (a Basic header, or the form's
 * `client_id`/`client_secret`) and returns the request's headers.
 */
function authenticateClient(endpoint: TokenEndpoint, form: URLSearchParams): Record<string, string> {
  const { secrets } = endpoint;
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
  return headers;
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
    throw new InvalidResponseError({
      ...context,
      message: `${label} answered ${response.status} with ${what} instead of a token. Check the token URL: it should be the OAuth token endpoint, e.g. ${DEFAULT_ENDPOINTS.token}.`,
      status: response.status,
    });
  }
  const tokenType = typeof data.token_type === 'string' ? data.token_type : 'Bearer';
  if (tokenType.toLowerCase() !== 'bearer') {
    throw new InvalidResponseError({
      ...context,
      message: `${label} issued a "${tokenType}" token; only Bearer tokens are supported. Check the token URL.`,
      status: response.status,
    });
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
    throw new ValidationError({
      field: 'transport',
      message:
        'A transport is required to reach the token endpoint: pass createUndiciTransport() from @ecostruxure-connector/core/node, or the adapter’s own transport.',
    });
  }
  if (!options.runtime || typeof options.runtime.now !== 'function') {
    throw new ValidationError({
      field: 'runtime',
      message:
        'A runtime (clock) is required to track token expiry: pass nodeRuntime from @ecostruxure-connector/core/node, or the adapter’s own runtime.',
    });
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
