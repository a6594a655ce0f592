/**
 * Credentials the host applies itself: n8n stores, sends and refreshes OAuth2 tokens for its own
 * credential types, so core adds nothing to a request and never refreshes. A 401 that reaches core means
 * the host's own refresh failed too, so it is reported as "reconnect the credential".
 */
import { SecretRegistry } from '../errors/redact.js';
import type { AuthStrategy } from '../seams/auth-strategy.js';

export interface HostAppliedAuthOptions {
  secrets?: SecretRegistry;
}

export interface HostAppliedAuth extends AuthStrategy {
  readonly kind: 'hostApplied';
}

export function createHostAppliedAuth(options: HostAppliedAuthOptions = {}): HostAppliedAuth {
  return {
    kind: 'hostApplied',
    rejectionAdvice:
      'Reconnect the EcoStruxure credential (authorize again): the consent may have been revoked, or the tokens expired and could not be renewed.',
    secrets: options.secrets ?? new SecretRegistry(),
    apply: async () => undefined,
    credentialOf: () => undefined,
    // The host refreshes before it hands a 401 on; replaying here would only repeat its refusal.
    handleRejected: async () => false,
  };
}
