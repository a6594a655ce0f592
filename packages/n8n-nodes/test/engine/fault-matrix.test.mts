/**
 * The fault matrix and the secret canary in n8n's own engine: every simulator fault kind and the harder
 * cases (consent revoked mid-sync, token expiry mid-pagination, a rotating refresh token shared by
 * concurrent executions, a simulator restart mid-run) through the Carbon node's Get Emissions for four
 * input items. Each execution must deliver every row once, or fail with a NodeApiError or
 * NodeOperationError whose description says what to do, within its bound. The credentials carry
 * recognisable fake secrets: nothing n8n keeps of an execution (its run data, node errors, the log lines of
 * n8n and of the nodes) may show one, nor any token the simulator issued.
 *
 * Writes the `n8n-engine` sections of `docs/fault-matrix.md` and `docs/secret-canary.md` with
 * `UPDATE_PROOF_DOCS=1`; otherwise fails when they no longer match.
 */
import {
  DEMO_CREDENTIALS,
  startSimulator,
  type FaultRule,
  type SimulatorHandle,
  type SimulatorOptions,
} from '@ecostruxure-connector/simulator';
import {
  CANARY_SECRETS,
  canarySimulatorOptions,
  EMISSIONS_ROUTE,
  SecretCanaries,
  syncDocSection,
  withExpectations,
} from '@ecostruxure-connector/simulator/harness';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { IDataObject, INodeParameters, IRun } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeWithConsent } from '../support/consent.mjs';
import { EngineHarness } from './harness/engine.mjs';
import { CREDENTIAL_IDS, singleNodeWorkflow, type CredentialType } from './harness/workflows.mjs';

const DOCS = join(import.meta.dirname, '../../../../docs');
const SITES = ['site-0001', 'site-0002', 'site-0003', 'site-0004'];
const FROM = '2026-01-01T00:00:00Z';
const TO = '2026-01-13T00:00:00Z';
// 12 days of 15-minute data: 1,152 rows a site, two pages of at most 1,000.
const EXPECTED_ROWS = SITES.length * 12 * 96;
/** The nodes use core's defaults: a 30 s timeout per request, retries over at most 60 s. */
const BOUND_MS = 45_000;
const SIMULATOR: SimulatorOptions = { port: 0, sites: 4, ...canarySimulatorOptions() };

let sim: SimulatorHandle;
let harness: EngineHarness;
const canaries = new SecretCanaries();

// ---------------------------------------------------------------------------------------------------
// What n8n keeps of an execution and logs, collected for the canary sweep.

// Every level, to a file that is scanned too (read when n8n's logger is first made, at the first execution).
const N8N_LOG_FILE = join(mkdtempSync(join(tmpdir(), 'n8n-engine-log-')), 'n8n.log');
process.env.N8N_LOG_LEVEL = 'debug';
process.env.N8N_LOG_OUTPUT = 'file';
process.env.N8N_LOG_FILE_LOCATION = N8N_LOG_FILE;

const require = createRequire(import.meta.url);
const n8nCoreDir = require.resolve('n8n-core');
const { Logger } = require(require.resolve('@n8n/backend-common', { paths: [n8nCoreDir] })) as {
  Logger: { prototype: Record<string, (...args: unknown[]) => unknown> };
};
const logLines: string[] = [];
const consoleLines: string[] = [];
const runRecords: Array<{ scenario: string; run: IRun }> = [];

function captureLogs(): () => void {
  const restore: Array<() => void> = [];
  for (const level of ['error', 'warn', 'info', 'debug'] as const) {
    const original = Logger.prototype[level];
    Logger.prototype[level] = function (this: unknown, ...args: unknown[]) {
      logLines.push(`${level} ${inspect(args, { depth: 8 })}`);
      return original?.apply(this, args);
    };
    restore.push(() => (Logger.prototype[level] = original!));
    const originalConsole = console[level];
    console[level] = (...args: unknown[]) => {
      consoleLines.push(`${level} ${inspect(args, { depth: 8 })}`);
      originalConsole(...args);
    };
    restore.push(() => (console[level] = originalConsole));
  }
  return () => restore.forEach((undo) => undo());
}

