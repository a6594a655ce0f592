/**
 * API keys: a long-lived key sent as the `apikey` query parameter (what the EcoStruxure gateway documents)
 * or an `x-api-key` header (what a sibling Schneider API uses), on every method: seed 001 only says that
 * GET requests can be tried in a browser with a key, not that other methods refuse one. The key is
 * registered as a secret at once, so neither the URL in an error message nor a log line can show it.
 */
import { ValidationError } from '../errors/errors.js';
import { SecretRegistry } from '../errors/redact.js';
import type { AuthStrategy, OutgoingRequest } from '../seams/auth-strategy.js';
import { requireText } from '../seams/validate.js';

export type ApiKeyPlacement = 'query' | 'header';

export interface ApiKeyAuthOptions {
  apiKey: string;
  /** Default `query` (`?apikey=`), as the gateway documents; `header` sends `x-api-key`. */
  placement?: ApiKeyPlacement;
  /** Default `apikey`. */
  queryParameter?: string;
  /** Default `x-api-key`. */
  headerName?: string;
  secrets?: SecretRegistry;
}

export interface ApiKeyAuth extends AuthStrategy {
  readonly kind: 'apiKey';
  readonly placement: ApiKeyPlacement;
}

export function createApiKeyAuth(options: ApiKeyAuthOptions): ApiKeyAuth {
  const apiKey = requireText(
    options.apiKey,
    'apiKey',
    'API key',
    'the API key from the EcoStruxure developer portal',
  );
  const placement = options.placement ?? 'query';
  if (placement !== 'query' && placement !== 'header') {
    throw new ValidationError({
      field: 'placement',
      message: `API key placement must be "query" (?apikey=...) or "header" (x-api-key), got "${String(placement)}".`,
    });
  }
  const queryParameter = requireText(
    options.queryParameter ?? 'apikey',
    'queryParameter',
    'API key query parameter',
    'the query parameter name, e.g. apikey',
  );
  const headerName = requireText(
    options.headerName ?? 'x-api-key',
    'headerName',
    'API key header',
    'the header name, e.g. x-api-key',
  ).toLowerCase();
  const secrets = options.secrets ?? new SecretRegistry();
  secrets.add(apiKey);

  return {
    kind: 'apiKey',
    rejectionAdvice:
      'Check the API key: it may be mistyped or revoked, or this API may not accept API keys (the Carbon Emission Data API documents OAuth and personal access tokens only). Keys are sent on every method; the gateway documents only that GET works in a browser.',
    placement,
    secrets,
    async apply(request: OutgoingRequest) {
      if (placement === 'query') request.url.searchParams.set(queryParameter, apiKey);
      else request.headers[headerName] = apiKey;
    },
    credentialOf(request) {
      if (placement === 'query') return request.url.searchParams.get(queryParameter) ?? undefined;
      for (const [name, value] of Object.entries(request.headers)) {
        if (name.toLowerCase() === headerName) return value;
      }
      return undefined;
    },
    // A key cannot be renewed: a rejection means it is wrong, revoked or lacks a scope.
    handleRejected: async () => false,
  };
}
