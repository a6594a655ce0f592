/** RFC 6749 error responses (§4.1.2.1 for redirects, §5.2 for the token endpoint). */
import type { FastifyReply } from 'fastify';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'server_error';

export class OAuthError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    options: { status?: number; headers?: Record<string, string> } = {},
  ) {
    super(description);
    this.name = 'OAuthError';
    this.status = options.status ?? (code === 'invalid_client' ? 401 : 400);
    this.headers = options.headers ?? {};
  }
}

/** Token responses and their errors must never be cached (RFC 6749 §5.1). */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

export function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  return noStore(reply)
    .status(error.status)
    .headers(error.headers)
    .type('application/json; charset=utf-8')
    .send({ error: error.code, error_description: error.description });
}

/**
 * Route-level error handler for the form-posting endpoints: a body Fastify cannot parse (bad JSON,
 * unsupported media type) is the client's `invalid_request`, not a problem+json document.
 */
export function oauthErrorHandler(error: unknown, reply: FastifyReply): FastifyReply {
  if (error instanceof OAuthError) return sendOAuthError(reply, error);
  const statusCode = (error as { statusCode?: number }).statusCode;
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    return sendOAuthError(reply, new OAuthError('invalid_request', 'The request body could not be read.'));
  }
  return sendOAuthError(
    reply,
    new OAuthError('server_error', 'The authorization server failed to handle the request.', { status: 500 }),
  );
}
