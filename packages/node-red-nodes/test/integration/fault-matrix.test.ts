/**
 * The fault matrix and the secret canary in a real Node-RED 5 runtime: every simulator fault kind and the
 * harder cases (consent revoked mid-sync, token expiry mid-pagination, a rotating refresh token shared by
 * concurrent messages, a simulator restart mid-run) through the Get Emissions node for four sites in one
 * message. Each message must come out with every row once, or the node must report a node.error that says
 * what to do (to the Catch node) and turn its status red, within its bound. The accounts carry
 * recognisable fake secrets: no debug or output message, node status, runtime log line (at trace level),
 * admin API answer or file in the user directory (other than the encrypted token store) may show one, nor
 * any token the simulator issued.
 *
 * Writes the `node-red` sections of `docs/fault-matrix.md` and `docs/secret-canary.md` with
 * `UPDATE_PROOF_DOCS=1`; otherwise fails when they no longer match.
 */
import {
  DEMO_CREDENTIALS,
  startSimulator,
  type FaultRule,
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
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DebugMessage } from '../support/debug-messages.js';
import { checkDelivery } from '../support/emission-delivery.js';
import { ACCOUNT_ID, TAB_ID, tab } from '../support/flows.js';
import type { FlowNode } from '../support/node-red.js';
import { packageRoot } from '../support/paths.js';
import { catchAll, debug, startScenario, type Scenario } from '../support/scenario.js';

const DOCS = join(packageRoot, '..', '..', 'docs');
const SITES = ['site-0001', 'site-0002', 'site-0003', 'site-0004'];
// 12 days of 15-minute data: 1,152 rows a site, two pages of at most 1,000.
const EXPECTED_ROWS = SITES.length * 12 * 96;
/** The nodes use core's defaults: a 30 s timeout per request, retries over at most 60 s. */
const BOUND_MS = 45_000;
const SIMULATOR: SimulatorOptions = { sites: 4, ...canarySimulatorOptions() };

const ACCOUNTS = {
  consent: ACCOUNT_ID,
  pat: 'b2c3d4e5f6071829',
  apiKey: 'c3d4e5f60718293a',
} as const;
type AccountName = keyof typeof ACCOUNTS;
const ACCOUNT_LABEL: Record<AccountName, string> = {
  consent: 'OAuth2 consent',
  pat: 'personal access token',
  apiKey: 'API key',
};

const canaries = new SecretCanaries();
let s: Scenario;

function accounts(simulatorUrl: string, nodeRedUrl: string): FlowNode[] {
  return [
    {
      id: ACCOUNTS.consent,
      type: 'ecostruxure-account',
      name: 'Consent',
      authType: 'authorizationCode',
      baseUrl: simulatorUrl,
      scopes: 'read:site read:carbon-emission offline_access',
      redirectUri: `${nodeRedUrl}/ecostruxure/oauth/callback`,
      credentials: { clientId: DEMO_CREDENTIALS.isvApp.clientId, clientSecret: CANARY_SECRETS.clientSecret },
    },
    {
      id: ACCOUNTS.pat,
      type: 'ecostruxure-account',
      name: 'Token',
      authType: 'personalAccessToken',
      baseUrl: simulatorUrl,
      credentials: { token: CANARY_SECRETS.personalAccessToken },
    },
    {
      id: ACCOUNTS.apiKey,
      type: 'ecostruxure-account',
      name: 'Key',
      authType: 'apiKey',
      baseUrl: simulatorUrl,
      credentials: { apiKey: CANARY_SECRETS.apiKey },
    },
  ];
}

/** Get Emissions for the sites in msg.payload, all rows in one message. */
function emissions(id: string, account: AccountName): FlowNode {
  return {
    id,
    type: 'ecostruxure-emissions',
    account: ACCOUNTS[account],
    siteId: 'payload',
    siteIdType: 'msg',
    range: 'custom',
    from: '2026-01-01T00:00:00Z',
    fromType: 'str',
    to: '2026-01-13T00:00:00Z',
    toType: 'str',
    granularity: 'PT15M',
    output: 'message',
    wires: [[`${id}-out`]],
  };
}

const inject = (id: string, wires: string[]): FlowNode => ({
  id,
  type: 'inject',
  props: [{ p: 'payload' }],
  payload: JSON.stringify(SITES),
  payloadType: 'json',
  repeat: '',
  once: false,
  wires: [wires],
});

