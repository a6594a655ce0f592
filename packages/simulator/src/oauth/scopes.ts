/** Scope strings: parsing, validation against what a client may ask for, and what they mean to a customer. */
import { ALL_SCOPES } from '../options.js';

const DESCRIPTIONS: Record<string, string> = {
  'read:site': 'List your sites and read their details (name, address, floor area, occupancy).',
  'read:carbon-emission': "Read your sites' carbon emissions and the global CO2 emission rates.",
  offline_access: 'Keep this access while you are away (a long-lived refresh token, up to 90 days).',
};

export function describeScope(scope: string): string {
  return DESCRIPTIONS[scope] ?? 'An access right without a description.';
}

/** Space-separated scope list (RFC 6749 §3.3); duplicates collapse, order is kept. */
export function parseScope(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [...new Set(value.split(' ').filter((scope) => scope !== ''))];
}

export function formatScope(scopes: readonly string[]): string {
  return scopes.join(' ');
}

/** The scopes outside what the client is registered for or the server knows; empty when all are fine. */
export function disallowedScopes(requested: readonly string[], allowed: readonly string[]): string[] {
  const known = new Set<string>(ALL_SCOPES);
  return requested.filter((scope) => !known.has(scope) || !allowed.includes(scope));
}
