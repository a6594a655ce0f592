/** Opaque credentials: how they are generated, stored (hashed) and compared. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefixes make a leaked value recognisable (secret scanners, support tickets) without revealing anything. */
export const TOKEN_PREFIX = {
  accessToken: 'esx_at_',
  refreshToken: 'esx_rt_',
  authorizationCode: 'esx_ac_',
  personalAccessToken: 'esx_pat_',
  apiKey: 'esx_key_',
  energyHubAccessToken: 'ehub_at_',
} as const;

/** 256 bits of randomness, base64url encoded. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** A random identifier that is shown to people (consent ids); it grants nothing by itself. */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(9).toString('base64url')}`;
}

/** Only hashes are kept, so a dump of the store (or a log line of it) never exposes a usable credential. */
export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A stable, non-secret identifier derived from a credential, for rate limiting, logs and introspection. */
export function credentialIdOf(kind: string, hash: string): string {
  return `${kind}_${hash.slice(0, 16)}`;
}

/** Constant-time comparison: hashing first makes the inputs equal length. */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
