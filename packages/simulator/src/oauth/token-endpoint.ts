/** POST /ecostruxure/v1/oauth/token (RFC 6749 §3.2): client authentication, then the requested grant. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OAuthClientConfig } from '../options.js';
import { authenticateClient } from './client-authentication.js';
import { noStore, OAuthError, oauthErrorHandler } from './errors.js';
import {
  authorizationCodeGrant,
  clientCredentialsGrant,
  refreshTokenGrant,
  type GrantDeps,
  type TokenResponse,
} from './grants.js';
import { param, readParams, type Params } from './params.js';
import { PATHS } from './paths.js';

const HANDLERS: Record<
  string,
  (deps: GrantDeps, client: OAuthClientConfig, params: Params, request: FastifyRequest) => TokenResponse
> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
};

export function rejectMalformed(params: Params): void {
  if (params.malformed.length > 0) {
    throw new OAuthError(
      'invalid_request',
      `Parameters must be given once, as strings: ${params.malformed.join(', ')}.`,
    );
  }
}

export function registerTokenEndpoint(app: FastifyInstance, deps: GrantDeps): void {
  app.post(
    PATHS.token,
    { errorHandler: (error, _request, reply) => oauthErrorHandler(error, reply) },
    async (request, reply) => {
      const params = readParams(request.body);
      rejectMalformed(params);
      const client = authenticateClient(deps.options.clients, request.headers.authorization, params);
      const grantType = param(params, 'grant_type');
      if (grantType === undefined)
        throw new OAuthError('invalid_request', 'Missing required parameter: grant_type.');
      const handler = Object.hasOwn(HANDLERS, grantType) ? HANDLERS[grantType] : undefined;
      if (!handler) throw new OAuthError('unsupported_grant_type', `Unsupported grant_type "${grantType}".`);
      if (!client.grantTypes.some((type) => type === grantType)) {
        throw new OAuthError('unauthorized_client', `This client may not use the ${grantType} grant.`);
      }
      return noStore(reply).send(handler(deps, client, params, request));
    },
  );
}
