/**
 * The fault matrix: every simulator fault kind, and the harder cases (consent revoked mid-sync, token
 * expiry mid-pagination, a rotating refresh token shared by concurrent runs, a simulator restart
 * mid-run), through core's Get Emissions operation on several sites and pages. Each run must either
 * complete with every row, counted (nothing lost, nothing twice), or fail with a typed error that says
 * what to do; none may hang past its bound. The table it produces is the core section of
 * `docs/fault-matrix.md`: `UPDATE_PROOF_DOCS=1` (or `UPDATE_FAULT_MATRIX=1`) rewrites it, and otherwise the
 * test fails when it no longer matches.
 */
import {
  DEMO_CREDENTIALS,
  startSimulator,
  type FaultRule,
  type SimulatorHandle,
} from '@ecostruxure-connector/simulator';
import {
  EMISSIONS_ROUTE,
  syncDocSection,
  withExpectations,
  writeDocSection,
} from '@ecostruxure-connector/simulator/harness';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchError,
  createEcoStruxureClient,
  EcoStruxureError,
  getEmissions,
  type Credentials,
  type EcoStruxureClient,
} from '../src/index.js';
import { createMemoryTokenStore, type AuthorizationCodeAuth } from '../src/advanced.js';
import { createUndiciTransport, nodeRuntime } from '../src/node/index.js';
import { connectByConsent } from './support/consent.js';

const MATRIX_FILE = join(import.meta.dirname, '../../../docs/fault-matrix.md');
const SITES = ['site-0001', 'site-0002', 'site-0003', 'site-0004'];
// 12 days of 15-minute data: 1,152 points a site, two pages of at most 1,000.
const WORKLOAD = {
  siteIds: SITES,
  range: 'custom',
  from: '2026-01-01T00:00:00Z',
  to: '2026-01-13T00:00:00Z',
  granularity: 'PT15M',
  output: 'rows',
} as const;
const EXPECTED_ROWS = SITES.length * 12 * 96;
/** No run may take longer than this, whatever the fault. */
const BOUND_MS = 20_000;

let sim: SimulatorHandle;
const transport = createUndiciTransport();

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 4 });
});
afterAll(async () => {
  transport.close();
  await sim.close();
});

interface Outcome {
  scenario: string;
  fault: string;
  result: string;
}
const outcomes: Outcome[] = [];

function client(
  credentials: Credentials,
  extra: { tokenStore?: ReturnType<typeof createMemoryTokenStore> } = {},
): EcoStruxureClient {
  return createEcoStruxureClient({
    baseUrl: sim.url,
    credentials,
    transport,
    runtime: nodeRuntime,
    timeoutMs: 1_500,
    retry: { baseDelayMs: 50, maxDelayMs: 400, budgetMs: 10_000 },
    ...extra,
  });
}

const pat = (): EcoStruxureClient =>
  client({ kind: 'personalAccessToken', token: DEMO_CREDENTIALS.personalAccessToken.value });

/** A client connected through the consent page, its tokens rotating on every refresh. */
async function consented(): Promise<EcoStruxureClient> {
  const connected = client(
    {
      kind: 'authorizationCode',
      clientId: DEMO_CREDENTIALS.isvApp.clientId,
      clientSecret: DEMO_CREDENTIALS.isvApp.clientSecret,
      redirectUri: 'http://127.0.0.1/callback',
      scopes: 'read:site read:carbon-emission offline_access',
    },
    { tokenStore: createMemoryTokenStore() },
  );
  const auth = connected.auth as AuthorizationCodeAuth;
  await connectByConsent(auth);
  return connected;
}

/** Runs the workload and checks the rule of the matrix: every row once, or a typed error saying what to do. */
async function run(target: EcoStruxureClient): Promise<string> {
  const started = Date.now();
  try {
    const result = await getEmissions(target, WORKLOAD);
    const keys = result.items.map((row) => `${String(row.siteId)}|${String(row.timestamp)}`);
    const duplicates = keys.length - new Set(keys).size;
    expect(duplicates).toBe(0);
    expect(result.items).toHaveLength(EXPECTED_ROWS);
    return `complete: ${result.items.length} of ${EXPECTED_ROWS} rows, 0 duplicates`;
  } catch (error) {
    expect(error).toBeInstanceOf(EcoStruxureError);
    const typed = error as EcoStruxureError;
    expect(typed.description.length).toBeGreaterThan(10);
    const retryable = typed.retryable ? ', retryable' : '';
    if (typed instanceof BatchError) {
      const codes = [...new Set(typed.failures.map((failure) => (failure.error as EcoStruxureError).code))];
      // Which sites failed first can vary with timing, so the table names the kinds of failure only.
      return `typed error ${typed.code} (sites failed with ${codes.join(', ')}${retryable})`;
    }
    return `typed error ${typed.code}${retryable ? ` (${retryable.slice(2)})` : ''}`;
  } finally {
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
  }
}

interface Scenario {
  scenario: string;
  fault: string;
  rules?: FaultRule[];
  consent?: boolean;
  /** Extra checks after the run. */
  then?: (result: string) => void;
  /** What is run instead of the plain workload. */
  custom?: () => Promise<string>;
}

const complete = (result: string) => expect(result).toMatch(/^complete/);
const failedSites = (detail: string) => (result: string) =>
  expect(result).toBe(`typed error BATCH_FAILED (sites failed with ${detail})`);

