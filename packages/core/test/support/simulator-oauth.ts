/**
 * Helpers for auth tests against the simulator: approve a consent as the signed-in customer, count token
 * requests in the simulator's request log, and a Node runtime whose clock the test can move forward.
 */
import { decideConsentAsCustomer, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { nodeRuntime } from '../../src/node/index.js';
import type { Runtime } from '../../src/index.js';

export interface ShiftableRuntime extends Runtime {
  /** Moves this client's clock forward (the server's stays put). */
  advance(ms: number): void;
}

export function shiftableRuntime(): ShiftableRuntime {
  let offset = 0;
  return {
    now: () => nodeRuntime.now() + offset,
    sleep: (ms, signal) => nodeRuntime.sleep(ms, signal),
    random: () => nodeRuntime.random(),
    advance(ms) {
      offset += ms;
    },
  };
}

/**
 * Plays the customer through the simulator's own helper: signs in on the sign-in page, answers the consent
 * page and returns the redirect the browser would follow (the callback URL with `code` and `state`, or
 * `error`).
 */
export async function decideConsent(
  authorizationUrl: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<string> {
  return decideConsentAsCustomer(authorizationUrl, { decision });
}

/** How many requests reached a token endpoint so far. */
export function tokenRequestCount(sim: SimulatorHandle, path = '/ecostruxure/v1/oauth/token'): number {
  return sim.control.requests({ pathPrefix: path }).filter((entry) => entry.method === 'POST').length;
}
