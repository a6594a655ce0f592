/**
 * The package inside a real n8n 2.41.1 process, driven over its REST API like a user in the editor:
 * owner set-up, one credential of each type against the simulator with n8n's own credential test, and the
 * OAuth2 "Connect" flow through the simulator's consent page; then the templates run and are checked, tokens
 * expire and n8n refreshes them, consent is revoked, every operation of both nodes runs, activated polling
 * triggers fire once per event, and no secret canary is left in n8n's output, executions or files.
 */
import {
  DEMO_CREDENTIALS,
  decideConsentAsCustomer,
  startSimulator,
  VARIANT_CLIENT_DIALECT,
  type SimulatorHandle,
} from '@ecostruxure-connector/simulator';
import {
  installN8n,
  startN8n,
  type Credential,
  type N8nProcess,
  type N8nRestClient,
  type WorkflowJson,
} from '@ecostruxure-connector/n8n-host';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackage, type PackedPackage } from './package-tarball.mjs';
import { activationPollDone, pollsStarted, POLL_LOG_ENV } from './poll-events.mjs';
import {
  CANARY,
  canarySimulatorOptions,
  committedSection,
  filesBelow,
  fileText,
  findCanaries,
  reportSection,
  writeSection,
  type Finding,
} from './canaries.mjs';
import { runNodes } from './operations.mjs';
import {
  OPERATIONS_WITHOUT_SCHEMA,
  operationsOf,
  readShippedSchema,
  SCHEMA_VERSION,
} from '../support/output-schemas.mjs';
import { prepare, readTemplate, startWebhookSink } from './workflows.mjs';

/**
 * The simulator starts a new Energy Hub alarm every `alarmIntervalMs` (10 minutes by default), which the
 * activated alarm trigger would report on top of the injected one. With seed 42 and 40 years between alarms,
 * the generated alarms started in 1995 and 2017 and the next starts in 2084: during the suite only injected
 * alarms are new. A check below fails if that ever stops being true.
 */
const SIMULATOR_SEED = 42;
const ALARM_INTERVAL_MS = 40 * 365.25 * 24 * 60 * 60 * 1000;

let sim: SimulatorHandle;
let n8n: N8nProcess;
let rest: N8nRestClient;
let packed: PackedPackage;
/** The credentials created below, by type, for the workflows. */
const credentialIds: Record<string, { id: string; name: string }> = {};

beforeAll(async () => {
  const installation = await installN8n({ onProgress: (line) => console.error(line) });
  packed = packPackage();
  // 'all': the gateway's client-credentials tokens and API keys are accepted by the Carbon API too.
  sim = await startSimulator({
    port: 0,
    carbonCredentials: 'all',
    ...canarySimulatorOptions(),
    seed: SIMULATOR_SEED,
    alarmIntervalMs: ALARM_INTERVAL_MS,
  });
  n8n = await startN8n({ n8nDir: installation.dir, extensionsDir: packed.directory, env: POLL_LOG_ENV });
  rest = n8n.restClient();
  await rest.setupOwner();
  console.log(`n8n ready in ${n8n.startupMs} ms; package tarball ${packed.bytes} bytes`);
});

afterAll(async () => {
  await n8n?.stop();
  await sim?.close();
  packed?.remove();
});

/** The Carbon node's `authentication` value for each credential type. */
const AUTHENTICATION_OF: Record<string, string> = {
  ecoStruxureOAuth2Api: 'oAuth2',
  ecoStruxureClientCredentialsOAuth2Api: 'clientCredentials',
  ecoStruxurePersonalAccessTokenApi: 'personalAccessToken',
  ecoStruxureApiKeyApi: 'apiKey',
};

/** A resource locator value as the editor saves it. */
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

/** Creates a credential; the first of each type is the one the workflows below use. */
async function createCredential(name: string, type: string, data: Record<string, unknown>) {
  const credential = await rest.createCredential(name, type, data);
  credentialIds[type] ??= { id: credential.id, name: credential.name };
  return credential;
}

async function testCredential(credential: Credential, data: Record<string, unknown>) {
  return await rest.testCredential(credential, data);
}

describe('the package tarball', () => {
  it('holds only dist, the README, the licence and package.json, with no dependencies', async () => {
    const outside = packed.files.filter(
      (file) => !file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file),
    );
    expect(outside).toEqual([]);
    const manifest = (await import(`${packed.directory}/package.json`, { with: { type: 'json' } })) as {
      default: { dependencies?: unknown };
    };
    expect(manifest.default.dependencies ?? {}).toEqual({});
  });

  it('ships one core bundle that every node and credential shares', () => {
    const bundles = packed.files.filter((file) => file.endsWith('ecostruxure-core.js'));
    expect(bundles).toEqual(['dist/shared/ecostruxure-core.js']);
  });
});

describe('nodes in a real n8n', () => {
  it('loads the four nodes, the two action nodes usable as AI tools', async () => {
    const types = await rest.request<Array<{ name: string; usableAsTool?: boolean; polling?: boolean }>>(
      'GET',
      '/types/nodes.json',
    );
    const ours = types.body.filter((type) => type.name.startsWith('CUSTOM.'));
    expect(ours.map((type) => type.name).sort()).toEqual(
      expect.arrayContaining([
        'CUSTOM.ecoStruxureCarbon',
        'CUSTOM.ecoStruxureCarbonTrigger',
        'CUSTOM.energyHub',
        'CUSTOM.energyHubTrigger',
      ]),
    );
    const byName = new Map(ours.map((type) => [type.name, type]));
    expect(byName.get('CUSTOM.ecoStruxureCarbon')?.usableAsTool).toBe(true);
    expect(byName.get('CUSTOM.energyHub')?.usableAsTool).toBe(true);
    expect(byName.get('CUSTOM.energyHubTrigger')?.polling).toBe(true);
  });
});