let releaseLogs: () => void = () => undefined;

beforeAll(async () => {
  releaseLogs = captureLogs();
  sim = await startSimulator(SIMULATOR);
  harness = new EngineHarness();
  harness.credentials.add(
    CREDENTIAL_IDS.ecoStruxurePersonalAccessTokenApi,
    'ecoStruxurePersonalAccessTokenApi',
    {
      baseUrl: sim.url,
      token: CANARY_SECRETS.personalAccessToken,
    },
  );
  harness.credentials.add(CREDENTIAL_IDS.ecoStruxureApiKeyApi, 'ecoStruxureApiKeyApi', {
    baseUrl: sim.url,
    apiKey: CANARY_SECRETS.apiKey,
    placement: 'query',
  });
});

afterAll(async () => {
  releaseLogs();
  await sim?.close();
});

/** Connects the consent credential afresh (a new grant, its refresh token rotating on every refresh). */
async function connectConsent(): Promise<void> {
  const tokens = await authorizeWithConsent({
    authorizeUrl: sim.urls.authorize,
    tokenUrl: sim.urls.token,
    clientId: DEMO_CREDENTIALS.isvApp.clientId,
    clientSecret: CANARY_SECRETS.clientSecret,
    redirectUri: 'http://127.0.0.1/callback',
    scope: 'read:site read:carbon-emission offline_access',
  });
  learnTokens(tokens);
  harness.credentials.add(CREDENTIAL_IDS.ecoStruxureOAuth2Api, 'ecoStruxureOAuth2Api', {
    baseUrl: sim.url,
    clientId: DEMO_CREDENTIALS.isvApp.clientId,
    clientSecret: CANARY_SECRETS.clientSecret,
    oauthTokenData: tokens as IDataObject,
  });
}

/** Issued tokens carry recognisable prefixes anyway; the exact values are looked for too. */
function learnTokens(tokens: Record<string, unknown> | undefined): void {
  for (const field of ['access_token', 'refresh_token'])
    if (typeof tokens?.[field] === 'string') canaries.add(`issued ${field}`, tokens[field]);
}

const AUTHENTICATION: Partial<Record<CredentialType, string>> = {
  ecoStruxureOAuth2Api: 'oAuth2',
  ecoStruxurePersonalAccessTokenApi: 'personalAccessToken',
  ecoStruxureApiKeyApi: 'apiKey',
};

const CREDENTIAL_LABEL: Partial<Record<CredentialType, string>> = {
  ecoStruxureOAuth2Api: 'OAuth2 consent',
  ecoStruxurePersonalAccessTokenApi: 'personal access token',
  ecoStruxureApiKeyApi: 'API key (query)',
};

function emissionsWorkflow(credentialType: CredentialType, continueOnFail = false) {
  const parameters: INodeParameters = {
    authentication: AUTHENTICATION[credentialType] ?? '',
    resource: 'emission',
    operation: 'get',
    site: { __rl: true, mode: 'id', value: '={{ $json.siteId }}' },
    range: 'custom',
    from: FROM,
    to: TO,
    granularity: 'PT15M',
    output: 'rows',
  };
  return singleNodeWorkflow('Carbon', 'ecoStruxureCarbon', parameters, credentialType, { continueOnFail });
}

