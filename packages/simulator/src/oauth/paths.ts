/** The authorization server's paths (docs/api-contract.md §1, §2 and §6). */
export const OAUTH_BASE = '/ecostruxure/v1/oauth';

export const PATHS = {
  authorize: `${OAUTH_BASE}/authorize`,
  decision: `${OAUTH_BASE}/authorize/decision`,
  token: `${OAUTH_BASE}/token`,
  introspect: `${OAUTH_BASE}/introspect`,
  metadata: `/.well-known/oauth-authorization-server${OAUTH_BASE}`,
  signIn: '/ecostruxure/v1/sign-in',
  consents: '/ecostruxure/v1/consents',
  revokeConsent: '/ecostruxure/v1/consents/:id/revoke',
  energyHubToken: '/energy-hub/v1/oauth/token',
} as const;