describe('output schemas in a real n8n', () => {
  it("serves the editor each operation's output schema from the package, and none for a GraphQL query", async () => {
    for (const nodeType of ['ecoStruxureCarbon', 'energyHub']) {
      for (const operation of operationsOf(nodeType)) {
        // The path the editor asks for (its getSchemaPreview), without signing in.
        const response = await fetch(
          `${n8n.url}/schemas/CUSTOM.${nodeType}/${SCHEMA_VERSION}/${operation}.json`,
        );
        if (OPERATIONS_WITHOUT_SCHEMA.includes(`${nodeType}:${operation}`)) {
          expect(response.status, operation).toBe(404);
          continue;
        }
        expect(response.status, operation).toBe(200);
        expect(await response.json(), operation).toEqual(readShippedSchema(nodeType, operation));
      }
    }
  });
});

describe('credentials in a real n8n', () => {
  it('loads every credential type of the package', async () => {
    const types = await rest.request<Array<{ name: string }>>('GET', '/types/credentials.json');
    const names = types.body.map((type) => type.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ecoStruxureOAuth2Api',
        'ecoStruxureClientCredentialsOAuth2Api',
        'ecoStruxurePersonalAccessTokenApi',
        'ecoStruxureApiKeyApi',
        'energyHubOAuth2Api',
      ]),
    );
  });

  it('tests a personal access token: accepted when valid, refused when not', async () => {
    const good = { baseUrl: sim.url, token: CANARY.personalAccessToken };
    const credential = await createCredential('PAT', 'ecoStruxurePersonalAccessTokenApi', good);
    expect(await testCredential(credential, good)).toMatchObject({ status: 'OK' });
    const bad = { baseUrl: sim.url, token: 'not-a-token' };
    expect(await testCredential(credential, bad)).toMatchObject({ status: 'Error' });
  });

  it.each(['query', 'header'] as const)('tests an API key sent as %s', async (placement) => {
    const data = { baseUrl: sim.url, apiKey: CANARY.apiKey, placement };
    const credential = await createCredential(`API key ${placement}`, 'ecoStruxureApiKeyApi', data);
    sim.control.clearRequests();
    expect(await testCredential(credential, data)).toMatchObject({ status: 'OK' });
    const [logged] = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' });
    if (placement === 'query') expect(logged?.url).toContain('apikey=');
    else expect(logged?.headers['x-api-key']).toBeDefined();
  });

  it.each(['header', 'body'] as const)('tests client credentials with the secret in the %s', async (how) => {
    const data = {
      baseUrl: sim.url,
      clientId: DEMO_CREDENTIALS.partner.clientId,
      clientSecret: CANARY.partnerClientSecret,
      authentication: how,
    };
    const credential = await createCredential(
      `Partner ${how}`,
      'ecoStruxureClientCredentialsOAuth2Api',
      data,
    );
    expect(await testCredential(credential, data)).toMatchObject({ status: 'OK' });
    const wrong = { ...data, clientSecret: 'wrong-secret' };
    expect(await testCredential(credential, wrong)).toMatchObject({ status: 'Error' });
  });

  it('tests an Energy Hub access client against the Energy Hub token and GraphQL URLs', async () => {
    const data = {
      baseUrl: sim.url,
      clientId: DEMO_CREDENTIALS.accessClient.clientId,
      clientSecret: CANARY.accessClientSecret,
    };
    const credential = await createCredential('Energy Hub', 'energyHubOAuth2Api', data);
    sim.control.clearRequests();
    expect(await testCredential(credential, data)).toMatchObject({ status: 'OK' });
    const paths = sim.control.requests({ pathPrefix: '/energy-hub' }).map((entry) => entry.url.split('?')[0]);
    expect(paths).toEqual(expect.arrayContaining(['/energy-hub/v1/oauth/token', '/energy-hub/v1/graphql']));
  });

  it('connects the OAuth2 credential through the consent page (PKCE, offline_access)', async () => {
    const data = {
      baseUrl: sim.url,
      clientId: DEMO_CREDENTIALS.isvApp.clientId,
      clientSecret: CANARY.isvClientSecret,
    };
    const credential = await createCredential('Customer consent', 'ecoStruxureOAuth2Api', data);
    const connected = await connectOAuth2(credential.id);
    expect(connected.text).not.toMatch(/error/i);
    const consents = sim.control.consents();
    expect(consents.some((consent) => consent.clientId === DEMO_CREDENTIALS.isvApp.clientId)).toBe(true);
    // The editor shows "Account connected" from this flag; the tokens themselves never leave n8n. Requests
    // with the connected credential run in the workflow tests below.
    const stored = await rest.data<{ data: Record<string, unknown> }>(
      'GET',
      `/rest/credentials/${credential.id}?includeData=true`,
    );
    expect(stored.data.oauthTokenData).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(CANARY.isvClientSecret);
  });
});

