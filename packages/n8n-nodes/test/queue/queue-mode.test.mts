/**
 * The package in a real n8n 2.41.1 in queue mode: a main and two workers sharing Redis (the queue) and
 * PostgreSQL, all started here on loopback. One OAuth2 credential with customer consent, whose refresh token
 * rotates, serves webhook executions that run concurrently on both workers and a polling trigger on the
 * main. The simulator expires every access token twice mid-run; then no refresh token may have been spent
 * twice (the simulator revokes the whole grant when one is), every execution must have succeeded on a
 * worker that loaded the package, and the trigger must have fired once.
 */
import { installN8n, N8nRestClient, waitFor, type WorkflowJson } from '@ecostruxure-connector/n8n-host';
import {
  DEMO_CREDENTIALS,
  decideConsentAsCustomer,
  startSimulator,
  type LoggedRequest,
  type SimulatorHandle,
} from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackage, type PackedPackage } from '../e2e/package-tarball.mjs';
import { startQueueCluster, type QueueCluster } from './cluster.mjs';
import {
  ensureQueueServicesInstalled,
  startPostgres,
  startRedis,
  type Database,
  type Service,
} from './services.mjs';

const EXECUTIONS = 20;
const WORKERS = 2;
/** Five at a time per worker: twenty executions arriving together must spread over both. */
const WORKER_CONCURRENCY = 5;
/** Completed executions after which the simulator expires every access token. */
const EXPIRE_AFTER = [4, 12];

let sim: SimulatorHandle;
let redis: Service | undefined;
let postgres: Database | undefined;
let cluster: QueueCluster | undefined;
let rest: N8nRestClient;
let credential: { id: string; name: string };
const figures: Record<string, number | string> = {};
let packed: PackedPackage | undefined;

beforeAll(async () => {
  const started = performance.now();
  const cacheDir = (await installN8n({ onProgress: (line) => console.error(line) })).dir;
  const postgresBin = ensureQueueServicesInstalled();
  packed = packPackage();
  sim = await startSimulator({ port: 0 });
  redis = await startRedis();
  postgres = await startPostgres(postgresBin);
  cluster = await startQueueCluster({
    cacheDir,
    extensionsDir: packed.directory,
    redis,
    postgres,
    workers: WORKERS,
    workerConcurrency: WORKER_CONCURRENCY,
  });
  figures.startupMs = Math.round(performance.now() - started);
  figures.mainStartupMs = cluster.main.startupMs;
  rest = new N8nRestClient(cluster.url);
  await rest.setupOwner();
  credential = await connectCustomerConsent();
});

afterAll(async () => {
  // Everything started above stops, whatever failed: each in turn, so one failure does not keep the rest up.
  for (const stop of [cluster?.stop, redis?.stop, postgres?.stop, sim?.close, packed?.remove]) {
    try {
      await stop?.();
    } catch (error) {
      console.error('queue-mode suite: stopping failed', error);
    }
  }
  console.log(`queue-mode figures: ${JSON.stringify(figures)}`);
});

/** The "Connect" button: n8n's authorize URL, the customer approves on the simulator, n8n's callback. */
async function connectCustomerConsent(): Promise<{ id: string; name: string }> {
  const created = await rest.data<{ id: string; name: string }>('POST', '/rest/credentials', {
    name: 'Customer consent',
    type: 'ecoStruxureOAuth2Api',
    data: {
      baseUrl: sim.url,
      clientId: DEMO_CREDENTIALS.isvApp.clientId,
      clientSecret: DEMO_CREDENTIALS.isvApp.clientSecret,
    },
  });
  const authorizeUrl = await rest.data<string>('GET', `/rest/oauth2-credential/auth?id=${created.id}`);
  const callback = await rest.get(await decideConsentAsCustomer(authorizeUrl));
  if (callback.status !== 200) throw new Error(`n8n's OAuth2 callback answered ${callback.status}`);
  return { id: created.id, name: created.name };
}

const carbonNode = (
  name: string,
  position: number[],
  parameters: Record<string, unknown>,
): WorkflowJson['nodes'][number] => ({
  name,
  type: 'CUSTOM.ecoStruxureCarbon',
  typeVersion: 1,
  position,
  parameters: { authentication: 'oAuth2', ...parameters },
  credentials: { ecoStruxureOAuth2Api: credential },
});

