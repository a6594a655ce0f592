/**
 * POST /energy-hub/v1/oauth/token: client credentials for Energy Hub access clients. Its tokens carry the
 * client's role and access permissions and the `energy-hub` audience, so they open nothing else.
 */
import type { FastifyInstance } from 'fastify';
import { authenticateClient } from './client-authentication.js';
import { noStore, OAuthError, oauthErrorHandler } from './errors.js';
import type { GrantDeps } from './grants.js';
import { param, readParams } from './params.js';
import { PATHS } from './paths.js';
import { rejectMalformed } from './token-endpoint.js';

export function registerEnergyHubTokenEndpoint(app: FastifyInstance, deps: GrantDeps): void {
  const { store, options } = deps;
  app.post(
    PATHS.energyHubToken,
    { errorHandler: (error, _request, reply) => oauthErrorHandler(error, reply) },
    async (request, reply) => {
      const params = readParams(request.body);
      rejectMalformed(params);
      const client = authenticateClient(options.accessClients, request.headers.authorization, params);
      const grantType = param(params, 'grant_type');
      if (grantType === undefined)
        throw new OAuthError('invalid_request', 'Missing required parameter: grant_type.');
      if (grantType !== 'client_credentials') {
        throw new OAuthError(
          'unsupported_grant_type',
          'Energy Hub access clients use the client_credentials grant.',
        );
      }
      const accessToken = store.issueAccessToken({
        kind: 'access-client',
        audience: 'energy-hub',
        clientId: client.clientId,
        scopes: [],
        role: client.role,
        permissions: Array.isArray(client.permissions) ? [...client.permissions] : client.permissions,
        ttlSeconds: options.accessTokenTtlSeconds,
      });
      return noStore(reply).send({
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: options.accessTokenTtlSeconds,
      });
    },
  );
}