describe('the templates in a real n8n', () => {
  it('alerts for every site running above its grid rate', async () => {
    const sink = await startWebhookSink();
    try {
      const workflow = prepare(readTemplate('grid-rate-alert.json'), {
        credentials: credentialIds,
        webhookUrl: sink.url,
      });
      const { id } = await rest.importWorkflow(workflow);
      const execution = await rest.runManually(id, 'Every hour');
      expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
      const compared = execution.output['Compare to grid rate'] ?? [];
      expect(compared).toHaveLength(sim.control.siteIds().length);
      const above = compared.filter((item) => (item.json.percentAboveGlobalRate as number) > 10);
      expect(execution.output['Above grid rate']?.map((item) => item.json.siteId)).toEqual(
        above.map((item) => item.json.siteId),
      );
      expect(sink.received).toHaveLength(above.length);
      for (const message of sink.received as Array<{ text: string }>)
        expect(message.text).toMatch(/% above the [A-Z]{2} grid rate/);
    } finally {
      await sink.close();
    }
  });

  it("writes yesterday's emissions of every site, hour by hour, in a file named after the same local day", async () => {
    const workflow = prepare(readTemplate('daily-emissions-to-spreadsheet.json'), {
      credentials: credentialIds,
    });
    // A workflow far east of UTC: Tokyo's yesterday is not the UTC one.
    workflow.settings = { ...workflow.settings, timezone: 'Asia/Tokyo' };
    const { id } = await rest.importWorkflow(workflow);
    const execution = await rest.runManually(id, 'Every morning');
    expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
    const siteCount = sim.control.siteIds().length;
    const rows = execution.output["Get yesterday's emissions"] ?? [];
    const tokyo = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const days = new Set(rows.map((row) => tokyo.format(new Date(String(row.json.timestamp)))));
    expect(days.size).toBe(1);
    expect(rows).toHaveLength(siteCount * 24);
    expect(new Set(rows.map((row) => row.json.siteId)).size).toBe(siteCount);
    for (const row of rows) expect(typeof row.json.kgCO2e).toBe('number');
    const file = execution.output['Spreadsheet file']?.[0]?.binary?.data as {
      fileName?: string;
      mimeType?: string;
    };
    expect(file.mimeType).toBe('text/csv');
    expect(file.fileName).toBe(`emissions-${[...days][0]}.csv`);
  });

  it('reports last month per site as rows and as a CSV file with its header block', async () => {
    const workflow = prepare(readTemplate('monthly-emissions-report.json'), { credentials: credentialIds });
    const { id } = await rest.importWorkflow(workflow);
    const execution = await rest.runManually(id, '2nd of every month');
    expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
    const siteCount = sim.control.siteIds().length;
    const rows = execution.output['Report rows'] ?? [];
    expect(rows).toHaveLength(siteCount);
    for (const row of rows) {
      expect(typeof row.json.kgCO2eLocationBased).toBe('number');
      expect(typeof row.json.kgCO2eMarketBased).toBe('number');
      expect(row.json.completenessPercent).toBe(100);
    }
    const [file] = execution.output['Report CSV file'] ?? [];
    const data = file?.binary?.data as { fileName?: string; mimeType?: string };
    expect(data.mimeType).toBe('text/csv');
    expect(data.fileName).toMatch(/^emissions-report-\d{4}-\d{2}\.csv$/);
    expect(file?.json).toMatchObject({ rows: siteCount, report: { periodKind: 'month', timeZone: 'site' } });
  });
});

describe("n8n's HTTP Request node with these credentials", () => {
  it('signs requests with each credential as a predefined credential type', async () => {
    const carbonTypes = [
      'ecoStruxureOAuth2Api',
      'ecoStruxureClientCredentialsOAuth2Api',
      'ecoStruxurePersonalAccessTokenApi',
      'ecoStruxureApiKeyApi',
    ];
    const request = (type: string, index: number): WorkflowJson['nodes'][number] => ({
      name: type,
      type: 'n8n-nodes-base.httpRequest',
      typeVersion: 4.2,
      position: [220, index * 160],
      parameters: {
        method: type === 'energyHubOAuth2Api' ? 'POST' : 'GET',
        url:
          type === 'energyHubOAuth2Api' ? sim.urls.energyHubGraphql : `${sim.urls.carbonApi}/sites?limit=1`,
        authentication: 'predefinedCredentialType',
        nodeCredentialType: type,
        ...(type === 'energyHubOAuth2Api'
          ? { sendBody: true, specifyBody: 'json', jsonBody: '{"query":"{ organization { name } }"}' }
          : {}),
        options: {},
      },
      credentials: { [type]: { id: '', name: '' } },
    });
    const types = [...carbonTypes, 'energyHubOAuth2Api'];
    const workflow: WorkflowJson = {
      name: 'Custom API calls',
      nodes: [
        {
          name: 'Start',
          type: 'n8n-nodes-base.manualTrigger',
          typeVersion: 1,
          position: [0, 0],
          parameters: {},
        },
        ...types.map(request),
      ],
      connections: {
        Start: { main: [types.map((type) => ({ node: type, type: 'main', index: 0 }))] },
      },
      settings: { executionOrder: 'v1' },
    };
    const { id } = await rest.importWorkflow(prepare(workflow, { credentials: credentialIds }));
    const execution = await rest.runManually(id, 'Start');
    expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
    for (const type of carbonTypes) {
      expect(JSON.stringify(execution.output[type]?.[0]?.json), type).toContain('site-0001');
    }
    expect(JSON.stringify(execution.output.energyHubOAuth2Api?.[0]?.json)).toContain('organization');
  });
});