/** One inject and one emissions node per account, and three on the consent account fed by one inject. */
function flow(): FlowNode[] {
  const nodes: FlowNode[] = [];
  for (const account of Object.keys(ACCOUNTS) as AccountName[]) {
    nodes.push(
      inject(`go-${account}`, [`em-${account}`]),
      emissions(`em-${account}`, account),
      debug(`em-${account}-out`),
    );
  }
  const concurrent = ['em-c1', 'em-c2', 'em-c3'];
  nodes.push(inject('go-concurrent', concurrent));
  for (const id of concurrent) nodes.push(emissions(id, 'consent'), debug(`${id}-out`));
  nodes.push(catchAll('catch', 'caught'), debug('caught'));
  return nodes;
}

beforeAll(async () => {
  // The runtime (a child process) logs everything; its output is searched for canaries.
  process.env.NODE_RED_LOG_LEVEL = 'trace';
  s = await startScenario('5', SIMULATOR);
  await s.red.deploy([
    tab(),
    ...accounts(s.sim.url, s.red.url),
    ...flow().map((node) => ({ z: TAB_ID, x: 100, y: 100, ...node })),
  ]);
});

afterAll(async () => {
  delete process.env.NODE_RED_LOG_LEVEL;
  await s?.close();
});

const parse = (message: DebugMessage) => JSON.parse(message.msg) as Record<string, unknown>;

/**
 * Waits for what `nodes` send (one message each) or for the first error a Catch node receives from them,
 * and judges it by the matrix's rule.
 */