/** One execution of Get Emissions for the four sites, judged by the matrix's rule. */
async function execute(scenario: string, credentialType: CredentialType): Promise<string> {
  const started = Date.now();
  const { run, output } = await harness.run(
    emissionsWorkflow(credentialType),
    'Carbon',
    SITES.map((siteId) => ({ siteId })),
  );
  runRecords.push({ scenario, run });
  const stored = harness.credentials.store.get(CREDENTIAL_IDS.ecoStruxureOAuth2Api)?.data.oauthTokenData;
  learnTokens(stored as Record<string, unknown> | undefined);
  expect(Date.now() - started).toBeLessThan(BOUND_MS);
  const task = run.data.resultData.runData.Carbon?.[0];
  const error = task?.error;
  if (error === undefined) {
    const { items } = output('Carbon');
    const keys = new Set(items.map((item) => `${String(item.json.siteId)}|${String(item.json.timestamp)}`));
    expect(keys.size).toBe(EXPECTED_ROWS);
    expect(items).toHaveLength(EXPECTED_ROWS);
    // Every row is paired with the input item (the site) it came from.
    for (const item of items)
      expect(SITES[(item.pairedItem as { item: number }).item]).toBe(item.json.siteId);
    return `complete: ${items.length} of ${EXPECTED_ROWS} items, 0 duplicates`;
  }
  // The run data keeps the error as n8n records it (what the editor and the execution list show).
  const kind = error.name;
  expect(['NodeApiError', 'NodeOperationError'], `${scenario}: ${inspect(error)}`).toContain(kind);
  expect(String(error.description ?? '').length, `${scenario}: description`).toBeGreaterThan(20);
  const code = (error as { httpCode?: string | null }).httpCode;
  const errorCode = (error as { errorResponse?: { errorCode?: string } }).errorResponse?.errorCode;
  // Which site failed first can vary with timing, so the table shows what to do, not the whole message.
  const advice = code === '401' ? error.message : firstSentence(String(error.description));
  return `${kind} (${code ? `HTTP ${code}, ` : ''}${errorCode ?? 'no code'}): ${advice}`;
}

/** The same execution with Continue On Fail: the sites that answered and one error item per failed site. */
async function executeContinuing(scenario: string): Promise<string> {
  const workflow = emissionsWorkflow('ecoStruxurePersonalAccessTokenApi', true);
  const { run, output } = await harness.run(
    workflow,
    'Carbon',
    SITES.map((siteId) => ({ siteId })),
  );
  runRecords.push({ scenario, run });
  const { items } = output('Carbon');
  const rows = items.filter((item) => item.json.error === undefined);
  const errors = items.filter((item) => item.json.error !== undefined);
  const answered = [...new Set(rows.map((item) => String(item.json.siteId)))];
  // An error item is paired with its input item, the site it stands for.
  const failed = errors.map((item) => SITES[(item.pairedItem as { item: number }).item] ?? '?');
  expect([...answered, ...failed].sort()).toEqual(SITES);
  // An error item of a whole input item carries core's code as errorCode.
  const codes = errors.map((item) => String((item.json.error as { errorCode?: string }).errorCode));
  return `partial: ${rows.length} rows of ${answered.length} sites; error item: ${failed.join(', ')} (${codes.join(', ')}); every site accounted for`;
}

function firstSentence(text: string): string {
  return /^.*?\.(?=\s|$)/.exec(text)?.[0] ?? text;
}

interface Scenario {
  scenario: string;
  fault: string;
  credential?: CredentialType;
  rules?: FaultRule[];
  expected: RegExp;
  custom?: () => Promise<string>;
}