describe("n8n's HTTP Request node: where a credential may be sent", () => {
  it("refuses a host outside the credential's Allowed HTTP Request Domains, and sends it nothing", async () => {
    // n8n offers "Allowed HTTP Request Domains" on every credential of this package (they authenticate
    // requests or extend oAuth2Api); pinned to the API's host, the token cannot go anywhere else.
    const received: string[] = [];
    const elsewhere = createServer((request, response) => {
      received.push(`${request.method} ${request.url} ${JSON.stringify(request.headers)}`);
      response.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const port = (elsewhere.address() as AddressInfo).port;
    try {
      const credential = await rest.createCredential('PAT pinned', 'ecoStruxurePersonalAccessTokenApi', {
        baseUrl: sim.url,
        token: CANARY.personalAccessToken,
        allowedHttpRequestDomains: 'domains',
        allowedDomains: new URL(sim.url).hostname,
      });
      const request = (name: string, url: string, y: number): WorkflowJson['nodes'][number] => ({
        name,
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        position: [220, y],
        parameters: {
          url,
          authentication: 'predefinedCredentialType',
          nodeCredentialType: 'ecoStruxurePersonalAccessTokenApi',
          options: {},
        },
        credentials: { ecoStruxurePersonalAccessTokenApi: { id: credential.id, name: credential.name } },
      });
      const workflow: WorkflowJson = {
        name: 'Pinned credential',
        nodes: [
          {
            name: 'Start',
            type: 'n8n-nodes-base.manualTrigger',
            typeVersion: 1,
            position: [0, 0],
            parameters: {},
          },
          request('API', `${sim.urls.carbonApi}/sites?limit=1`, 0),
          request('Elsewhere', `http://localhost:${port}/steal`, 160),
        ],
        connections: {
          Start: {
            main: [
              [
                { node: 'API', type: 'main', index: 0 },
                { node: 'Elsewhere', type: 'main', index: 0 },
              ],
            ],
          },
        },
        settings: { executionOrder: 'v1' },
      };
      const { id } = await rest.importWorkflow(workflow);
      const execution = await rest.runManually(id, 'Start');
      expect(JSON.stringify(execution.output.API?.[0]?.json)).toContain('site-0001');
      expect(JSON.stringify(execution.nodeErrors.Elsewhere)).toContain('Domain not allowed');
      expect(received).toEqual([]);
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });
});

describe('every operation of the Carbon node in a real n8n', () => {
  const PAT = 'ecoStruxurePersonalAccessTokenApi';
  const carbon = (name: string, parameters: Record<string, unknown>, credentialType = PAT) => ({
    name,
    type: 'ecoStruxureCarbon',
    parameters: { authentication: AUTHENTICATION_OF[credentialType], ...parameters },
    credentialType,
  });
  const run = async (...nodes: Array<ReturnType<typeof carbon>>) =>
    await runNodes(rest, credentialIds, nodes);

  it('gets many sites: all of them, up to a limit, filtered by country', async () => {
    const all = await run(carbon('Sites', { resource: 'site', operation: 'getAll', returnAll: true }));
    expect(all.error).toBeUndefined();
    expect(all.items.map((item) => item.json.id)).toEqual(sim.control.siteIds());
    const limited = await run(
      carbon('Sites', { resource: 'site', operation: 'getAll', returnAll: false, limit: 3 }),
    );
    expect(limited.items).toHaveLength(3);
    const country = String(all.items[0]?.json.countryIsoCode);
    const filtered = await run(
      carbon('Sites', {
        resource: 'site',
        operation: 'getAll',
        returnAll: true,
        filters: { countryIsoCode: country },
      }),
    );
    expect(filtered.items.map((item) => item.json.id)).toEqual(
      all.items.filter((item) => item.json.countryIsoCode === country).map((item) => item.json.id),
    );
    expect(filtered.items.length).toBeLessThan(all.items.length);
  });

  it('gets many sites with each Carbon credential the simulator accepts', async () => {
    for (const credentialType of [
      'ecoStruxureOAuth2Api',
      'ecoStruxureClientCredentialsOAuth2Api',
      'ecoStruxureApiKeyApi',
    ]) {
      const { items, error } = await run(
        carbon(
          'Sites',
          { resource: 'site', operation: 'getAll', returnAll: false, limit: 2 },
          credentialType,
        ),
      );
      expect(error, credentialType).toBeUndefined();
      expect(items, credentialType).toHaveLength(2);
    }
  });

  it('finds sites for the site picker by what the user types', async () => {
    const siteId = sim.control.siteIds()[0] ?? '';
    const all = await run(carbon('Site', { resource: 'site', operation: 'get', site: rl('id', siteId) }));
    const name = String(all.items[0]?.json.name);
    const search = await rest.data<{ results: Array<{ name: string; value: string }> }>(
      'POST',
      '/rest/dynamic-node-parameters/resource-locator-results',
      {
        path: 'site',
        nodeTypeAndVersion: { name: 'CUSTOM.ecoStruxureCarbon', version: 1 },
        methodName: 'searchSites',
        filter: name,
        currentNodeParameters: { authentication: 'personalAccessToken', resource: 'site', operation: 'get' },
        credentials: { [PAT]: credentialIds[PAT] },
      },
    );
    expect(search.results.map((result) => result.value)).toContain(siteId);
    expect(search.results.every((result) => result.name.includes(name))).toBe(true);
  });

  it.each(['list', 'id', 'url'] as const)(
    'gets one site picked in resource locator mode %s',
    async (mode) => {
      const siteId = sim.control.siteIds()[1] ?? '';
      const value = mode === 'url' ? `${sim.urls.carbonApi}/sites/${siteId}` : siteId;
      const { items, error } = await run(
        carbon('Site', { resource: 'site', operation: 'get', site: rl(mode, value) }),
      );
      expect(error).toBeUndefined();
      expect(items.map((item) => item.json.id)).toEqual([siteId]);
    },
  );

  it('gets the last 24 hours of each listed site as one row per hour, each row paired to its site', async () => {
    const { items, error, execution } = await run(
      carbon('Sites', { resource: 'site', operation: 'getAll', returnAll: false, limit: 3 }),
      carbon('Emissions', {
        resource: 'emission',
        operation: 'get',
        site: rl('id', '={{ $json.id }}'),
        range: 'last24Hours',
        granularity: 'PT1H',
        output: 'rows',
      }),
    );
    expect(error).toBeUndefined();
    const sites = execution.output.Sites?.map((item) => item.json.id) ?? [];
    expect(items).toHaveLength(3 * 24);
    for (const [index, siteId] of sites.entries()) {
      const rows = items.filter(
        (item) => (item as { pairedItem?: { item: number } }).pairedItem?.item === index,
      );
      expect(rows).toHaveLength(24);
      expect(rows.every((row) => row.json.siteId === siteId && typeof row.json.kgCO2e === 'number')).toBe(
        true,
      );
    }
  });

  it("reads a custom range picked in n8n's date picker (no zone) in the workflow's time zone", async () => {
    const siteId = sim.control.siteIds()[0] ?? '';
    sim.control.clearRequests();
    const { items, error } = await runNodes(
      rest,
      credentialIds,
      [
        carbon('Emissions', {
          resource: 'emission',
          operation: 'get',
          site: rl('id', siteId),
          range: 'custom',
          // What n8n's date picker stores: no Z, no offset.
          from: '2026-11-01T00:00:00',
          to: '2026-11-02T00:00:00',
          granularity: 'PT1H',
          output: 'rows',
        }),
      ],
      { timezone: 'America/Chicago' },
    );
    expect(error).toBeUndefined();
    // Chicago's 1 November 2026 starts at 05:00 UTC; summer time ends that day, so it has 25 hours.
    expect(items).toHaveLength(25);
    expect(items[0]?.json.timestamp).toBe('2026-11-01T05:00:00.000Z');
    const [request] = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission/v1/sites/' });
    const query = new URL(request?.url ?? '', 'http://simulator').searchParams;
    expect([query.get('from'), query.get('to')]).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-02T06:00:00.000Z',
    ]);
  });

  it('gets a custom range in the API shape, the site given by URL, market-based', async () => {
    const siteId = sim.control.siteIds()[2] ?? '';
    sim.control.clearRequests();
    const { items, error } = await run(
      carbon('Emissions', {
        resource: 'emission',
        operation: 'get',
        site: rl('url', `${sim.urls.carbonApi}/sites/${siteId}`),
        range: 'custom',
        from: '2026-11-01T00:00:00Z',
        to: '2026-11-03T00:00:00Z',
        granularity: 'P1D',
        output: 'series',
        options: { method: 'market-based' },
      }),
    );
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
    expect(items[0]?.json.siteId).toBe(siteId);
    const [logged] = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission/v1/sites' });
    expect(logged?.url).toContain('market-based');
  });

  it('says which field is wrong when the custom range is backwards, before any request', async () => {
    sim.control.clearRequests();
    const { error } = await run(
      carbon('Emissions', {
        resource: 'emission',
        operation: 'get',
        site: rl('list', sim.control.siteIds()[0] ?? ''),
        range: 'custom',
        from: '2026-11-03T00:00:00Z',
        to: '2026-11-01T00:00:00Z',
        granularity: 'P1D',
        output: 'rows',
      }),
    );
    expect(error?.message).toMatch(/from|to/i);
    expect(sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission/v1/sites' })).toHaveLength(0);
  });

  it('gets the grid rate of one country', async () => {
    const { items, error } = await run(
      carbon('Rate', { resource: 'globalRate', operation: 'get', filters: { countryIsoCode: 'FR' } }),
    );
    expect(error).toBeUndefined();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.json.countryIsoCode === 'FR')).toBe(true);
  });

  it('compares chosen sites to their grid rate', async () => {
    const siteIds = sim.control.siteIds().slice(0, 5);
    const { items, error } = await run(
      carbon('Compare', {
        resource: 'emission',
        operation: 'compareToGridRate',
        siteIds: siteIds.join(','),
        thresholdPercent: 0,
      }),
    );
    expect(error).toBeUndefined();
    expect(items.map((item) => item.json.siteId).sort()).toEqual(siteIds);
    for (const item of items) {
      expect(item.json.above).toBe((item.json.percentAboveGlobalRate as number) > 0);
    }
  });
});