async function outcome(nodes: string[], since: number): Promise<string> {
  const started = Date.now();
  const fresh = () => s.feed.messages.slice(since);
  for (;;) {
    const caught = fresh().find((message) => message.id === 'caught');
    const outputs = nodes.map((id) => fresh().find((message) => message.id === `${id}-out`));
    if (caught) return failure(parse(caught), started);
    if (outputs.every(Boolean)) {
      expect(Date.now() - started).toBeLessThan(BOUND_MS);
      const results = await Promise.all(
        outputs.map(async (message, index) => await delivered(parse(message!), nodes[index]!)),
      );
      return results[0]!;
    }
    if (Date.now() - started > BOUND_MS)
      throw new Error(`Nothing came out of ${nodes.join(', ')} within ${BOUND_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Judges an output message: every row once, or (the node's documented partial outcome) every row of the
 * sites that answered once, with each other site named in msg.failures, its typed error and what to do,
 * and a yellow status. Either way no row goes missing unreported.
 */
async function delivered(msg: Record<string, unknown>, node: string): Promise<string> {
  const { rows, answered, failures } = checkDelivery(msg, SITES, EXPECTED_ROWS / SITES.length);
  if (failures.length === 0) return `complete: ${rows} of ${EXPECTED_ROWS} rows, 0 duplicates`;
  const status = await lastStatusBecomes(node, 'yellow');
  const codes = [...new Set(failures.map((failure) => failure.code))].join(', ');
  return (
    `partial: every row of the ${answered.length} sites that answered (${rows}), 0 duplicates; ` +
    `msg.failures names the other ${failures.length} (${codes}, with what to do), status yellow "${status.text ?? ''}"`
  );
}

async function failure(msg: Record<string, unknown>, started: number): Promise<string> {
  const error = msg.error as { message: string; code?: string; source: { id: string } };
  expect(Date.now() - started).toBeLessThan(BOUND_MS);
  const status = await s.feed.waitForStatus(error.source.id, /.+/);
  const last = s.feed.statuses.filter((entry) => entry.id === error.source.id).at(-1) ?? status;
  expect(last.fill).toBe('red');
  // Which site failed first can vary with timing: the table names no site.
  const text = (last.text ?? '').replace(/site-\d+/g, 'site-N');
  return `node.error ${error.code ?? '(no code)'}, status red "${text}"; says "${says(error.message)}"`;
}

/** The node's latest status once it has that fill (the status follows the message by a moment). */
async function lastStatusBecomes(node: string, fill: string) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const last = s.feed.statuses.filter((entry) => entry.id === node).at(-1);
    if (last?.fill === fill) return last;
    if (Date.now() > deadline) throw new Error(`${node} shows ${JSON.stringify(last)}, not a ${fill} status`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The advice core's description gives, which Node-RED appends to the message. */
const ADVICE = [
  /Authorize the app again \(sign in and approve access\)\./,
  /Fix or retry the failed items\./,
  /Try again later; if it persists, contact Schneider Electric support\./,
  /check the base URL\./,
];

function says(message: string): string {
  const found = ADVICE.map((pattern) => pattern.exec(message)?.[0]).find(Boolean);
  expect(found, `no advice in: ${message}`).toBeDefined();
  return found!;
}

async function press(injectId: string): Promise<number> {
  const since = s.feed.messages.length;
  await s.inject(injectId);
  return since;
}

interface Row {
  scenario: string;
  fault: string;
  account?: AccountName;
  rules?: FaultRule[];
  expected: RegExp;
  custom?: () => Promise<string>;
}

const done = /^complete/;
/** One site of four failed: the others' rows go on, the failed site in msg.failures (see `delivered`). */
const oneSiteFailed = (code: string) => new RegExp(`^partial: .*msg\\.failures names the other 1 \\(${code}`);
const scenarios: Row[] = [
  ...withExpectations<Pick<Row, 'account' | 'expected'>>({
    'no fault': { expected: done },
    'passing 502': { expected: done },
    'passing 503': { account: 'apiKey', expected: done },
    'passing 504': { expected: done },
    'server bug': { account: 'apiKey', expected: oneSiteFailed('API_ERROR') },
    'service down': { expected: /^node\.error BATCH_FAILED, status red/ },
    'rate limited': { expected: done },
    'rate limited, HTTP date': { expected: done },
    'slow answers': { expected: done },
    'no answer': { fault: 'hang, once (timeout 30 s)', expected: done },
    'connection reset': { account: 'apiKey', expected: done },
    'proxy error page': { expected: done },
    'truncated body': { account: 'apiKey', expected: oneSiteFailed('INVALID_RESPONSE') },
    'a site that cannot be read': { expected: oneSiteFailed('API_ERROR') },
    'token expiry mid-pagination': { account: 'consent', expected: done },
    'refresh without a new refresh token': { account: 'consent', expected: done },
    'consent revoked mid-sync': {
      account: 'consent',
      // Not "retry": the node and its account say to authorize again, as for a single site.
      expected:
        /^node\.error BATCH_FAILED, status red "consent revoked: re-authorize"; says "Authorize the app again/,
    },
  }),
  {
    scenario: 'rotating refresh token, concurrent runs',
    fault: 'expire-tokens, three nodes at once on one account',
    account: 'consent',
    expected: /^complete.* each; 1 refresh$/,
    custom: async () => {
      await s.authorize();
      s.sim.control.clearRequests();
      s.sim.control.expireAllTokens();
      const since = await press('go-concurrent');
      const result = await outcome(['em-c1', 'em-c2', 'em-c3'], since);
      const refreshes = s.sim.control
        .requests({ pathPrefix: '/ecostruxure/v1/oauth/token' })
        .filter(
          (entry) => (entry.body as { grant_type?: string } | undefined)?.grant_type === 'refresh_token',
        );
      // The account's client refreshes once for all three nodes; a second refresh would present a retired
      // refresh token and the server would revoke the grant.
      return `${result} each; ${refreshes.length} refresh${refreshes.length === 1 ? '' : 'es'}`;
    },
  },
  {
    scenario: 'simulator restart mid-run',
    fault: 'the server stops for 0.5 s and comes back on the same port',
    expected: done,
    custom: async () => {
      const port = s.sim.port;
      s.sim.control.addFault({ kind: 'delay', delayMs: 150, route: EMISSIONS_ROUTE });
      const since = await press('go-pat');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await s.sim.close();
      await new Promise((resolve) => setTimeout(resolve, 500));
      s.sim = await startSimulator({ ...SIMULATOR, port });
      return await outcome(['em-pat'], since);
    },
  },
];

const outcomes: Array<{ scenario: string; fault: string; account: string; result: string }> = [];

describe('fault matrix: Get Emissions in Node-RED 5', () => {
  it.each(scenarios)('$scenario ($fault)', { timeout: 90_000 }, async (entry) => {
    s.sim.control.clearFaults();
    const account = entry.account ?? 'pat';
    let result: string;
    if (entry.custom) {
      result = await entry.custom();
    } else {
      if (account === 'consent') await s.authorize();
      for (const rule of entry.rules ?? []) s.sim.control.addFault(rule);
      const since = await press(`go-${account}`);
      result = await outcome([`em-${account}`], since);
    }
    s.sim.control.clearFaults();
    expect(result).toMatch(entry.expected);
    outcomes.push({ scenario: entry.scenario, fault: entry.fault, account: ACCOUNT_LABEL[account], result });
  });

  it('the node-red section of docs/fault-matrix.md is the table this run produced', () => {
    const table = [
      'Generated by `packages/node-red-nodes/test/integration/fault-matrix.test.ts`: the Get Emissions node',
      `(custom range, all rows in one message) in a real Node-RED 5.0 runtime, for four sites in one message`,
      `(${EXPECTED_ROWS} rows, two pages a site). The output message must hold every row once; or every row of`,
      'the sites that answered, each other site named in msg.failures with its error and what to do, and a',
      'yellow status (the node goes on past a failed site); or the node must pass an error that says what to',
      'do to the Catch node and show a red status; within',
      `${BOUND_MS / 1000} s (the nodes use core's defaults: a 30 s timeout per request, retries for up to 60 s).`,
      'An error shows its code, the node status and the advice its message gives (what to do).',
      '',
      '| scenario | fault | account | Node-RED 5 |',
      '| --- | --- | --- | --- |',
      ...outcomes.map((o) => `| ${o.scenario} | ${o.fault} | ${o.account} | ${o.result} |`),
    ].join('\n');
    expect(outcomes).toHaveLength(scenarios.length);
    const section = { file: join(DOCS, 'fault-matrix.md'), doc: 'fault-matrix', section: 'node-red' };
    expect(syncDocSection(section, table)).toBe(table);
  });
});