/** A webhook that lists every site and gets each one's emissions: about 26 API calls per execution. */
function emissionsOnRequest(path: string): WorkflowJson {
  return {
    name: 'Emissions on request',
    nodes: [
      {
        name: 'Request',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
        webhookId: path,
      } as WorkflowJson['nodes'][number],
      carbonNode('List sites', [220, 0], {
        resource: 'site',
        operation: 'getAll',
        returnAll: true,
        filters: {},
      }),
      carbonNode('Get emissions', [440, 0], {
        resource: 'emission',
        operation: 'get',
        site: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
        range: 'last24Hours',
        granularity: 'P1D',
        output: 'rows',
        // Daily intervals are UTC days: read in UTC whatever the instance's time zone.
        options: { timeZone: 'UTC' },
      }),
    ],
    connections: {
      Request: { main: [[{ node: 'List sites', type: 'main', index: 0 }]] },
      'List sites': { main: [[{ node: 'Get emissions', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
  };
}

/** Polls three sites every minute; every site crosses the threshold at once, so it fires exactly once. */
function crossingTrigger(siteIds: string[]): WorkflowJson {
  return {
    name: 'Sites above their grid rate',
    nodes: [
      {
        name: 'Crossed',
        type: 'CUSTOM.ecoStruxureCarbonTrigger',
        typeVersion: 1,
        position: [0, 0],
        parameters: {
          pollTimes: { item: [{ mode: 'everyMinute' }] },
          authentication: 'oAuth2',
          event: 'thresholdCrossed',
          siteIds: siteIds.join(','),
          metric: 'percentAboveGlobalRate',
          above: -99,
          granularity: 'PT1H',
        },
        credentials: { ecoStruxureOAuth2Api: credential },
      },
    ],
    connections: {},
    settings: { executionOrder: 'v1' },
  };
}

async function activate(workflow: WorkflowJson): Promise<string> {
  const saved = await rest.importWorkflow(workflow);
  await rest.activateWorkflow(saved);
  return saved.id;
}

interface ExecutionSummary {
  id: string;
  status: string;
  mode: string;
}

async function executionsOf(workflowId: string): Promise<ExecutionSummary[]> {
  const filter = encodeURIComponent(JSON.stringify({ workflowId }));
  const list = await rest.data<{ results: ExecutionSummary[] }>(
    'GET',
    `/rest/executions?filter=${filter}&limit=100`,
  );
  return list.results;
}

const isRefresh = (entry: LoggedRequest) =>
  (entry.body as { grant_type?: string } | undefined)?.grant_type === 'refresh_token';

/** The execution ids a worker says it started ("Worker started execution <id> (job <n>)"). */
const startedBy = (output: string): string[] =>
  [...output.matchAll(/Worker started execution (\S+) \(job/g)].map((match) => match[1] ?? '');

describe('n8n queue mode: a main and two workers', () => {
  it('lists our node types on the main', async () => {
    const types = await rest.request<Array<{ name: string }>>('GET', '/types/nodes.json');
    expect(types.body.map((type) => type.name)).toEqual(
      expect.arrayContaining(['CUSTOM.ecoStruxureCarbon', 'CUSTOM.ecoStruxureCarbonTrigger']),
    );
  });

  it('runs concurrent executions on one rotating credential through two expiries, every refresh token spent once', async () => {
    if (!cluster) throw new Error('the cluster did not start');
    const siteIds = sim.control.siteIds();
    const triggerSites = siteIds.slice(0, 3);
    const webhookId = await activate(emissionsOnRequest('queue-emissions'));
    const triggerId = await activate(crossingTrigger(triggerSites));
    const activatedAt = Date.now();
    const webhookUrl = `${cluster.url}/webhook/queue-emissions`;
    const warmUp = await fetch(webhookUrl, { method: 'POST' });
    expect(warmUp.status, await warmUp.text()).toBe(200);
    sim.control.clearRequests();

    const started = performance.now();
    let completed = 0;
    let expiries = 0;
    const answers = await Promise.all(
      Array.from({ length: EXECUTIONS }, async () => {
        const response = await fetch(webhookUrl, { method: 'POST' });
        const body = await response.text();
        completed += 1;
        // Mid-run: the other executions are between requests on both workers when their token dies.
        if (EXPIRE_AFTER.includes(completed) && sim.control.expireAllTokens() > 0) expiries += 1;
        return { status: response.status, body };
      }),
    );
    figures.runMs = Math.round(performance.now() - started);
    figures.executions = EXECUTIONS;
    figures.expiries = expiries;

    for (const answer of answers) expect(answer.status, answer.body).toBe(200);
    expect(expiries).toBe(EXPIRE_AFTER.length);

    const executions = (await executionsOf(webhookId)).filter((execution) => execution.mode === 'webhook');
    expect(executions).toHaveLength(EXECUTIONS + 1);
    expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);

    // At most one refresh per expiry, across both workers: n8n holds a Redis lock per credential and
    // re-reads the stored token inside it, so the executions that waited use the new token. A reused
    // refresh token would have been answered 400 invalid_grant and the consent revoked.
    const carbonRequests = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' });
    const refreshes = sim.control.requests({ pathPrefix: '/ecostruxure/v1/oauth/token' }).filter(isRefresh);
    // The simulator keeps its latest 5,000 requests: every refresh of this run must still be in the log.
    expect(sim.control.requests().length).toBeLessThan(5_000);
    figures.apiRequests = carbonRequests.length;
    figures.rejectedAsExpired = carbonRequests.filter((entry) => entry.status === 401).length;
    figures.refreshes = refreshes.length;
    expect(refreshes.map((entry) => entry.status)).toEqual(refreshes.map(() => 200));
    expect(refreshes.length).toBeGreaterThan(0);
    expect(refreshes.length).toBeLessThanOrEqual(expiries);
    expect(figures.rejectedAsExpired).toBeGreaterThan(expiries);
    const consent = sim.control
      .consents()
      .find((record) => record.clientId === DEMO_CREDENTIALS.isvApp.clientId);
    expect(consent?.revokedAt ?? null).toBeNull();
    for (const member of [cluster.main, ...cluster.workers]) {
      expect(member.output(), member.name).not.toContain('refreshing without cross-process coordination');
    }

    // Both workers ran executions of our nodes, so both loaded the package.
    const ids = new Set(executions.map((execution) => execution.id));
    const perWorker = cluster.workers.map((worker) => startedBy(worker.output()).filter((id) => ids.has(id)));
    figures.executionsPerWorker = perWorker.map((list) => list.length).join(' + ');
    for (const [index, list] of perWorker.entries())
      expect(list.length, `worker ${index + 1}`).toBeGreaterThan(0);
    expect(perWorker.flat().sort()).toEqual([...ids].sort());
    for (const worker of cluster.workers) expect(worker.output()).not.toMatch(/Unrecognized node type/i);

    // The trigger: activation's first poll fired once (every site crossed); the scheduled polls after it, on
    // the main, find nothing new. Wait for one (the minute turns; requests were cleared after activation).
    const scheduledPolls = () =>
      sim.control
        .requests({ pathPrefix: '/ecostruxure/carbon-emission' })
        .filter((entry) => entry.url.includes('PT1H')).length;
    await waitFor(
      'the first scheduled poll of the trigger',
      async () => (scheduledPolls() > 0 ? true : undefined),
      Math.max(0, 60_000 - (Date.now() - activatedAt)) + 20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const fired = await executionsOf(triggerId);
    figures.triggerExecutions = fired.length;
    expect(fired).toHaveLength(1);
    expect(fired[0]?.status).toBe('success');
    // The main polled; a worker ran the execution the poll started.
    const ranTrigger = cluster.workers.filter((worker) =>
      startedBy(worker.output()).includes(fired[0]?.id ?? ''),
    );
    expect(ranTrigger).toHaveLength(1);
  }, 300_000);

  it("keeps the client secret out of every process's log", () => {
    for (const member of [cluster?.main, ...(cluster?.workers ?? [])]) {
      expect(member?.output().length, member?.name).toBeGreaterThan(0);
      expect(member?.output(), member?.name).not.toContain(DEMO_CREDENTIALS.isvApp.clientSecret);
    }
  });
});
