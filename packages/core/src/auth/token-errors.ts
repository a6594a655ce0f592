/**
 * What a token endpoint's refusal means, as a typed error that says what happened and what to do:
 * RFC 6749 §5.2 error codes first, then the status and body when the server sent no code. A refused
 * refresh token means the grant is gone (re-authorize); a refused client means the settings are wrong.
 */
import { DEFAULT_ENDPOINTS } from '../endpoints.js';
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
} from '../errors/errors.js';
import { parseRetryAfter } from '../seams/response-signals.js';
import { TransportFailure, type TransportResponse } from '../seams/transport.js';
import type { TokenEndpoint, TokenGrant } from './token-request.js';

const GRANT_WORDS: Record<TokenGrant['grantType'], string> = {
  client_credentials: 'client credentials',
  authorization_code: 'authorization code',
  refresh_token: 'refresh token',
};

const TOKEN_URL_EXAMPLE = DEFAULT_ENDPOINTS.token;

/** What to change when a right client ID and secret are refused: the method, or the Basic encoding. */
function clientAuthenticationHint(endpoint: TokenEndpoint): string {
  if (endpoint.clientAuthentication === 'client_secret_post') {
    return ' If they are right, the server may expect them as an HTTP Basic header: set clientAuthentication to "client_secret_basic".';
  }
  const other = endpoint.basicCredentialsEncoding === 'raw' ? 'form-urlencoded' : 'raw';
  return ` If they are right, the server may encode Basic credentials differently: set basicCredentialsEncoding to "${other}" (this matters when the ID or secret holds characters such as + / = : % & or a space), or set clientAuthentication to "client_secret_post" to send them in the request body.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface TokenErrorInput {
  response: TransportResponse;
  /** The body, parsed when it was JSON. */
  data: unknown;
  grant: TokenGrant;
  endpoint: TokenEndpoint;
  /** `POST /ecostruxure/v1/oauth/token`. */
  label: string;
  context: ErrorContext;
}

/** A token error response, read once for the functions below. */
interface TokenAnswer {
  input: TokenErrorInput;
  status: number;
  /** The OAuth `error` code, when the body has one. */
  oauthError: string | undefined;
  /** ` The server said: "…".`, or empty. */
  said: string;
  /** The context with the server's text as the problem detail, for ApiErrors. */
  base: ErrorContext & { problem: { detail?: string } };
  grantWords: string;
}

/** The typed error for a token response with an error status. */
export function tokenErrorFor(input: TokenErrorInput): EcoStruxureError {
  const { response, data, grant, context } = input;
  const oauthError = isRecord(data) && typeof data.error === 'string' ? data.error : undefined;
  const serverText =
    isRecord(data) && typeof data.error_description === 'string' && data.error_description.trim() !== ''
      ? data.error_description.trim()
      : undefined;
  const answer: TokenAnswer = {
    input,
    status: response.status,
    oauthError,
    said: serverText === undefined ? '' : ` The server said: "${serverText}".`,
    base: { ...context, problem: serverText === undefined ? {} : { detail: serverText } },
    grantWords: GRANT_WORDS[grant.grantType],
  };
  return credentialRefusal(answer) ?? requestRefusal(answer) ?? statusError(answer);
}

/** The OAuth codes that say the credentials, grant or scopes were refused: the user has to change them. */
function credentialRefusal(answer: TokenAnswer): EcoStruxureError | undefined {
  const { status, said, grantWords } = answer;
  const { context, endpoint } = answer.input;
  switch (answer.oauthError) {
    case 'invalid_client':
      return new AuthenticationError({
        ...context,
        status,
        message: `The token endpoint refused the client (invalid_client).${said}`,
        description: `Check the client ID and secret.${clientAuthenticationHint(endpoint)}`,
      });
    case 'invalid_grant':
      return invalidGrantError(answer);
    case 'invalid_scope':
      return new AuthenticationError({
        ...context,
        status,
        message: `The authorization server refused the requested scopes (invalid_scope).${said}`,
        description: 'Request only scopes the app is registered for, e.g. read:site read:carbon-emission.',
      });
    case 'unauthorized_client':
      return new AuthenticationError({
        ...context,
        status,
        message: `This client may not use the ${grantWords} grant (unauthorized_client).${said}`,
        description:
          'Check that the authentication type matches how the app is registered (authorization code for customer-consent apps, client credentials for partner clients).',
      });
    default:
      return undefined;
  }
}

/** invalid_grant: a dead refresh token or code needs a new authorization; client credentials, new settings. */
function invalidGrantError({ status, said, input }: TokenAnswer): EcoStruxureError {
  const { context, grant } = input;
  if (grant.grantType === 'refresh_token') {
    return new ReauthorizationRequiredError({
      ...context,
      message: `The authorization server refused the refresh token (invalid_grant): the customer revoked the consent, or the refresh token expired or was already used.${said}`,
      description: 'Authorize the app again (sign in and approve access).',
    });
  }
  if (grant.grantType === 'authorization_code') {
    return new ReauthorizationRequiredError({
      ...context,
      message: `The authorization server refused the authorization code (invalid_grant): it expired (codes live about a minute), was already used, or the redirect URI or PKCE verifier does not match the authorization request.${said}`,
      description: 'Start the authorization again.',
    });
  }
  return new AuthenticationError({
    ...context,
    status,
    message: `The token endpoint refused the client credentials grant (invalid_grant).${said}`,
    description: 'Check the client ID, secret and scopes.',
  });
}

/** The OAuth codes that say the request itself was wrong, and any other code below 500 (but 429). */
function requestRefusal({
  status,
  said,
  base,
  grantWords,
  oauthError,
}: TokenAnswer): EcoStruxureError | undefined {
  const refused = (message: string, description: string) =>
    new ApiError({ ...base, status, retryable: false, message, description });
  if (oauthError === 'unsupported_grant_type') {
    return refused(
      `The token endpoint does not support the ${grantWords} grant (unsupported_grant_type).${said}`,
      'Check the token URL and the authentication type.',
    );
  }
  if (oauthError === 'invalid_request') {
    return refused(
      `The token endpoint refused the request as malformed (invalid_request).${said}`,
      'Check the token URL, the redirect URI and the client authentication setting.',
    );
  }
  if (oauthError !== undefined && status < 500 && status !== 429) {
    return refused(
      `The token endpoint answered ${status} with error "${oauthError}".${said}`,
      'Check the authentication settings.',
    );
  }
  return undefined;
}

/** No OAuth code that decides it: the status (and whether an HTML page came back) does. */
function statusError({ status, said, base, input }: TokenAnswer): EcoStruxureError {
  const { response, endpoint, label, context } = input;
  const html = /html/i.test(response.headers['content-type'] ?? '') || /^\s*</.test(response.body);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(
      response.headers['retry-after'],
      response.headers.date,
      endpoint.runtime.now(),
    );
    return new RateLimitError({
      ...context,
      retryAfterMs,
      message: `${label} was rate limited (429)${retryAfterMs === undefined ? '' : `; the server asked to wait ${Math.ceil(retryAfterMs / 1000)} s`}.`,
      description: 'Try again later.',
    });
  }
  if (status >= 500) {
    return new ApiError({
      ...base,
      status,
      retryable: true,
      message: `The token endpoint failed with ${status}${html ? ' (an HTML error page)' : ''}.`,
      description:
        'This is a server-side problem: try again in a moment; if it persists, check the service status.',
    });
  }
  if (status === 401) {
    return new AuthenticationError({
      ...context,
      status,
      message: `The token endpoint refused the client credentials (401).${said}`,
      description: `Check the client ID and secret.${clientAuthenticationHint(endpoint)}`,
    });
  }
  if (status === 404 || html) {
    return new InvalidResponseError({
      ...context,
      status,
      message: `${label} answered ${status}${html ? ' with an HTML page' : ''} instead of an OAuth response.`,
      description: `Check the token URL, e.g. ${TOKEN_URL_EXAMPLE}.`,
    });
  }
  return new ApiError({
    ...base,
    status,
    retryable: false,
    message: `The token endpoint answered ${status} without an OAuth error code.${said}`,
    description: 'Check the token URL and the authentication settings.',
  });
}

export interface TokenTransportErrorInput {
  error: unknown;
  grant: TokenGrant;
  label: string;
  url: URL;
  timeoutMs: number;
  redact: (text: string) => string;
}

/** The typed error for a token request that got no answer; it is never sent again by itself. */
export function tokenTransportError({
  error,
  grant,
  label,
  url,
  timeoutMs,
  redact,
}: TokenTransportErrorInput): EcoStruxureError {
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
    return new TimeoutError({
      ...context,
      timeoutMs,
      message: `${label} got no response from ${url.origin} within ${Math.round(timeoutMs / 1000)} s.${notRetried}`,
      description: 'Try again later; if it keeps failing, check the token URL and the network.',
    });
  }
  return new NetworkError({
    ...context,
    networkCode: code,
    message: `${label} could not reach ${url.origin} (${code}).${notRetried}`,
    description: 'Check the token URL and the network (proxy, firewall, DNS), then try again.',
  });
}
