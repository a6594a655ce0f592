/**
 * `authenticate` for the resource servers (docs/api-contract.md §3, §4, §6): finds the request's
 * credential, applies the rate limit, then checks audience, the kinds of credential the Carbon API takes,
 * and scope. API keys work on every method: seed 001 only says GET works in a browser.
 */
import type { FastifyRequest } from 'fastify';
import type { AccessRequirement, Principal } from '../context.js';
import type { CarbonCredentialsPolicy } from '../options.js';
import { ProblemError } from '../problem.js';
import { resolveApiKey, resolveBearerToken, type ResolvedCredential } from './credentials.js';
import type { RateLimiter } from './rate-limit.js';
import type { AuthStore } from './store.js';

/** Seed 000 lists these two for the Carbon API; `carbonCredentials: 'all'` adds the others. */
const DOCUMENTED_CARBON_KINDS = new Set<Principal['kind']>(['customer-grant', 'personal-access-token']);

interface Presented {
  kind: 'bearer' | 'api-key' | 'none';
  value: string;
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The token of a `Bearer` Authorization header; undefined for any other or no Authorization. */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const authorization = headerValue(request, 'authorization');
  return authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
}

function presentedCredential(request: FastifyRequest): Presented {
  if (headerValue(request, 'authorization') !== undefined) {
    const token = bearerTokenOf(request);
    return token ? { kind: 'bearer', value: token } : { kind: 'none', value: '' };
  }
  const headerKey = headerValue(request, 'x-api-key');
  if (headerKey) return { kind: 'api-key', value: headerKey };
  const query = request.query as Record<string, unknown> | undefined;
  const queryKey = query?.['apikey'];
  if (typeof queryKey === 'string' && queryKey !== '') return { kind: 'api-key', value: queryKey };
  return { kind: 'none', value: '' };
}

function unauthorized(detail: string): ProblemError {
  const description = detail.replace(/["\\]/g, '');
  return new ProblemError({
    status: 401,
    title: 'Unauthorized',
    detail,
    headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` },
  });
}

/** Energy Hub takes access-client tokens only, so its 401 must not suggest an API key. */
const MISSING_CREDENTIALS: Record<AccessRequirement['audience'], string> = {
  carbon: 'Credentials are missing: send a Bearer token or an API key.',
  'energy-hub': 'Credentials are missing: send an Energy Hub access-client token as a Bearer token.',
};

function resolve(store: AuthStore, presented: Presented, requirement: AccessRequirement): ResolvedCredential {
  if (presented.kind === 'bearer') return resolveBearerToken(store, presented.value);
  if (presented.kind === 'api-key') return resolveApiKey(store, presented.value);
  return { valid: false, reason: MISSING_CREDENTIALS[requirement.audience] };
}

function carbonAccepts(policy: CarbonCredentialsPolicy, principal: Principal): boolean {
  return policy === 'all' || DOCUMENTED_CARBON_KINDS.has(principal.kind);
}

export function createAuthenticate(
  store: AuthStore,
  limiter: RateLimiter,
  carbonCredentials: CarbonCredentialsPolicy = 'documented',
): (request: FastifyRequest, requirement: AccessRequirement) => Principal {
  return (request, requirement) => {
    const presented = presentedCredential(request);
    const resolved = resolve(store, presented, requirement);
    const retryAfter = limiter.hit(resolved.valid ? resolved.principal.credentialId : `ip:${request.ip}`);
    if (retryAfter !== undefined) {
      throw new ProblemError({
        status: 429,
        title: 'Too Many Requests',
        detail: `Rate limit exceeded; retry in ${retryAfter} s.`,
        headers: { 'retry-after': String(retryAfter) },
      });
    }
    if (!resolved.valid) throw unauthorized(resolved.reason);
    const { principal } = resolved;
    if (resolved.audience !== requirement.audience) {
      throw unauthorized(
        requirement.audience === 'energy-hub'
          ? 'This credential is not valid for the Energy Hub API; use an Energy Hub access-client token.'
          : 'Energy Hub access-client tokens are not valid for this API.',
      );
    }
    if (requirement.audience === 'carbon' && !carbonAccepts(carbonCredentials, principal)) {
      throw unauthorized(
        'The Carbon Emission Data API accepts authorization-code tokens and personal access tokens only; ' +
          `not ${principal.kind === 'api-key' ? 'API keys' : 'client-credentials tokens'}.`,
      );
    }
    if (requirement.scope !== undefined && !principal.scopes.includes(requirement.scope)) {
      throw new ProblemError({
        status: 403,
        title: 'Forbidden',
        detail: `The credential lacks the scope ${requirement.scope}.`,
        headers: {
          'www-authenticate': `Bearer error="insufficient_scope", scope="${requirement.scope}"`,
        },
      });
    }
    return principal;
  };
}