describe('a Carbon API of another shape in a real n8n', () => {
  let variant: SimulatorHandle;
  beforeAll(async () => {
    variant = await startSimulator({ port: 0, sites: 3, carbonDialect: 'variant' });
  });
  afterAll(async () => {
    await variant?.close();
  });

  /** A personal access token credential on the variant API, its dialect told. */
  const variantCredential = async (name: string) =>
    await rest.createCredential(name, 'ecoStruxurePersonalAccessTokenApi', {
      baseUrl: variant.url,
      token: DEMO_CREDENTIALS.personalAccessToken.value,
      carbonDialect: JSON.stringify(VARIANT_CLIENT_DIALECT),
    });

  it('compares to the grid rate in its unit and gives an item saying why for the site it cannot read', async () => {
    // The credential's Carbon API Dialect tells core how this API pages, selects ranges and names things.
    const dialect = VARIANT_CLIENT_DIALECT;
    const data = {
      baseUrl: variant.url,
      token: DEMO_CREDENTIALS.personalAccessToken.value,
      carbonDialect: JSON.stringify(dialect),
    };
    const credential = await rest.createCredential(
      'PAT, variant API',
      'ecoStruxurePersonalAccessTokenApi',
      data,
    );
    const { items, error } = await runNodes(
      rest,
      { ecoStruxurePersonalAccessTokenApi: { id: credential.id, name: credential.name } },
      [
        {
          name: 'Compare',
          type: 'ecoStruxureCarbon',
          parameters: {
            authentication: 'personalAccessToken',
            resource: 'emission',
            operation: 'compareToGridRate',
            siteIds: 'site-0001,site-0002,site-0003',
            thresholdPercent: 0,
          },
          credentialType: 'ecoStruxurePersonalAccessTokenApi',
        },
      ],
    );
    expect(error).toBeUndefined();
    expect(items.map((item) => item.json.siteId).sort()).toEqual(['site-0001', 'site-0002', 'site-0003']);
    const skipped = items.find((item) => item.json.siteId === 'site-0003')?.json;
    expect(skipped).toMatchObject({ skipped: true });
    expect(String(skipped?.reason)).toMatch(/^no recognised series/);
    // The API sends 0.38 tCO2e/MWh (as text): compared as 380 gCO2e/kWh, never as 0.38.
    for (const { json } of items.filter((one) => one.json.skipped !== true)) {
      const served = await fetch(
        `${variant.urls.carbonApi}/emission-factors?country=${String(json.countryIsoCode)}`,
        {
          headers: { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` },
        },
      );
      const [rate] = (await served.json()) as Array<{ value: string; unit: string }>;
      expect(rate?.unit).toBe('tCO2e/MWh');
      expect(json.globalRate as number).toBeCloseTo(1000 * Number(rate?.value), 6);
      expect(json.percentAboveGlobalRate as number).toBeCloseTo(
        ((json.intensity as number) / (json.globalRate as number) - 1) * 100,
        6,
      );
    }
  });

  it('shows what core read leniently as hints above the output, in the execution record, once each', async () => {
    const credential = await variantCredential('PAT, variant API, hints');
    const { items, error, execution } = await runNodes(
      rest,
      { ecoStruxurePersonalAccessTokenApi: { id: credential.id, name: credential.name } },
      [
        {
          name: 'Emissions',
          type: 'ecoStruxureCarbon',
          parameters: {
            authentication: 'personalAccessToken',
            resource: 'emission',
            operation: 'get',
            site: { __rl: true, mode: 'id', value: 'site-0001, site-0002' },
            range: 'custom',
            from: '2025-01-06T00:00:00Z',
            to: '2025-01-07T00:00:00Z',
            granularity: 'PT1H',
            output: 'rows',
          },
          credentialType: 'ecoStruxurePersonalAccessTokenApi',
        },
      ],
    );
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2 * 24);
    const hints = execution.hints.Emissions ?? [];
    const text = hints.filter((hint) => /came as text/.test(hint.message));
    // Both sites sent the same: one hint, counted, naming the field.
    expect(text).toEqual([
      {
        message: expect.stringMatching(
          /^\d+ value\(s\) came as text \(first at \[0\]\.values\[0\]\.value\) and were read as numbers\. \(at \[0\]\.values\[0\]\.value; 2 times\)$/,
        ),
        type: 'warning',
        location: 'outputPane',
        group: expect.objectContaining({ key: 'ecostruxure-warnings' }),
      },
    ]);
  });

  it('watches new emission data: the site it cannot read said once as an item, an unknown site an error naming it', async () => {
    const credential = await variantCredential('PAT, variant API, watch');
    const watch = (siteIds: string): WorkflowJson => ({
      name: `New emission data of ${siteIds}`,
      nodes: [
        {
          name: 'New data',
          type: 'CUSTOM.ecoStruxureCarbonTrigger',
          typeVersion: 1,
          position: [0, 0],
          parameters: {
            pollTimes: { item: [{ mode: 'everyHour' }] },
            authentication: 'personalAccessToken',
            event: 'newEmissionData',
            siteIds,
            granularity: 'PT1H',
          },
          credentials: { ecoStruxurePersonalAccessTokenApi: { id: credential.id, name: credential.name } },
        },
      ],
      connections: {},
      settings: { executionOrder: 'v1' },
    });
    const asked = ['site-0001', 'site-0002', 'site-0003'];
    const workflow = await rest.importWorkflow(watch(asked.join(',')));
    // The activation poll records where the readable sites stand and says why site-0003 gives no rows.
    const activated = activationPollDone(n8n, workflow.id);
    await rest.activateWorkflow(workflow);
    await activated;
    try {
      const [execution] = await rest.waitForExecutions(workflow.id, 1);
      const emitted = execution?.output['New data']?.map((item) => item.json) ?? [];
      expect(emitted.filter((json) => json.type !== 'warning')).toEqual([
        { type: 'skipped', siteId: 'site-0003', reason: expect.stringMatching(/^no recognised series/) },
      ]);
      // The API sends numbers as text: said once, as an item naming the field, beside the skipped site.
      expect(emitted).toContainEqual({
        type: 'warning',
        path: '[0].values[0].value',
        message: expect.stringMatching(/value\(s\) came as text \(first at \[0\]\.values\[0\]\.value\)/),
        count: expect.any(Number),
      });
      const saved = JSON.parse((await rest.get(`${n8n.url}/rest/workflows/${workflow.id}`)).body) as {
        data: { staticData?: Record<string, { state?: Record<string, { last?: string }> }> };
      };
      const state = Object.values(saved.data.staticData ?? {})[0]?.state ?? {};
      const placed = Object.keys(state).filter((siteId) => state[siteId]?.last !== undefined);
      expect([...placed, 'site-0003'].sort()).toEqual(asked);
    } finally {
      await rest.deactivateWorkflow(workflow.id);
    }
    // Run by hand with a site the API does not know: the error names it.
    const unknown = await rest.importWorkflow(watch('site-0001,site-9999'));
    const failed = await rest.runManually(unknown.id, 'New data');
    expect(failed.status).toBe('error');
    expect(JSON.stringify(failed.nodeErrors['New data'] ?? failed.error)).toMatch(/site-9999/);
  });
});

describe('every operation of the Energy Hub node in a real n8n', () => {
  const energyHub = (name: string, parameters: Record<string, unknown>) => ({
    name,
    type: 'energyHub',
    parameters,
    credentialType: 'energyHubOAuth2Api',
  });
  const run = async (...nodes: Array<ReturnType<typeof energyHub>>) =>
    await runNodes(rest, credentialIds, nodes);

  it("gets many alarms: only the simulator's past alarm and the ones injected here, filtered and limited", async () => {
    const injected = [
      sim.control.injectAlarm({ priority: 'high', detail: 'Listed 1' }),
      sim.control.injectAlarm({ priority: 'high', detail: 'Listed 2' }),
      sim.control.injectAlarm({ priority: 'low', detail: 'Listed 3' }),
    ];
    const all = await run(energyHub('Alarms', { resource: 'alarm', operation: 'getAll', returnAll: true }));
    expect(all.error).toBeUndefined();
    // The generated alarms started in 1995 and 2017 (see ALARM_INTERVAL_MS): one is still retained.
    const generated = all.items.filter((item) => !injected.includes(String(item.json.id)));
    expect(generated.map((item) => item.json.id)).toEqual(['alarm-1']);
    expect(all.items.map((item) => item.json.id)).toEqual(expect.arrayContaining(injected));
    const high = await run(
      energyHub('Alarms', {
        resource: 'alarm',
        operation: 'getAll',
        returnAll: true,
        filters: { priority: 'high', active: true },
      }),
    );
    expect(high.items.map((item) => item.json.id)).toEqual(injected.slice(0, 2));
    const limited = await run(
      energyHub('Alarms', { resource: 'alarm', operation: 'getAll', returnAll: false, limit: 2 }),
    );
    expect(limited.items).toHaveLength(2);
  });

  it('gets the organization tree', async () => {
    const { items, error } = await run(
      energyHub('Tree', { resource: 'organization', operation: 'getTree', depth: 2 }),
    );
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
    expect(JSON.stringify(items[0]?.json)).toContain('region-1');
  });

  it('gets many things, then one of them by ID', async () => {
    const many = await run(
      energyHub('Things', { resource: 'thing', operation: 'getAll', returnAll: false, limit: 5 }),
    );
    expect(many.error).toBeUndefined();
    expect(many.items).toHaveLength(5);
    const thingId = String(many.items[3]?.json.id);
    const one = await run(energyHub('Thing', { resource: 'thing', operation: 'get', thingId }));
    expect(one.items.map((item) => item.json.id)).toEqual([thingId]);
  });

  it('executes a GraphQL query with variables and follows its connection to the end', async () => {
    const { items, error } = await run(
      energyHub('Query', {
        resource: 'query',
        operation: 'execute',
        query:
          'query Things($first: Int, $after: String) { things(first: $first, after: $after) { edges { cursor node { id concept } } pageInfo { hasNextPage endCursor } } }',
        variables: '{"first": 10}',
        options: { followConnection: 'things', limit: 35 },
      }),
    );
    expect(error).toBeUndefined();
    expect(items).toHaveLength(35);
    expect(new Set(items.map((item) => item.json.id)).size).toBe(35);
  });

  it('says what is wrong with variables that are not JSON, before any request', async () => {
    sim.control.clearRequests();
    const { error } = await run(
      energyHub('Query', {
        resource: 'query',
        operation: 'execute',
        query: '{ organization { name } }',
        variables: '{first: 1',
      }),
    );
    expect(error?.message).toMatch(/variables/i);
    expect(sim.control.requests({ pathPrefix: '/energy-hub/v1/graphql' })).toHaveLength(0);
  });
});

describe('the triggers run by hand in a real n8n', () => {
  /** A workflow holding only the trigger, executed from the editor: n8n polls in manual mode. */
  async function runTrigger(type: string, parameters: Record<string, unknown>, credentialType: string) {
    const { id } = await rest.importWorkflow(
      prepare(
        {
          name: `${type} by hand`,
          nodes: [
            {
              name: 'Trigger',
              type: `n8n-nodes-ecostruxure.${type}`,
              typeVersion: 1,
              position: [0, 0],
              parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
              credentials: { [credentialType]: { id: '', name: '' } },
            },
          ],
          connections: {},
          settings: { executionOrder: 'v1' },
        },
        { credentials: credentialIds },
      ),
    );
    const execution = await rest.runManually(id, 'Trigger');
    expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
    return execution.output.Trigger ?? [];
  }

  it('the Carbon trigger shows what a crossing would send', async () => {
    const siteIds = sim.control.siteIds().slice(0, 2);
    const items = await runTrigger(
      'ecoStruxureCarbonTrigger',
      {
        authentication: 'personalAccessToken',
        event: 'thresholdCrossed',
        siteIds: siteIds.join(','),
        metric: 'percentAboveGlobalRate',
        above: -99,
        granularity: 'PT1H',
      },
      'ecoStruxurePersonalAccessTokenApi',
    );
    expect(items.map((item) => item.json.siteId).sort()).toEqual(siteIds);
  });

  it('the Carbon trigger shows the latest emission row of each site for new data', async () => {
    const [siteId = ''] = sim.control.siteIds();
    const items = await runTrigger(
      'ecoStruxureCarbonTrigger',
      {
        authentication: 'personalAccessToken',
        event: 'newEmissionData',
        siteIds: siteId,
        granularity: 'PT15M',
      },
      'ecoStruxurePersonalAccessTokenApi',
    );
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.json.siteId === siteId && typeof item.json.kgCO2e === 'number')).toBe(
      true,
    );
  });

  it('the Energy Hub trigger shows an alarm shaped as a state change', async () => {
    const items = await runTrigger(
      'energyHubTrigger',
      { event: 'alarmStateChanged', filters: {} },
      'energyHubOAuth2Api',
    );
    expect(items).toHaveLength(1);
    expect(items[0]?.json).toMatchObject({ event: 'acknowledged', sample: true });
  });

  it('the Energy Hub trigger shows the newest matching alarm', async () => {
    const items = await runTrigger(
      'energyHubTrigger',
      { event: 'newAlarm', filters: { priority: 'high' } },
      'energyHubOAuth2Api',
    );
    expect(items).toHaveLength(1);
    expect((items[0]?.json.alarm as { priority: string }).priority).toBe('high');
  });
});

describe('OAuth2 tokens in a real n8n', () => {
  const listOneSite = (): WorkflowJson => ({
    name: 'List one site with customer consent',
    nodes: [
      {
        name: 'Start',
        type: 'n8n-nodes-base.manualTrigger',
        typeVersion: 1,
        position: [0, 0],
        parameters: {},
      },
      {
        name: 'List sites',
        type: 'n8n-nodes-ecostruxure.ecoStruxureCarbon',
        typeVersion: 1,
        position: [220, 0],
        parameters: {
          authentication: 'oAuth2',
          resource: 'site',
          operation: 'getAll',
          returnAll: false,
          limit: 1,
        },
        credentials: { ecoStruxureOAuth2Api: { id: '', name: '' } },
      },
    ],
    connections: { Start: { main: [[{ node: 'List sites', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  });

  it('refreshes an expired access token itself and goes on', async () => {
    const { id } = await rest.importWorkflow(prepare(listOneSite(), { credentials: credentialIds }));
    expect((await rest.runManually(id, 'Start')).status).toBe('success');
    sim.control.clearRequests();
    expect(sim.control.expireAllTokens()).toBeGreaterThan(0);
    const execution = await rest.runManually(id, 'Start');
    expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
    expect(execution.output['List sites']).toHaveLength(1);
    const refreshes = sim.control
      .requests({ pathPrefix: '/ecostruxure/v1/oauth/token' })
      .filter((entry) => JSON.stringify(entry.body).includes('refresh_token'));
    expect(refreshes).toHaveLength(1);
  });

  it('names the action and the Switch account button once the customer revoked consent', async () => {
    const { id } = await rest.importWorkflow(prepare(listOneSite(), { credentials: credentialIds }));
    for (const consent of sim.control.consents())
      sim.control.revokeConsent(consent.id, 'Customer revoked access');
    const execution = await rest.runManually(id, 'Start');
    expect(execution.status).toBe('error');
    const error = execution.nodeErrors['List sites'];
    expect(error?.message).toBe(
      `Get many sites failed: EcoStruxure refused the credential "${credentialIds.ecoStruxureOAuth2Api?.name}"`,
    );
    expect(error?.description).toContain('click "Switch account"');
    expect(JSON.stringify(execution)).not.toContain(CANARY.isvClientSecret);
  });
});

describe('activated polling triggers in a real n8n', () => {
  it('fire once per crossing and once per new alarm, not again on later polls or after a restart', async () => {
    const sink = await startWebhookSink();
    try {
      const alarms = await rest.importWorkflow(
        prepare(readTemplate('high-priority-alarms-notification.json'), {
          credentials: credentialIds,
          webhookUrl: sink.url,
        }),
      );
      const crossing: WorkflowJson = {
        name: 'Sites above their grid rate',
        nodes: [
          {
            name: 'Crossed',
            type: 'n8n-nodes-ecostruxure.ecoStruxureCarbonTrigger',
            typeVersion: 1,
            position: [0, 0],
            parameters: {
              pollTimes: { item: [{ mode: 'everyMinute' }] },
              authentication: 'personalAccessToken',
              event: 'thresholdCrossed',
              siteIds: sim.control.siteIds().slice(0, 3).join(','),
              metric: 'percentAboveGlobalRate',
              above: -99,
              granularity: 'PT1H',
            },
            credentials: { ecoStruxurePersonalAccessTokenApi: { id: '', name: '' } },
          },
        ],
        connections: {},
        settings: { executionOrder: 'v1' },
      };
      const carbon = await rest.importWorkflow(prepare(crossing, { credentials: credentialIds }));
      const counts = async () => [
        (await rest.executionIds(alarms.id)).length,
        (await rest.executionIds(carbon.id)).length,
        sink.received.length,
      ];
      /** One more complete poll of each workflow: two more poll starts, the first one then finished. */
      const oneMorePollEach = async () =>
        await Promise.all([pollsStarted(n8n, alarms.id, 2), pollsStarted(n8n, carbon.id, 2)]);

      // Activation polls once: the three sites cross (an execution), while the alarm trigger records where
      // things stand and reports nothing. An alarm that starts after that poll is new.
      const activated = Promise.all([activationPollDone(n8n, alarms.id), activationPollDone(n8n, carbon.id)]);
      for (const workflow of [alarms, carbon]) await rest.activateWorkflow(workflow);
      await activated;
      const [crossed] = await rest.waitForExecutions(carbon.id, 1);
      expect(crossed?.output.Crossed?.map((item) => item.json.siteId).sort()).toEqual(
        sim.control.siteIds().slice(0, 3),
      );

      const alarmId = sim.control.injectAlarm({ priority: 'high', detail: 'Breaker tripped' });
      sim.control.injectAlarm({ priority: 'low', detail: 'Filtered out' });
      // The next scheduled poll reports it (polls run once a minute).
      const [notified] = await rest.waitForExecutions(alarms.id, 1, 150_000);
      expect(
        notified?.output['New high-priority alarm']?.map((item) => (item.json.alarm as { id: string }).id),
      ).toEqual([alarmId]);
      await sink.waitForMessages(1);
      expect((sink.received[0] as { text: string }).text).toContain('Breaker tripped');

      // One more poll of each: nothing new, so no second execution and no second message.
      await oneMorePollEach();
      expect(await counts()).toEqual([1, 1, 1]);

      // A restart re-activates both triggers from their saved state: the activation poll and the next
      // scheduled poll find nothing new.
      const reactivated = Promise.all([
        activationPollDone(n8n, alarms.id),
        activationPollDone(n8n, carbon.id),
      ]);
      await n8n.restart();
      await reactivated;
      expect(await counts()).toEqual([1, 1, 1]);
      await oneMorePollEach();
      expect(await counts()).toEqual([1, 1, 1]);
    } finally {
      await sink.close();
    }
  }, 600_000);
});

describe('secret canary in a real n8n', () => {
  it('finds each canary where it is put on purpose, so the search below can fail', async () => {
    expect(findCanaries(JSON.stringify(canarySimulatorOptions()), 'control').map((f) => f.canary)).toEqual(
      Object.keys(CANARY),
    );
    const issued = await Promise.all([
      tokenFrom(sim.urls.token, DEMO_CREDENTIALS.partner.clientId, CANARY.partnerClientSecret),
      tokenFrom(sim.urls.energyHubToken, DEMO_CREDENTIALS.accessClient.clientId, CANARY.accessClientSecret),
    ]);
    expect(findCanaries(issued.join(' '), 'control').map((f) => f.canary)).toEqual([
      'EcoStruxure access token',
      'Energy Hub access token',
    ]);
  });

  it("finds no canary in n8n's output, its execution records or any file of its user folder", async () => {
    const findings: Finding[] = [...findCanaries(n8n.output(), "n8n's output")];
    const executionIds = await rest.executionIds();
    expect(executionIds.length).toBeGreaterThan(20);
    for (const id of executionIds) {
      findings.push(...findCanaries((await rest.readExecution(id)).raw, `execution ${id}`));
    }
    const files = filesBelow(n8n.userFolder);
    // Where n8n keeps the credentials, encrypted with N8N_ENCRYPTION_KEY.
    expect(files.map((file) => file.relativePath)).toContain('.n8n/database.sqlite');
    for (const file of files) findings.push(...findCanaries(fileText(file.path), file.relativePath));

    const section = reportSection({
      surfaces: [
        "n8n's standard output and error at debug level (JSON lines), before and after a restart",
        'every execution record of the suite as `GET /rest/executions/<id>` returns it, run data included',
        "every file in n8n's user folder: the SQLite database where the credentials are stored (encrypted)," +
          ' its journal files, the config file and anything else n8n wrote there',
      ],
      findings,
    });
    if (process.env.UPDATE_PROOF_DOCS === '1') writeSection(section);
    else
      expect(
        committedSection(),
        'docs/secret-canary.md differs from this run: run with UPDATE_PROOF_DOCS=1 and commit it',
      ).toBe(section);
    expect(findings).toEqual([]);
  });
});

/** An access token fetched with client credentials, as a client outside n8n would. */
async function tokenFrom(url: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`${url} issued no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** What a user's browser does after clicking Connect: provider page, approve, back to n8n's callback. */
async function connectOAuth2(credentialId: string) {
  const authorizeUrl = await rest.data<string>('GET', `/rest/oauth2-credential/auth?id=${credentialId}`);
  expect(authorizeUrl.startsWith(sim.urls.authorize)).toBe(true);
  const authorizeUrlParams = new URL(authorizeUrl).searchParams;
  expect(authorizeUrlParams.get('code_challenge_method')).toBe('S256');
  expect(authorizeUrlParams.get('scope')).toContain('offline_access');
  const callback = await decideConsentAsCustomer(authorizeUrl);
  expect(callback).toContain('/rest/oauth2-credential/callback?');
  const result = await rest.get(callback);
  expect(result.status).toBe(200);
  return result;
}
