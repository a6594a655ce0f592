/** POST /ecostruxure/v1/oauth/introspect (RFC 7662), for registered EcoStruxure clients. */
import type { FastifyInstance } from 'fastify';
import { authenticateClient } from './client-authentication.js';
import { resolveBearerToken } from './credentials.js';
import { noStore, OAuthError, oauthErrorHandler } from './errors.js';
import type { GrantDeps } from './grants.js';
import { param, readParams } from './params.js';
import { PATHS } from './paths.js';
import { formatScope } from './scopes.js';
import { rejectMalformed } from './token-endpoint.js';

const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * What the token is, for the client that asks. A token issued to another client is `active:false`
 * (RFC 7662 §4): one client must not learn whether another's token is live or what it may do. Personal
 * access tokens and API keys belong to the customer, not to a client, and stay visible to any client.
 */
function describeToken(deps: GrantDeps, token: string, callerId: string): Record<string, unknown> {
  const { store } = deps;
  const refresh = store.findRefreshToken(token);
  if (refresh) {
    const grant = store.grant(refresh.grantId);
    if (
      refresh.retired ||
      !grant ||
      grant.revoked ||
      !store.isLive(refresh) ||
      refresh.clientId !== callerId
    ) {
      return { active: false };
    }
    return {
      active: true,
      token_type: 'refresh_token',
      client_id: refresh.clientId,
      scope: formatScope(refresh.scopes),
      iat: seconds(refresh.issuedAt),
      exp: seconds(refresh.expiresAt),
      jti: refresh.id,
    };
  }
  const resolved = resolveBearerToken(store, token);
  // Energy Hub tokens belong to another API; this server does not vouch for them.
  if (!resolved.valid || resolved.audience !== 'carbon') return { active: false };
  const { principal, record } = resolved;
  if (principal.clientId !== undefined && principal.clientId !== callerId) return { active: false };
  return {
    active: true,
    token_type: 'Bearer',
    scope: formatScope(principal.scopes),
    ...(principal.clientId !== undefined ? { client_id: principal.clientId } : {}),
    ...(record ? { iat: seconds(record.issuedAt), exp: seconds(record.expiresAt) } : {}),
    jti: principal.credentialId,
    credential_kind: principal.kind,
  };
}

export function registerIntrospection(app: FastifyInstance, deps: GrantDeps): void {
  app.post(
    PATHS.introspect,
    { errorHandler: (error, _request, reply) => oauthErrorHandler(error, reply) },
    async (request, reply) => {
      const params = readParams(request.body);
      rejectMalformed(params);
      const caller = authenticateClient(deps.options.clients, request.headers.authorization, params);
      const token = param(params, 'token');
      if (token === undefined) throw new OAuthError('invalid_request', 'Missing required parameter: token.');
      return noStore(reply).send(describeToken(deps, token, caller.clientId));
    },
  );
}
