/**
 * Turns a presented bearer token or API key into the principal it stands for, or the reason it stands for
 * nothing. Shared by resource access (`authenticate`) and token introspection so both judge alike.
 */
import type { Principal } from '../context.js';
import type { AccessTokenRecord, Audience, AuthStore } from './store.js';

export type ResolvedCredential =
  | { valid: true; principal: Principal; audience: Audience; record?: AccessTokenRecord }
  | { valid: false; reason: string };

function fromAccessToken(store: AuthStore, record: AccessTokenRecord): ResolvedCredential {
  if (record.grantId !== undefined && store.grant(record.grantId)?.revoked !== false) {
    return { valid: false, reason: 'The access token was revoked.' };
  }
  if (!store.isLive(record)) return { valid: false, reason: 'The access token has expired.' };
  const principal: Principal = {
    kind: record.kind,
    clientId: record.clientId,
    scopes: [...record.scopes],
    credentialId: record.id,
  };
  if (record.grantId !== undefined) principal.grantId = record.grantId;
  if (record.role !== undefined) principal.role = record.role;
  if (record.permissions !== undefined) {
    principal.permissions = Array.isArray(record.permissions) ? [...record.permissions] : record.permissions;
  }
  return { valid: true, principal, audience: record.audience, record };
}

/** An OAuth access token (either audience) or a personal access token. */
export function resolveBearerToken(store: AuthStore, token: string): ResolvedCredential {
  const record = store.findAccessToken(token);
  if (record) return fromAccessToken(store, record);
  const pat = store.findStaticCredential(token, 'personal-access-token');
  if (pat) {
    return {
      valid: true,
      audience: 'carbon',
      principal: { kind: 'personal-access-token', scopes: [...pat.scopes], credentialId: pat.id },
    };
  }
  return { valid: false, reason: 'The access token is unknown.' };
}

export function resolveApiKey(store: AuthStore, key: string): ResolvedCredential {
  const record = store.findStaticCredential(key, 'api-key');
  if (!record) return { valid: false, reason: 'The API key is unknown.' };
  return {
    valid: true,
    audience: 'carbon',
    principal: { kind: 'api-key', scopes: [...record.scopes], credentialId: record.id },
  };
}