const scenarios: Scenario[] = [
  ...withExpectations<Pick<Scenario, 'then' | 'custom'>>({
    'no fault': { then: complete },
    'passing 502': { then: complete },
    'passing 503': { then: complete },
    'passing 504': { then: complete },
    'server bug': { then: failedSites('API_ERROR, retryable') },
    'service down': { then: failedSites('API_ERROR, retryable') },
    'rate limited': { then: complete },
    'rate limited, HTTP date': { then: complete },
    'slow answers': { then: complete },
    'no answer': { fault: 'hang, once (timeout 1.5 s)', then: complete },
    'connection reset': { then: complete },
    'proxy error page': { then: complete },
    'truncated body': { then: failedSites('INVALID_RESPONSE') },
    'a site that cannot be read': {
      // Going on past failed sites: every site asked for is in the rows or in failures.
      custom: async () => {
        sim.control.addFault({
          kind: 'status',
          status: 500,
          route: 'GET /ecostruxure/carbon-emission/v1/sites/site-0003/*',
        });
        const result = await getEmissions(pat(), { ...WORKLOAD, onSiteFailure: 'continue' });
        const answered = [...new Set(result.items.map((row) => String(row.siteId)))];
        const failed = result.failures.map((failure) => failure.siteId);
        expect([...answered, ...failed, ...result.skipped.map((skip) => skip.siteId)].sort()).toEqual(SITES);
        expect(result.items).toHaveLength((EXPECTED_ROWS / SITES.length) * answered.length);
        return `partial: ${result.items.length} rows of ${answered.length} sites; failures: ${failed.join(', ')} (${result.failures.map((f) => f.code).join(', ')}); every site accounted for`;
      },
      then: (result) =>
        expect(result).toMatch(/^partial: 3456 rows of 3 sites; failures: site-0003 \(API_ERROR\)/),
    },
    'token expiry mid-pagination': { then: complete },
    'refresh without a new refresh token': { then: complete },
    'consent revoked mid-sync': {
      then: (result) => expect(result).toMatch(/^typed error (REAUTHORIZATION_REQUIRED|BATCH_FAILED)/),
    },
  }),
  {
    scenario: 'rotating refresh token, concurrent runs',
    fault: 'expire-tokens, three runs at once on one credential',
    custom: async () => {
      const shared = await consented();
      sim.control.clearRequests();
      sim.control.expireAllTokens();
      const results = await Promise.all([run(shared), run(shared), run(shared)]);
      const refreshes = sim.control
        .requests({ pathPrefix: '/ecostruxure/v1/oauth/token' })
        .filter(
          (entry) => (entry.body as { grant_type?: string } | undefined)?.grant_type === 'refresh_token',
        );
      // One refresh for all three: a second would present a retired refresh token and revoke the grant.
      expect(refreshes).toHaveLength(1);
      expect(new Set(results).size).toBe(1);
      return `${results[0]} each; 1 refresh`;
    },
  },
  {
    scenario: 'simulator restart mid-run',
    fault: 'the server stops for 0.5 s and comes back on the same port',
    custom: async () => {
      const port = sim.port;
      // Backoff near its ceiling (300, 600, 1,200 ms): longer in all than the outage, so the run survives it.
      const target = createEcoStruxureClient({
        baseUrl: sim.url,
        credentials: { kind: 'personalAccessToken', token: DEMO_CREDENTIALS.personalAccessToken.value },
        transport,
        runtime: { ...nodeRuntime, random: () => 0.99 },
        timeoutMs: 1_500,
        retry: { baseDelayMs: 300, maxDelayMs: 2_000, budgetMs: 10_000 },
      });
      sim.control.addFault({ kind: 'delay', delayMs: 150, route: EMISSIONS_ROUTE });
      const pending = run(target);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sim.close();
      await new Promise((resolve) => setTimeout(resolve, 500));
      sim = await startSimulator({ port, sites: 4 });
      const result = await pending;
      expect(result).toMatch(/^complete/);
      return result;
    },
  },
];

describe('fault matrix: Get Emissions through core', () => {
  it.each(scenarios)('$scenario ($fault)', async (entry) => {
    sim.control.clearFaults();
    let result: string;
    if (entry.custom) {
      result = await entry.custom();
    } else {
      const target = entry.consent ? await consented() : pat();
      for (const rule of entry.rules ?? []) sim.control.addFault(rule);
      result = await run(target);
    }
    sim.control.clearFaults();
    entry.then?.(result);
    outcomes.push({ scenario: entry.scenario, fault: entry.fault, result });
  });

  it('the core section of docs/fault-matrix.md is the table this run produced', () => {
    const table = [
      'Generated by `packages/core/test/fault-matrix.test.ts`. The workload is Get Emissions for 4 sites,',
      `12 days of 15-minute data (${EXPECTED_ROWS} rows, two pages a site) against the simulator, through`,
      "core's client with the undici transport. A run must complete with every row, none twice, or fail",
      'with a typed error that says what to do, within 20 s.',
      '',
      '| scenario | fault | core |',
      '| --- | --- | --- |',
      ...outcomes.map((outcome) => `| ${outcome.scenario} | ${outcome.fault} | ${outcome.result} |`),
    ].join('\n');
    const section = { file: MATRIX_FILE, doc: 'fault-matrix', section: 'core' };
    // The older switch still rewrites the core section.
    if (process.env.UPDATE_FAULT_MATRIX === '1') writeDocSection(section, table);
    expect(outcomes).toHaveLength(scenarios.length);
    expect(syncDocSection(section, table)).toBe(table);
  });
});