const complete = /^complete/;
const API_KEY = { credential: 'ecoStruxureApiKeyApi' } as const;
const CONSENT = { credential: 'ecoStruxureOAuth2Api' } as const;
const scenarios: Scenario[] = [
  ...withExpectations<Pick<Scenario, 'credential' | 'expected' | 'custom'>>({
    'no fault': { expected: complete },
    'passing 502': { expected: complete },
    'passing 503': { ...API_KEY, expected: complete },
    'passing 504': { expected: complete },
    'server bug': { ...API_KEY, expected: /^NodeApiError \(HTTP 500, API_ERROR\): Try again later/ },
    'service down': { expected: /^NodeApiError \(HTTP 503, API_ERROR\): Try again later/ },
    'rate limited': { expected: complete },
    'rate limited, HTTP date': { expected: complete },
    'slow answers': { expected: complete },
    'no answer': { fault: 'hang, once (timeout 30 s)', expected: complete },
    'connection reset': { ...API_KEY, expected: complete },
    'proxy error page': { expected: complete },
    'truncated body': {
      ...API_KEY,
      expected: /^NodeApiError \(HTTP 200, INVALID_RESPONSE\): Check that the base URL/,
    },
    'a site that cannot be read': {
      // With Continue On Fail: every site asked for is in the rows or an error item.
      expected:
        /^partial: 3456 rows of 3 sites; error item: site-0003 \(API_ERROR\); every site accounted for$/,
      custom: async () => {
        sim.control.addFault({
          kind: 'status',
          status: 500,
          route: 'GET /ecostruxure/carbon-emission/v1/sites/site-0003/*',
        });
        return await executeContinuing('a site that cannot be read');
      },
    },
    'token expiry mid-pagination': { ...CONSENT, expected: complete },
    'refresh without a new refresh token': { ...CONSENT, expected: complete },
    'consent revoked mid-sync': {
      ...CONSENT,
      expected: /^NodeApiError \(HTTP 401, .*\): .*reconnect the EcoStruxure credential/,
    },
  }),
  {
    scenario: 'rotating refresh token, concurrent runs',
    fault: 'expire-tokens, three executions at once on one credential',
    credential: 'ecoStruxureOAuth2Api',
    expected: /^complete.* each; 1 refresh$/,
    custom: async () => {
      await connectConsent();
      sim.control.clearRequests();
      sim.control.expireAllTokens();
      const results = await Promise.all(
        [1, 2, 3].map((n) => execute(`concurrent execution ${n}`, 'ecoStruxureOAuth2Api')),
      );
      const refreshes = sim.control
        .requests({ pathPrefix: '/ecostruxure/v1/oauth/token' })
        .filter(
          (entry) => (entry.body as { grant_type?: string } | undefined)?.grant_type === 'refresh_token',
        );
      // n8n refreshes once per credential for all executions; a second refresh would present a retired
      // refresh token, and the server would then revoke the grant.
      expect(new Set(results).size).toBe(1);
      return `${results[0]} each; ${refreshes.length} refresh${refreshes.length === 1 ? '' : 'es'}`;
    },
  },
  {
    scenario: 'simulator restart mid-run',
    fault: 'the server stops for 0.5 s and comes back on the same port',
    expected: complete,
    custom: async () => {
      const port = sim.port;
      sim.control.addFault({ kind: 'delay', delayMs: 150, route: EMISSIONS_ROUTE });
      const pending = execute('simulator restart mid-run', 'ecoStruxurePersonalAccessTokenApi');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sim.close();
      await new Promise((resolve) => setTimeout(resolve, 500));
      sim = await startSimulator({ ...SIMULATOR, port });
      return await pending;
    },
  },
];

const outcomes: Array<{ scenario: string; fault: string; credential: string; result: string }> = [];

describe('fault matrix: Get Emissions in the n8n engine', () => {
  it.each(scenarios)('$scenario ($fault)', { timeout: 90_000 }, async (entry) => {
    sim.control.clearFaults();
    const credential = entry.credential ?? 'ecoStruxurePersonalAccessTokenApi';
    let result: string;
    if (entry.custom) {
      result = await entry.custom();
    } else {
      if (credential === 'ecoStruxureOAuth2Api') await connectConsent();
      for (const rule of entry.rules ?? []) sim.control.addFault(rule);
      result = await execute(entry.scenario, credential);
    }
    sim.control.clearFaults();
    expect(result).toMatch(entry.expected);
    outcomes.push({
      scenario: entry.scenario,
      fault: entry.fault,
      credential: CREDENTIAL_LABEL[credential] ?? '',
      result,
    });
  });

  it('the n8n-engine section of docs/fault-matrix.md is the table this run produced', () => {
    const table = [
      'Generated by `packages/n8n-nodes/test/engine/fault-matrix.test.mts`: the EcoStruxure Carbon node',
      "(Emission > Get, custom range, rows) in n8n's own engine (n8n-core 2.41 `WorkflowExecute`) with n8n",
      `applying and refreshing the credential, four input items (one a site, ${EXPECTED_ROWS} rows in all,`,
      'two pages a site, up to ten items at once). An execution must output every row once, each paired with its',
      'input item, or fail with a NodeApiError or NodeOperationError whose description says what to do,',
      `within ${BOUND_MS / 1000} s (the nodes use core's defaults: a 30 s timeout per request, retries for up to 60 s).`,
      '',
      '| scenario | fault | credential | n8n engine |',
      '| --- | --- | --- | --- |',
      ...outcomes.map((o) => `| ${o.scenario} | ${o.fault} | ${o.credential} | ${o.result} |`),
    ].join('\n');
    expect(outcomes).toHaveLength(scenarios.length);
    const section = { file: join(DOCS, 'fault-matrix.md'), doc: 'fault-matrix', section: 'n8n-engine' };
    expect(syncDocSection(section, table)).toBe(table);
  });
});

