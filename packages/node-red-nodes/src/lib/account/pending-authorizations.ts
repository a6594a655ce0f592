/**
 * Authorizations started from the editor and waiting for the customer to come back. Keyed by the
 * unguessable `state`, used once, forgotten after ten minutes: the callback route trusts a request only
 * because its `state` matches one of these (the browser redirect cannot carry the editor's token).
 */
import type { AuthorizationCodeAuth } from '@ecostruxure-connector/core/advanced';

export const PENDING_TTL_MS = 10 * 60_000;

export interface PendingAuthorization {
  accountId: string;
  auth: AuthorizationCodeAuth;
  codeVerifier: string | undefined;
  startedAt: number;
}

export interface PendingAuthorizations {
  add(state: string, pending: PendingAuthorization): void;
  /** The authorization for this state, removed so it cannot be replayed; undefined if unknown or stale. */
  take(state: string | undefined, now: number): PendingAuthorization | undefined;
}

export function createPendingAuthorizations(): PendingAuthorizations {
  const byState = new Map<string, PendingAuthorization>();
  const dropStale = (now: number) => {
    for (const [state, pending] of byState)
      if (now - pending.startedAt > PENDING_TTL_MS) byState.delete(state);
  };
  return {
    add(state, pending) {
      dropStale(pending.startedAt);
      byState.set(state, pending);
    },
    take(state, now) {
      dropStale(now);
      if (state === undefined) return undefined;
      const pending = byState.get(state);
      byState.delete(state);
      return pending;
    },
  };
}
