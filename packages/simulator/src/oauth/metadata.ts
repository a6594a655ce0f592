/** RFC 8414 authorization server metadata, so standard clients can discover every endpoint. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ResolvedSimulatorOptions } from '../options.js';
import { ALL_SCOPES } from '../options.js';
import { SUPPORTED_GRANT_TYPES } from './grants.js';
import { OAUTH_BASE, PATHS } from './paths.js';

const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'];

/**
 * The origin the client used to reach the server: the issuer must equal the URL the client discovered
 * from, whether that is 127.0.0.1, localhost or a published port.
 */
export function requestOrigin(request: FastifyRequest, options: ResolvedSimulatorOptions): string {
  const host = /^[A-Za-z0-9.\-:[\]]+$/.test(request.host) ? request.host : `${options.host}:${options.port}`;
  return `${request.protocol}://${host}`;
}

export function registerMetadata(app: FastifyInstance, options: ResolvedSimulatorOptions): void {
  app.get(PATHS.metadata, async (request, reply) => {
    const origin = requestOrigin(request, options);
    return reply.send({
      issuer: `${origin}${OAUTH_BASE}`,
      authorization_endpoint: `${origin}${PATHS.authorize}`,
      token_endpoint: `${origin}${PATHS.token}`,
      introspection_endpoint: `${origin}${PATHS.introspect}`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: [...SUPPORTED_GRANT_TYPES],
      token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      code_challenge_methods_supported: ['S256'],
      scopes_supported: [...ALL_SCOPES],
    });
  });
}
