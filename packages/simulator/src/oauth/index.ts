// Placeholder until the authorization server lands: refuses every request.
import type { AuthorizationServer, SimulatorContext } from '../context.js';
import { ProblemError } from '../problem.js';

export function createAuthorizationServer(_ctx: SimulatorContext): AuthorizationServer {
  const unavailable = (): never => {
    throw new ProblemError({ status: 401, title: 'Unauthorized', detail: 'Not implemented yet.' });
  };
  return {
    register: () => undefined,
    authenticate: unavailable,
    expireAllTokens: () => 0,
    revokeConsent: () => undefined,
    listConsents: () => [],
    mintPersonalAccessToken: unavailable,
    mintApiKey: unavailable,
    omitRefreshTokenOnNextRefreshes: () => undefined,
  };
}
