/**
 * Helpers for auth tests against the simulator: approve a consent without a browser, count token
 * requests in the simulator's request log, and a Node runtime whose clock the test can move forward.
 */
import type { SimulatorHandle } from '@ecostruxure-connector/simulator';
import { nodeRuntime } from '../../src/node.js';
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

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Plays the customer: opens the consent page, posts the decision and returns the redirect the browser
 * would follow (the callback URL with `code` and `state`, or `error`).
 */
export async function decideConsent(
  authorizationUrl: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<string> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200)
    throw new Error(`consent page: ${page.status} ${page.headers.get('location') ?? html}`);
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const transaction = /name="transaction" value="([^"]*)"/.exec(html)?.[1];
  if (action === undefined || transaction === undefined) throw new Error('consent page without a form');
  const response = await fetch(new URL(unescapeHtml(action), authorizationUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ transaction: unescapeHtml(transaction), decision }).toString(),
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  if (response.status !== 302 || location === null) throw new Error(`decision: ${response.status}`);
  return location;
}

/** How many requests reached a token endpoint so far. */
export function tokenRequestCount(sim: SimulatorHandle, path = '/ecostruxure/v1/oauth/token'): number {
  return sim.control.requests({ pathPrefix: path }).filter((entry) => entry.method === 'POST').length;
}
