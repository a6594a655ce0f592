/**
 * The contract every auth strategy fulfils (modelled on Octokit's strategies): give the current
 * credentials, apply them to a request, and react when the API refuses them. Callers never know which
 * strategy they hold.
 */
import type { SecretRegistry } from '../errors/redact.js';
import type { HttpMethod } from './transport.js';

export type AuthStrategyKind =
  | 'personalAccessToken'
  | 'apiKey'
  | 'clientCredentials'
  | 'authorizationCode'
  /** The host (n8n) applies and refreshes the credentials itself. */
  | 'hostApplied';

/** What the API answered when it refused a request's credentials. */
export interface RejectedResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** A request about to be sent, before credentials are applied. */
export interface OutgoingRequest {
  method: HttpMethod;
  url: URL;
  headers: Record<string, string>;
}

/** A token set as the authorization server issued it, with the absolute expiry computed on receipt. */
export interface TokenSet {
  accessToken: string;
  tokenType: string;
  /** Epoch milliseconds, by the client's clock; undefined when the server gave no `expires_in`. */
  expiresAt?: number;
  refreshToken?: string;
  scope?: string;
}

export interface AuthStrategy {
  readonly kind: AuthStrategyKind;
  /** Sets the Authorization header or API key on the request; may fetch or refresh a token first. */
  apply(request: OutgoingRequest): Promise<void>;
  /**
   * The API answered 401 (or 403 for token-based strategies) to a request this strategy authorized with
   * `usedCredential`. Returns true when fresh credentials were obtained and one replay is worthwhile.
   * Concurrent callers that saw the same stale credential share one refresh.
   */
  handleRejected(
    status: number,
    usedCredential: string | undefined,
    /** The refusal itself, so the strategy can tell "stale token" from "not allowed" on a 403. */
    response?: RejectedResponse,
  ): Promise<boolean>;
  /** The credential value `apply` used last on that request (to tell stale from fresh on rejection). */
  credentialOf(request: OutgoingRequest): string | undefined;
  /** What the user should do when the API refuses this credential (a 401 that no refresh fixed). */
  readonly rejectionAdvice: string;
  /** Every secret this strategy knows is registered here, so errors and logs can redact them. */
  readonly secrets: SecretRegistry;
}
