/**
 * The EcoStruxure authorization server: OAuth 2.0 with customer consent (authorization code + PKCE,
 * refresh-token rotation, client credentials), the consent dashboard, personal access tokens and API keys,
 * the Energy Hub access-client token endpoint, and `authenticate` for the resource servers.
 */
import type { FastifyRequest } from 'fastify';
import type { AuthorizationServer, SimulatorContext } from '../context.js';
import { ALL_SCOPES } from '../options.js';
import { badRequest } from '../problem.js';
import { registerAuthorizeRoutes } from './authorize-routes.js';
import { registerConsentRoutes } from './consents-routes.js';
import { CustomerSessions } from './customer-session.js';
import { registerEnergyHubTokenEndpoint } from './energy-hub-token.js';
import type { GrantDeps } from './grants.js';
import { registerIntrospection } from './introspection.js';
import { registerMetadata } from './metadata.js';
import { RateLimiter } from './rate-limit.js';
import { bearerTokenOf, createAuthenticate } from './resource-access.js';
import { newSecret } from './secrets.js';
import { registerSignInRoutes } from './sign-in.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { AuthStore, type Grant } from './store.js';
import { registerTokenEndpoint } from './token-endpoint.js';

function checkedScopes(scopes: readonly string[]): string[] {
  const known = new Set<string>(ALL_SCOPES);
  const unknown = scopes.filter((scope) => !known.has(scope));
  if (unknown.length > 0) {
    throw badRequest([
      { name: 'scopes', reason: `Unknown scopes: ${unknown.join(', ')}. Known: ${ALL_SCOPES.join(', ')}.` },
    ]);
  }
  return [...new Set(scopes)];
}

/**
 * `omitsRefreshToken` is asked on every refresh_token grant whether an injected fault wants this refresh
 * answered without a refresh token (fault injection's `omitsRefreshToken`).
 */
export function createAuthorizationServer(
  ctx: SimulatorContext,
  omitsRefreshToken: (request: FastifyRequest) => boolean = () => false,
): AuthorizationServer {
  const { options, clock } = ctx;
  const store = new AuthStore(clock);
  for (const pat of options.personalAccessTokens)
    store.addStaticCredential('personal-access-token', pat.scopes, pat.value);
  for (const key of options.apiKeys) store.addStaticCredential('api-key', key.scopes, key.value);
  const deps: GrantDeps = { store, clock, options, omitsRefreshToken };
  const copyOf = (grant: Grant | undefined) =>
    grant ? { ...grant.consent, scopes: [...grant.consent.scopes] } : undefined;
  const authenticate = createAuthenticate(
    store,
    new RateLimiter(options.rateLimit, clock),
    options.carbonCredentials,
  );
  const sessions = new CustomerSessions(clock);
  // New on every start and printed by the CLI: the consent JSON API is the customer's, not everyone's.
  const adminToken = newSecret('esx_admin_');

  return {
    register(app) {
      registerMetadata(app, options);
      registerSignInRoutes(app, sessions, options.customer, new SignInThrottle(clock));
      registerAuthorizeRoutes(app, { ...deps, sessions });
      registerTokenEndpoint(app, deps);
      registerIntrospection(app, deps);
      registerConsentRoutes(app, store, sessions, adminToken);
      registerEnergyHubTokenEndpoint(app, deps);
    },
    authenticate,
    adminToken,
    expireAllTokens: () => store.expireAllAccessTokens(),
    revokeConsent: (consentId, reason) =>
      copyOf(store.revokeGrant(consentId, reason ?? 'Revoked through the control API')),
    revokeConsentOf: (request, reason) => {
      const token = bearerTokenOf(request);
      const grantId =
        (token === undefined ? undefined : store.findAccessToken(token)?.grantId) ??
        store.newestActiveGrantId();
      return grantId === undefined ? undefined : copyOf(store.revokeGrant(grantId, reason));
    },
    listConsents: () => store.consents(),
    mintPersonalAccessToken: (scopes) =>
      store.addStaticCredential('personal-access-token', checkedScopes(scopes)),
    mintApiKey: (scopes) => store.addStaticCredential('api-key', checkedScopes(scopes)),
    omitRefreshTokenOnNextRefreshes: (count) => store.omitRefreshTokenOnNextRefreshes(count),
  };
}
