/**
 * The package inside a real n8n 2.41.1 process, driven over its REST API like a user in the editor:
 * owner set-up, one credential of each type against the simulator with n8n's own credential test, and the
 * OAuth2 "Connect" flow through the simulator's consent page; then the templates run and are checked, tokens
 * expire and n8n refreshes them, consent is revoked, and activated polling triggers fire once per event.
 */
import {
  DEMO_CREDENTIALS,
  decideConsentAsCustomer,
  startSimulator,
  type SimulatorHandle,
} from '@ecostruxure-connector/simulator';
import {
  installN8n,
  startN8n,
  waitFor,
  type Credential,
  type N8nProcess,
  type N8nRestClient,
  type WorkflowJson,
} from '@ecostruxure-connector/n8n-host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackage, type PackedPackage } from './package-tarball.mjs';
import { prepare, readTemplate, startWebhookSink } from './workflows.mjs';

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
  sim = await startSimulator({ port: 0, carbonCredentials: 'all' });
  n8n = await startN8n({ n8nDir: installation.dir, extensionsDir: packed.directory });
  rest = n8n.restClient();
  await rest.setupOwner();
  console.log(`n8n ready in ${n8n.startupMs} ms; package tarball ${packed.bytes} bytes`);
});

afterAll(async () => {
  await n8n?.stop();
  await sim?.close();
});

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
    const good = { baseUrl: sim.url, token: DEMO_CREDENTIALS.personalAccessToken.value };
    const credential = await createCredential('PAT', 'ecoStruxurePersonalAccessTokenApi', good);
    expect(await testCredential(credential, good)).toMatchObject({ status: 'OK' });
    const bad = { baseUrl: sim.url, token: 'not-a-token' };
    expect(await testCredential(credential, bad)).toMatchObject({ status: 'Error' });
  });

  it.each(['query', 'header'] as const)('tests an API key sent as %s', async (placement) => {
    const data = { baseUrl: sim.url, apiKey: DEMO_CREDENTIALS.apiKey.value, placement };
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
      clientSecret: DEMO_CREDENTIALS.partner.clientSecret,
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
      clientSecret: DEMO_CREDENTIALS.accessClient.clientSecret,
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
      clientSecret: DEMO_CREDENTIALS.isvApp.clientSecret,
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
    expect(JSON.stringify(stored)).not.toContain(DEMO_CREDENTIALS.isvApp.clientSecret);
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

  it("writes yesterday's emissions of every site as spreadsheet rows", async () => {
    const workflow = prepare(readTemplate('daily-emissions-to-spreadsheet.json'), {
      credentials: credentialIds,
    });
    const { id } = await rest.importWorkflow(workflow);
    const execution = await rest.runManually(id, 'Every morning');
    expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
    const siteCount = sim.control.siteIds().length;
    const rows = execution.output["Get yesterday's emissions"] ?? [];
    expect(rows).toHaveLength(siteCount);
    expect(new Set(rows.map((row) => row.json.siteId)).size).toBe(siteCount);
    for (const row of rows) expect(typeof row.json.kgCO2e).toBe('number');
    const file = execution.output['Spreadsheet file']?.[0]?.binary?.data as {
      fileName?: string;
      mimeType?: string;
    };
    expect(file.mimeType).toBe('text/csv');
    expect(file.fileName).toMatch(/^emissions-\d{4}-\d{2}-\d{2}\.csv$/);
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

  it('tells the user to reconnect the credential once the customer revoked consent', async () => {
    const { id } = await rest.importWorkflow(prepare(listOneSite(), { credentials: credentialIds }));
    for (const consent of sim.control.consents())
      sim.control.revokeConsent(consent.id, 'Customer revoked access');
    const execution = await rest.runManually(id, 'Start');
    expect(execution.status).toBe('error');
    const error = execution.nodeErrors['List sites'];
    expect(error?.message).toContain('reconnect the EcoStruxure credential');
    expect(JSON.stringify(execution)).not.toContain(DEMO_CREDENTIALS.isvApp.clientSecret);
  });
});

/** Waits until a poll has sent requests below `pathPrefix` and had a moment to finish. */
async function nextPoll(pathPrefix: string): Promise<void> {
  const before = sim.control.requests({ pathPrefix }).length;
  await waitFor(
    `the next poll of ${pathPrefix}`,
    async () => (sim.control.requests({ pathPrefix }).length > before ? true : undefined),
    90_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 3_000));
}

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
      for (const workflow of [alarms, carbon]) {
        await rest.activateWorkflow(workflow);
      }
      // Activation polls once as a test: the three sites cross (an execution), while the alarm trigger's
      // finding (where things stand, nothing to report) is not kept. Its first scheduled poll records it; an
      // alarm that starts after that poll is new.
      await nextPoll('/energy-hub/v1/graphql');
      const alarmId = sim.control.injectAlarm({ priority: 'high', detail: 'Breaker tripped' });
      sim.control.injectAlarm({ priority: 'low', detail: 'Filtered out' });
      const [crossed] = await rest.waitForExecutions(carbon.id, 1);
      expect(crossed?.output.Crossed?.map((item) => item.json.siteId).sort()).toEqual(
        sim.control.siteIds().slice(0, 3),
      );
      const [notified] = await rest.waitForExecutions(alarms.id, 1, 90_000);
      expect(
        notified?.output['New high-priority alarm']?.map((item) => (item.json.alarm as { id: string }).id),
      ).toEqual([alarmId]);
      expect(sink.received).toHaveLength(1);
      expect((sink.received[0] as { text: string }).text).toContain('Breaker tripped');

      // One more poll of each: nothing new, so no second execution and no second message.
      await nextPoll('/energy-hub/v1/graphql');
      await nextPoll('/ecostruxure/carbon-emission/v1');
      expect(await rest.executionIds(alarms.id)).toHaveLength(1);
      expect(await rest.executionIds(carbon.id)).toHaveLength(1);
      expect(sink.received).toHaveLength(1);

      // A restart re-activates both triggers from their saved state: still nothing new to report.
      await n8n.restart();
      await nextPoll('/energy-hub/v1/graphql');
      await nextPoll('/ecostruxure/carbon-emission/v1');
      expect(await rest.executionIds(alarms.id)).toHaveLength(1);
      expect(await rest.executionIds(carbon.id)).toHaveLength(1);
      expect(sink.received).toHaveLength(1);
    } finally {
      await sink.close();
    }
  }, 420_000);
});

describe("n8n's own log", () => {
  it('never shows a client secret, token or key used in these tests', () => {
    const log = n8n.output();
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [
      DEMO_CREDENTIALS.isvApp.clientSecret,
      DEMO_CREDENTIALS.partner.clientSecret,
      DEMO_CREDENTIALS.accessClient.clientSecret,
      DEMO_CREDENTIALS.personalAccessToken.value,
      DEMO_CREDENTIALS.apiKey.value,
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});

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
