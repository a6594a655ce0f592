/**
 * Personal access tokens: a long-lived token from the developer portal, sent as `Authorization: Bearer`.
 * Nothing to refresh, so a rejection is final and the user is told to mint a new token.
 */
import { SecretRegistry } from '../errors/redact.js';
import { bearerOf, setBearer } from './bearer.js';
import type { AuthStrategy } from '../seams/auth-strategy.js';
import { requireText } from '../seams/validate.js';

export interface PersonalAccessTokenAuthOptions {
  token: string;
  /** Share one registry with the HTTP client so its errors redact the token too. Default: a new one. */
  secrets?: SecretRegistry;
}

export interface PersonalAccessTokenAuth extends AuthStrategy {
  readonly kind: 'personalAccessToken';
}

export function createPersonalAccessTokenAuth(
  options: PersonalAccessTokenAuthOptions,
): PersonalAccessTokenAuth {
  const token = requireText(
    options.token,
    'token',
    'Personal access token',
    'the personal access token generated in the EcoStruxure developer portal',
  );
  const secrets = options.secrets ?? new SecretRegistry();
  secrets.add(token);
  return {
    kind: 'personalAccessToken',
    rejectionAdvice:
      'Check the personal access token: it may be mistyped, expired or revoked; create a new one if needed.',
    secrets,
    async apply(request) {
      setBearer(request, token);
    },
    credentialOf: bearerOf,
    // A static token cannot be renewed: replaying would only earn the same refusal.
    handleRejected: async () => false,
  };
}
