/**
 * The faults the proof suites share, so that core, the n8n engine and the Node-RED runtime meet the same
 * ones: the fault matrix's rows (every fault kind, on a sync of several sites and pages) and the soak's
 * random mix. Each suite adds what it expects of each row on its platform.
 */
import type { FaultRule } from '../context.js';

/** Every emission request of every site. */
export const EMISSIONS_ROUTE = 'GET /ecostruxure/carbon-emission/v1/sites/*/carbon-emissions';
/** Every Carbon API request, the site list included. */
export const CARBON_ROUTE = 'GET /ecostruxure/carbon-emission/v1/*';

/** The requests of one site: a fault aimed at a later site lands in the middle of a sync. */
const siteRoute = (siteId: string) => `GET /ecostruxure/carbon-emission/v1/sites/${siteId}/*`;

export interface FaultScenario {
  /** The row's name in the matrix. */
  scenario: string;
  /** The fault in words, as the matrix shows it. */
  fault: string;
  rules: FaultRule[];
  /** The row needs an authorization-code grant (consent), whose tokens the fault acts on. */
  consent?: true;
}

/** The matrix's rows with a plain workload, in the order the tables show them. */
export const FAULT_SCENARIOS: readonly FaultScenario[] = [
  { scenario: 'no fault', fault: '(none)', rules: [] },
  ...([502, 503, 504] as const).map((status) => ({
    scenario: `passing ${status}`,
    fault: `status ${status}, twice`,
    rules: [{ kind: 'status' as const, status, count: 2, route: EMISSIONS_ROUTE }],
  })),
  {
    scenario: 'server bug',
    fault: 'status 500, once',
    rules: [{ kind: 'status', status: 500, count: 1, route: EMISSIONS_ROUTE }],
  },
  {
    scenario: 'service down',
    fault: 'status 503 on every request',
    rules: [{ kind: 'status', status: 503, route: EMISSIONS_ROUTE }],
  },
  {
    scenario: 'rate limited',
    fault: 'rate-limit with Retry-After 1 s, 3 times',
    rules: [{ kind: 'rate-limit', retryAfterSeconds: 1, count: 3, route: EMISSIONS_ROUTE }],
  },
  {
    scenario: 'rate limited, HTTP date',
    fault: 'rate-limit with Retry-After as an HTTP date, twice',
    rules: [
      {
        kind: 'rate-limit',
        retryAfterSeconds: 1,
        retryAfterFormat: 'http-date',
        count: 2,
        route: EMISSIONS_ROUTE,
      },
    ],
  },
  {
    scenario: 'slow answers',
    fault: 'delay 300 ms, half the requests',
    rules: [{ kind: 'delay', delayMs: 300, probability: 0.5, route: EMISSIONS_ROUTE }],
  },
  {
    // The suites say which timeout ends the wait.
    scenario: 'no answer',
    fault: 'hang, once',
    rules: [{ kind: 'hang', count: 1, route: EMISSIONS_ROUTE }],
  },
  {
    scenario: 'connection reset',
    fault: 'reset, twice',
    rules: [{ kind: 'reset', count: 2, route: EMISSIONS_ROUTE }],
  },
  {
    scenario: 'proxy error page',
    fault: 'html-error (502 page), twice',
    rules: [{ kind: 'html-error', count: 2, route: EMISSIONS_ROUTE }],
  },
  {
    scenario: 'truncated body',
    fault: 'malformed-json, once',
    rules: [{ kind: 'malformed-json', count: 1, route: EMISSIONS_ROUTE }],
  },
  {
    // Every site asked for must still be accounted for: the others' rows, this one named as failed.
    scenario: 'a site that cannot be read',
    fault: 'status 500 on every request of site-0003',
    rules: [{ kind: 'status', status: 500, route: siteRoute('site-0003') }],
  },
  {
    scenario: 'token expiry mid-pagination',
    fault: 'expire-tokens on the third emissions request',
    consent: true,
    rules: [{ kind: 'expire-tokens', count: 1, route: siteRoute('site-0002') }],
  },
  {
    scenario: 'refresh without a new refresh token',
    fault: 'expire-tokens, then omit-refresh-token',
    consent: true,
    rules: [
      { kind: 'omit-refresh-token', count: 1 },
      { kind: 'expire-tokens', count: 1, route: siteRoute('site-0003') },
    ],
  },
  {
    scenario: 'consent revoked mid-sync',
    fault: 'revoke-consent on a later site',
    consent: true,
    rules: [{ kind: 'revoke-consent', count: 1, route: siteRoute('site-0003') }],
  },
];

/**
 * The soaks' random mix on every Carbon request, drawn from the simulator's seed so a failing sequence can
 * be replayed: mostly faults a retry gets past, a few that fail a site (500, a truncated body).
 */
export const SOAK_FAULTS: readonly FaultRule[] = [
  { kind: 'status', status: 503, probability: 0.03, route: CARBON_ROUTE },
  { kind: 'status', status: 502, probability: 0.02, route: CARBON_ROUTE },
  { kind: 'status', status: 500, probability: 0.004, route: CARBON_ROUTE },
  { kind: 'reset', probability: 0.01, route: CARBON_ROUTE },
  { kind: 'html-error', probability: 0.01, route: CARBON_ROUTE },
  { kind: 'delay', delayMs: 200, probability: 0.05, route: CARBON_ROUTE },
  { kind: 'hang', probability: 0.002, route: CARBON_ROUTE },
  { kind: 'rate-limit', retryAfterSeconds: 1, probability: 0.005, route: CARBON_ROUTE },
  { kind: 'malformed-json', probability: 0.002, route: CARBON_ROUTE },
  { kind: 'expire-tokens', probability: 0.01, route: CARBON_ROUTE },
];

/**
 * The shared rows with a suite's own expectations added; a row the suite forgot is an error, so a fault
 * added here reaches every platform's table.
 */
export function withExpectations<Own extends object>(
  own: Readonly<Record<string, Own & { fault?: string }>>,
): Array<FaultScenario & Own> {
  const unknown = Object.keys(own).filter((name) => !FAULT_SCENARIOS.some((row) => row.scenario === name));
  if (unknown.length > 0) throw new Error(`No such fault matrix rows: ${unknown.join(', ')}.`);
  return FAULT_SCENARIOS.map((shared) => {
    const mine = own[shared.scenario];
    if (mine === undefined) throw new Error(`The fault matrix has no expectation for "${shared.scenario}".`);
    return { ...shared, ...mine };
  });
}
