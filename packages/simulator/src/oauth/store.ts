/**
 * Everything the authorization server remembers: grants (with their consent records), authorization codes,
 * pending consent transactions, access and refresh tokens, personal access tokens and API keys. Secrets
 * are keyed by their SHA-256 hash; the plain values leave this module once, when they are issued.
 */
import type { ConsentRecord } from '../context.js';
import type { Clock } from '../clock.js';
import { credentialIdOf, hashSecret, newId, newSecret, TOKEN_PREFIX } from './secrets.js';

export const DEMO_CUSTOMER = 'Demo Customer';

export type Audience = 'carbon' | 'energy-hub';

export interface Grant {
  id: string;
  clientId: string;
  scopes: string[];
  /** Once set, every token the grant issued is dead. */
  revoked: boolean;
  consent: ConsentRecord;
}

export interface AccessTokenRecord {
  id: string;
  kind: 'customer-grant' | 'client' | 'access-client';
  audience: Audience;
  clientId: string;
  grantId?: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  role?: 'viewer' | 'no-access';
  permissions?: 'all' | string[];
}

export interface RefreshTokenRecord {
  id: string;
  clientId: string;
  grantId: string;
  /** The grant's scopes: a narrower refresh request narrows the access token, never the refresh token. */
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  /** Replaced by rotation; presenting it again means it was copied, so the grant is revoked. */
  retired: boolean;
}

export interface AuthorizationCodeRecord {
  clientId: string;
  redirectUri: string;
  grantId: string;
  scopes: string[];
  codeChallenge?: string;
  expiresAt: number;
  used: boolean;
}

/** An authorization request waiting for the customer's decision on the consent page. */
export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  codeChallenge?: string;
  expiresAt: number;
}

export interface StaticCredentialRecord {
  id: string;
  kind: 'personal-access-token' | 'api-key';
  scopes: string[];
}

export type AccessTokenInput = Omit<AccessTokenRecord, 'id' | 'issuedAt' | 'expiresAt'> & {
  ttlSeconds: number;
};

/** How long a customer may look at the consent page before deciding. */
const TRANSACTION_TTL_MS = 10 * 60 * 1000;
/** Expired entries are swept whenever a map grows by this many, so a long benchmark does not leak memory. */
const SWEEP_EVERY = 5000;

export class AuthStore {
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly codes = new Map<string, AuthorizationCodeRecord>();
  private readonly transactions = new Map<string, PendingAuthorization>();
  private readonly staticCredentials = new Map<string, StaticCredentialRecord>();
  private refreshesWithoutRefreshToken = 0;

  constructor(private readonly clock: Clock) {}

  // --- grants and consents -------------------------------------------------------------------------

  createGrant(client: { clientId: string; name: string }, scopes: string[]): Grant {
    const id = newId('consent_');
    const grant: Grant = {
      id,
      clientId: client.clientId,
      scopes,
      revoked: false,
      consent: {
        id,
        clientId: client.clientId,
        appName: client.name,
        customer: DEMO_CUSTOMER,
        scopes: [...scopes],
        grantedAt: this.clock.nowDate().toISOString(),
        revokedAt: null,
        revokedReason: null,
      },
    };
    this.grants.set(id, grant);
    return grant;
  }

  grant(id: string): Grant | undefined {
    return this.grants.get(id);
  }

  /** Revoking twice keeps the first revocation's time and reason. */
  revokeGrant(id: string, reason: string): Grant | undefined {
    const grant = this.grants.get(id);
    if (grant && !grant.revoked) {
      grant.revoked = true;
      grant.consent.revokedAt = this.clock.nowDate().toISOString();
      grant.consent.revokedReason = reason;
    }
    return grant;
  }

  /** The most recently granted consent that is still active, if any. */
  newestActiveGrantId(): string | undefined {
    return [...this.grants.values()].reverse().find((grant) => !grant.revoked)?.id;
  }

  consents(): ConsentRecord[] {
    return [...this.grants.values()].map((grant) => ({
      ...grant.consent,
      scopes: [...grant.consent.scopes],
    }));
  }

  // --- authorization transactions and codes -------------------------------------------------------

  /** The returned id is the only handle on the transaction, so it is as unguessable as a token. */
  createTransaction(pending: Omit<PendingAuthorization, 'expiresAt'>): string {
    this.sweep(this.transactions, (entry) => entry.expiresAt);
    const id = newSecret('txn_');
    this.transactions.set(hashSecret(id), { ...pending, expiresAt: this.clock.now() + TRANSACTION_TTL_MS });
    return id;
  }

