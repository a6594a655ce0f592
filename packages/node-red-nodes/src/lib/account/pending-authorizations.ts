/**
 * Authorizations started from the editor and waiting for the customer to come back. Keyed by the
 * unguessable `state`, used once, forgotten after ten minutes: the callback route trusts a request only
 * because its `state` matches one of these (the browser redirect cannot carry the editor's token). Each
 * carries what it was started with (the target its code is exchanged at), so the callback judges the
 * authorization it completes, not whatever is deployed. Capped per account and in total: every start
 * holds memory for ten minutes, and an editor user must not be able to fill the runtime's.
 */
import type { AuthorizationCodeAuth } from '@ecostruxure-connector/core/advanced';
import type { AuthorizationTarget } from './authorization-target.js';

export const PENDING_TTL_MS = 10 * 60_000;
/** More than a person presses Authorize in ten minutes; fewer than would matter for memory. */
export const MAX_PENDING_PER_ACCOUNT = 10;
export const MAX_PENDING = 100;

export interface PendingAuthorization {
  accountId: string;
  /** The base URL, token URL and client the code will be exchanged with. */
  target: AuthorizationTarget;
  auth: AuthorizationCodeAuth;
  codeVerifier: string | undefined;
  startedAt: number;
}

/** Refused start: too many authorizations are waiting (answered as HTTP 429). */
export class TooManyPendingAuthorizations extends Error {}

export interface PendingAuthorizations {
  /** Throws TooManyPendingAuthorizations when the account's or the runtime's cap is reached. */
  add(state: string, pending: PendingAuthorization): void;
  /**
   * The authorization for this state, taken so it cannot be replayed; undefined if unknown or stale. It
   * still counts as waiting until `finish(state)`: its code exchange is under way.
   */
  take(state: string | undefined, now: number): PendingAuthorization | undefined;
  /** The taken authorization's exchange ended, saved or failed. */
  finish(state: string): void;
  /** Whether an authorization for this account is waiting for the customer or for its code exchange. */
  waiting(accountId: string, now: number): boolean;
}

export function createPendingAuthorizations(
  limits: { perAccount: number; total: number } = { perAccount: MAX_PENDING_PER_ACCOUNT, total: MAX_PENDING },
): PendingAuthorizations {
  const byState = new Map<string, PendingAuthorization>();
  const exchanging = new Map<string, PendingAuthorization>();
  const dropStale = (now: number) => {
    for (const map of [byState, exchanging])
      for (const [state, pending] of map) if (now - pending.startedAt > PENDING_TTL_MS) map.delete(state);
  };
  const countFor = (accountId: string, maps: Map<string, PendingAuthorization>[]) =>
    maps.reduce(
      (count, map) => count + [...map.values()].filter((pending) => pending.accountId === accountId).length,
      0,
    );
  return {
    add(state, pending) {
      dropStale(pending.startedAt);
      if (countFor(pending.accountId, [byState]) >= limits.perAccount) {
        throw new TooManyPendingAuthorizations(
          `${limits.perAccount} authorizations of this account are already waiting for approval: finish one in its consent page, or wait up to 10 minutes for them to expire, then press Authorize again.`,
        );
      }
      if (byState.size >= limits.total) {
        throw new TooManyPendingAuthorizations(
          `${limits.total} authorizations are already waiting for approval in this Node-RED: wait up to 10 minutes for them to expire, then press Authorize again.`,
        );
      }
      byState.set(state, pending);
    },
    take(state, now) {
      dropStale(now);
      if (state === undefined) return undefined;
      const pending = byState.get(state);
      byState.delete(state);
      if (pending) exchanging.set(state, pending);
      return pending;
    },
    finish(state) {
      exchanging.delete(state);
    },
    waiting(accountId, now) {
      dropStale(now);
      return countFor(accountId, [byState, exchanging]) > 0;
    },
  };
}