describe('secret canary: what n8n keeps and logs of those executions', () => {
  it('no run data, node error or log line shows a secret or an issued token', () => {
    const leaks: string[] = [];
    for (const { scenario, run } of runRecords) {
      leaks.push(...canaries.find(`${scenario}: run data (JSON)`, JSON.stringify(run)));
      leaks.push(
        ...canaries.find(`${scenario}: run data (inspect)`, inspect(run, { depth: 30, showHidden: true })),
      );
      const error = run.data.resultData.runData.Carbon?.[0]?.error;
      if (error) {
        const surfaces = [error.message, error.description ?? '', error.stack ?? '', JSON.stringify(error)];
        leaks.push(...canaries.find(`${scenario}: node error`, surfaces.join('\n')));
      }
    }
    for (const line of logLines) leaks.push(...canaries.find('n8n log line', line));
    for (const line of consoleLines) leaks.push(...canaries.find('console', line));
    const logFile = existsSync(N8N_LOG_FILE) ? readFileSync(N8N_LOG_FILE, 'utf8') : '';
    leaks.push(...canaries.find("n8n's log file", logFile));
    expect(leaks).toEqual([]);

    // Not vacuous: the executions failed and succeeded, n8n logged its refreshes, tokens were learnt.
    const failed = runRecords.filter(({ run }) => run.data.resultData.runData.Carbon?.[0]?.error);
    expect(failed.length).toBeGreaterThanOrEqual(4);
    expect(runRecords.length - failed.length).toBeGreaterThanOrEqual(10);
    expect(logLines.some((line) => line.includes('has been renewed'))).toBe(true);
    expect(logFile).toContain('has been renewed');
    expect(canaries.labels()).toContain('issued refresh_token');

    const report = [
      'Generated by `packages/n8n-nodes/test/engine/fault-matrix.test.mts` over the executions of the',
      "n8n engine's fault matrix (the OAuth2 consent, personal access token and API key credentials).",
      '',
      '| | |',
      '| --- | --- |',
      `| executions | ${runRecords.length}, of which ${failed.length} failed with a node error |`,
      "| surfaces scanned | run data of every execution (as JSON and `util.inspect`), each node error (message, description, stack, JSON), every line logged through n8n's logger at debug level (as logged, and the log file n8n wrote), everything written to the console |",
      `| canaries | ${CANARY_LABELS.join(', ')} |`,
      '| result | no canary found |',
    ].join('\n');
    const section = { file: join(DOCS, 'secret-canary.md'), doc: 'canary', section: 'n8n-engine' };
    expect(syncDocSection(section, report)).toBe(report);
  });
});

/** The canaries by kind, for the report (learnt token values differ between runs). */
const CANARY_LABELS = [
  "the consent app's client secret (raw, URL- and form-encoded, in a Basic pair)",
  'the personal access token',
  'the API key (raw, URL- and form-encoded)',
  'every access and refresh token the simulator issued (their values, and the `esx_at_`, `esx_rt_`, `esx_ac_` prefixes)',
  'the `CANARY-` marker of every secret',
];
