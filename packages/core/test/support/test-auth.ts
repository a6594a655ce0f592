/**
 * A minimal AuthStrategy for HTTP tests: a static bearer token that can be swapped on rejection, recording
 * every `handleRejected` call.
 */
import { SecretRegistry } from '../../src/advanced.js';
import type { AuthStrategy, AuthStrategyKind, OutgoingRequest } from '../../src/index.js';

export const DEMO_PAT = 'demo-personal-access-token';

export interface TestAuth extends AuthStrategy {
  readonly rejections: Array<{ status: number; usedCredential: string | undefined }>;
  token: string;
}

export function createTestAuth(
  options: {
    token?: string;
    kind?: AuthStrategyKind;
    /** What handleRejected does: returns the token to switch to (replay) or undefined (no replay). */
    onRejected?: (status: number) => string | undefined;
  } = {},
): TestAuth {
  const secrets = new SecretRegistry();
  const rejections: TestAuth['rejections'] = [];
  const auth: TestAuth = {
    kind: options.kind ?? 'personalAccessToken',
    rejectionAdvice:
      options.kind === 'authorizationCode'
        ? 'Reconnect the credential (authorize again).'
        : 'Check the personal access token in the credential.',
    token: options.token ?? DEMO_PAT,
    secrets,
    rejections,
    async apply(request: OutgoingRequest) {
      secrets.add(auth.token);
      request.headers.authorization = `Bearer ${auth.token}`;
    },
    credentialOf(request: OutgoingRequest) {
      return request.headers.authorization?.replace(/^Bearer /, '');
    },
    async handleRejected(status, usedCredential) {
      rejections.push({ status, usedCredential });
      const next = options.onRejected?.(status);
      if (next === undefined) return false;
      auth.token = next;
      secrets.add(next);
      return true;
    },
  };
  secrets.add(auth.token);
  return auth;
}