  /** Transactions are single-use: a replayed decision form finds nothing. */
  takeTransaction(id: string): PendingAuthorization | undefined {
    const key = hashSecret(id);
    const pending = this.transactions.get(key);
    this.transactions.delete(key);
    return pending && pending.expiresAt > this.clock.now() ? pending : undefined;
  }

  issueCode(record: Omit<AuthorizationCodeRecord, 'used' | 'expiresAt'>, ttlSeconds: number): string {
    this.sweep(this.codes, (entry) => entry.expiresAt);
    const code = newSecret(TOKEN_PREFIX.authorizationCode);
    this.codes.set(hashSecret(code), {
      ...record,
      used: false,
      expiresAt: this.clock.now() + ttlSeconds * 1000,
    });
    return code;
  }

  findCode(code: string): AuthorizationCodeRecord | undefined {
    return this.codes.get(hashSecret(code));
  }

  // --- access and refresh tokens ------------------------------------------------------------------

  issueAccessToken(input: AccessTokenInput): string {
    this.sweep(this.accessTokens, (entry) => entry.expiresAt);
    const prefix =
      input.audience === 'energy-hub' ? TOKEN_PREFIX.energyHubAccessToken : TOKEN_PREFIX.accessToken;
    const token = newSecret(prefix);
    const hash = hashSecret(token);
    const { ttlSeconds, ...rest } = input;
    const now = this.clock.now();
    this.accessTokens.set(hash, {
      ...rest,
      id: credentialIdOf('at', hash),
      issuedAt: now,
      expiresAt: now + ttlSeconds * 1000,
    });
    return token;
  }

  findAccessToken(token: string): AccessTokenRecord | undefined {
    return this.accessTokens.get(hashSecret(token));
  }

  issueRefreshToken(input: {
    clientId: string;
    grantId: string;
    scopes: string[];
    ttlSeconds: number;
  }): string {
    this.sweep(this.refreshTokens, (entry) => entry.expiresAt);
    const token = newSecret(TOKEN_PREFIX.refreshToken);
    const hash = hashSecret(token);
    const now = this.clock.now();
    this.refreshTokens.set(hash, {
      id: credentialIdOf('rt', hash),
      clientId: input.clientId,
      grantId: input.grantId,
      scopes: input.scopes,
      issuedAt: now,
      expiresAt: now + input.ttlSeconds * 1000,
      retired: false,
    });
    return token;
  }

  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    return this.refreshTokens.get(hashSecret(token));
  }

  /** Live: not expired by the (possibly skewed) clock and its grant, if any, not revoked. */
  isLive(record: { expiresAt: number; grantId?: string }): boolean {
    if (record.expiresAt <= this.clock.now()) return false;
    return record.grantId === undefined || this.grants.get(record.grantId)?.revoked === false;
  }

  expireAllAccessTokens(): number {
    const now = this.clock.now();
    let live = 0;
    for (const record of this.accessTokens.values()) {
      if (this.isLive(record)) live += 1;
      record.expiresAt = Math.min(record.expiresAt, now);
    }
    return live;
  }

  omitRefreshTokenOnNextRefreshes(count: number): void {
    this.refreshesWithoutRefreshToken = Math.max(0, Math.floor(count));
  }

  /** True (and counts down) when this refresh must answer without a new refresh token. */
  takeOmitRefreshToken(): boolean {
    if (this.refreshesWithoutRefreshToken <= 0) return false;
    this.refreshesWithoutRefreshToken -= 1;
    return true;
  }

  // --- personal access tokens and API keys --------------------------------------------------------

  /** Registers a configured value, or mints a new one when `value` is omitted. */
  addStaticCredential(kind: StaticCredentialRecord['kind'], scopes: string[], value?: string): string {
    const prefix = kind === 'api-key' ? TOKEN_PREFIX.apiKey : TOKEN_PREFIX.personalAccessToken;
    const secret = value ?? newSecret(prefix);
    const hash = hashSecret(secret);
    this.staticCredentials.set(hash, {
      id: credentialIdOf(kind === 'api-key' ? 'key' : 'pat', hash),
      kind,
      scopes: [...scopes],
    });
    return secret;
  }

  findStaticCredential(
    value: string,
    kind: StaticCredentialRecord['kind'],
  ): StaticCredentialRecord | undefined {
    const record = this.staticCredentials.get(hashSecret(value));
    return record?.kind === kind ? record : undefined;
  }

  private sweep<T>(map: Map<string, T>, expiresAt: (entry: T) => number): void {
    if (map.size === 0 || map.size % SWEEP_EVERY !== 0) return;
    const now = this.clock.now();
    for (const [key, entry] of map) if (expiresAt(entry) <= now) map.delete(key);
  }
}