/** Every file under `dir`, but the package itself (node_modules) and the encrypted token store. */
function userFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || (dir === root && entry.name === 'ecostruxure-tokens')) return [];
      return userFiles(path, root);
    }
    return entry.isFile() ? [path] : [];
  });
}

describe('secret canary: what Node-RED shows and keeps of those runs', () => {
  it('no message, status, log line, admin answer or user-directory file shows a secret or an issued token', async () => {
    const leaks: string[] = [];
    for (const message of s.feed.messages)
      leaks.push(...canaries.find(`debug message from ${message.id}`, JSON.stringify(message)));
    for (const status of s.feed.statuses)
      leaks.push(...canaries.find(`status of ${status.id}`, JSON.stringify(status)));
    leaks.push(...canaries.find('runtime log', s.red.output()));
    const flows = await (await s.red.request('/flows')).text();
    leaks.push(...canaries.find('admin API /flows', flows));
    for (const id of Object.values(ACCOUNTS)) {
      const answer = await (await s.red.request(`/credentials/ecostruxure-account/${id}`)).text();
      leaks.push(...canaries.find(`admin API credentials of ${id}`, answer));
    }
    const files = userFiles(s.red.userDir);
    for (const file of files)
      leaks.push(...canaries.find(`file ${relative(s.red.userDir, file)}`, readFileSync(file, 'utf8')));
    expect(leaks).toEqual([]);

    // Not vacuous: rows and errors went through the debug feed, the runtime logged, the files were there.
    const caught = s.feed.messages.filter((message) => message.id === 'caught');
    const partial = s.feed.messages.filter((message) => message.msg.includes('"failures"'));
    expect(caught.length).toBeGreaterThanOrEqual(2);
    expect(partial.length).toBeGreaterThanOrEqual(2);
    expect(s.feed.statuses.length).toBeGreaterThan(20);
    expect(s.red.output().split('\n').length).toBeGreaterThan(20);
    const names = files.map((file) => relative(s.red.userDir, file));
    expect(names).toEqual(expect.arrayContaining(['flows.json', 'flows_cred.json']));

    const report = [
      'Generated by `packages/node-red-nodes/test/integration/fault-matrix.test.ts` over the runs of the',
      'Node-RED fault matrix (an OAuth2 consent account, a personal access token account and an API key',
      'account, in a real Node-RED 5.0 runtime).',
      '',
      '| | |',
      '| --- | --- |',
      `| runs | ${scenarios.length + 2} messages (the concurrent row sends three), of which ${caught.length} ended in a node error |`,
      "| surfaces scanned | every message the debug sidebar received (row outputs and the Catch node's errors, whole messages), every node status sent to the editor, the runtime's log at trace level (stdout and stderr), the admin API's `/flows` and each account's `/credentials` answer, and every file in the user directory except the package and the encrypted token store (`ecostruxure-tokens/`): " +
        `${[...new Set(names.map((name) => name.replace(/^\.config\..*\.json$/, '.config.*.json')))]
          .sort()
          .map((name) => `\`${name}\``)
          .join(', ')} |`,
      `| canaries | ${CANARY_LABELS.join(', ')} |`,
      '| result | no canary found |',
    ].join('\n');
    const section = { file: join(DOCS, 'secret-canary.md'), doc: 'canary', section: 'node-red' };
    expect(syncDocSection(section, report)).toBe(report);
  });
});

const CANARY_LABELS = [
  "the consent account's client secret (raw, URL- and form-encoded, in a Basic pair)",
  'the personal access token',
  'the API key (raw, URL- and form-encoded)',
  'every access and refresh token and authorization code the simulator issued (by their `esx_at_`, `esx_rt_`, `esx_ac_` prefixes)',
  'the `CANARY-` marker of every secret',
];
