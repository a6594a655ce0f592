/**
 * The n8n package as users get it: published to a registry with the release workflow's steps, installed by
 * name through n8n's community packages API (what Settings → Community Nodes → Install calls) in a real
 * n8n 2.41.1, whose own installer fetches it (see support/n8n-registry.ts for exactly what is pointed at
 * the local registry, and why). Then an OAuth2 credential connected and a threshold trigger that fired,
 * an update to the next version through the same API (the Update button), and both go on: no new consent,
 * no repeated crossing, before and after a restart.
 */
import {
  decideConsentAsCustomer,
  startSimulator,
  type SimulatorHandle,
} from '@ecostruxure-connector/simulator';
import {
  DEFAULT_OWNER,
  installN8n,
  startN8n,
  type N8nProcess,
  type N8nRestClient,
  type SavedWorkflow,
} from '@ecostruxure-connector/n8n-host';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRegistry, type LocalRegistry } from './support/local-registry.js';
import { withLoopbackPage } from './support/loopback-page.js';
import {
  n8nRegistryEnvironment,
  startRefusingProxy,
  writeNpmWrapper,
  type NpmWrapper,
  type RefusingProxy,
} from './support/n8n-registry.js';
import { releaseNextVersion, releaseToRegistry } from './support/release.js';

const PACKAGE = 'n8n-nodes-ecostruxure';
const PUBLIC_REGISTRY = '--registry=https://registry.npmjs.org';
const shots = join(import.meta.dirname, '..', '..', 'test-results', 'registry');

let sim: SimulatorHandle;
let registry: LocalRegistry;
let proxy: RefusingProxy;
let wrapper: NpmWrapper;
let n8n: N8nProcess;
let rest: N8nRestClient;
let work: string;
let released: string[];
const credentials: Record<string, { id: string; name: string }> = {};

beforeAll(async () => {
  const installation = await installN8n({ onProgress: (line) => console.error(line) });
  sim = await startSimulator({ port: 0 });
  registry = await startLocalRegistry();
  work = mkdtempSync(join(tmpdir(), 'n8n-community-nodes-'));
  released = await releaseToRegistry(work, registry);
  proxy = await startRefusingProxy();
  wrapper = writeNpmWrapper(work, registry);
  const userFolder = join(work, 'n8n-user');
  mkdirSync(userFolder);
  n8n = await startN8n({
    n8nDir: installation.dir,
    userFolder,
    // Debug JSON lines say when an activated trigger's poll has finished.
    env: {
      ...n8nRegistryEnvironment(userFolder, registry, wrapper, proxy),
      N8N_LOG_LEVEL: 'debug',
      N8N_LOG_FORMAT: 'json',
    },
  });
  rest = n8n.restClient();
  await rest.setupOwner();
});

afterAll(async () => {
  await n8n?.stop();
  await proxy?.close();
  await registry?.stop();
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface InstalledPackage {
  packageName: string;
  installedVersion: string;
  installedNodes: Array<{ name: string; type: string }>;
  updateAvailable?: string;
  failedLoading?: boolean;
}

const installedPackages = async () => await rest.data<InstalledPackage[]>('GET', '/rest/community-packages');

describe('Settings → Community Nodes → Install', () => {
  it("installs the package by name with n8n's own installer; the four nodes load", async () => {
    const asked = registry.requests.length;
    const installed = await rest.data<InstalledPackage>('POST', '/rest/community-packages', {
      name: PACKAGE,
    });
    expect(installed.installedVersion).toBe('0.1.0');
    expect(installed.installedNodes.map((node) => node.name).sort()).toEqual([
      'EcoStruxure Carbon',
      'EcoStruxure Carbon Trigger',
      'Energy Hub',
      'Energy Hub Trigger',
    ]);
    const types = (await rest.request<Array<{ name: string }>>('GET', '/types/nodes.json')).body;
    // n8n's npm asked the registry for our package and nothing else (n8n-workflow, the peer, included),
    // besides npm's own check for a newer npm (`/npm`).
    const others = registry.requests
      .slice(asked)
      .filter((path) => !path.includes(PACKAGE) && path !== '/npm');
    expect(others).toEqual([]);
    expect(types.map((type) => type.name)).toEqual(
      expect.arrayContaining([`${PACKAGE}.ecoStruxureCarbon`, `${PACKAGE}.energyHubTrigger`]),
    );
  });

  it('the editor gets the output schema of the installed package, read from the package on disk', async () => {
    // n8n resolves /schemas/<package>.<node>/... from the installed node file's folder, not a custom one.
    const response = await fetch(`${n8n.url}/schemas/${PACKAGE}.ecoStruxureCarbon/1.0.0/emission/get.json`);
    expect(response.status).toBe(200);
    const shipped = join(
      n8n.userFolder,
      '.n8n/nodes/node_modules',
      PACKAGE,
      'dist/nodes/EcoStruxureCarbon/__schema__/v1.0.0/emission/get.json',
    );
    expect(await response.json()).toEqual(JSON.parse(readFileSync(shipped, 'utf8')));
  });

  it("ran npm as n8n does (pack, then install without peers or scripts), against n8n's registry argument", () => {
    const commands = wrapper.commands();
    const pack = commands.find((args) => args[0] === 'pack');
    expect(pack).toEqual(['pack', `${PACKAGE}@latest`, '--quiet', PUBLIC_REGISTRY]);
    const install = commands.find((args) => args[0] === 'install');
    expect(install).toEqual(
      expect.arrayContaining(['--ignore-scripts=true', '--install-strategy=shallow', PUBLIC_REGISTRY]),
    );
    // n8n drops peerDependencies (n8n-workflow) from the package before `npm install`: one package on disk.
    const nodeModules = join(n8n.userFolder, '.n8n', 'nodes', 'node_modules');
    expect(readdirSync(nodeModules).filter((name) => !name.startsWith('.'))).toEqual([PACKAGE]);
  });

  it("n8n's own checks ran: it asked n8n's API and the public registry directly, and was refused", () => {
    // Refused by the proxy, n8n counts the package as allowed (as offline) and checks the version with npm.
    expect(new Set(proxy.attempts)).toEqual(new Set(['api.n8n.io:443', 'registry.npmjs.org:443']));
    expect(wrapper.commands()).toContainEqual([
      'view',
      `${PACKAGE}@latest`,
      'version',
      '--json',
      PUBLIC_REGISTRY,
    ]);
  });

  it("a personal access token credential passes n8n's credential test against the simulator", async () => {
    const data = { baseUrl: sim.url, token: 'demo-personal-access-token' };
    const credential = await rest.createCredential('PAT', 'ecoStruxurePersonalAccessTokenApi', data);
    credentials.ecoStruxurePersonalAccessTokenApi = { id: credential.id, name: credential.name };
    expect(await rest.testCredential(credential, data)).toMatchObject({ status: 'OK' });
  });
});

/** A manual workflow listing one site with the OAuth2 (customer consent) credential. */
const listOneSite = (credential: { id: string; name: string }) => ({
  name: 'List one site with customer consent',
  nodes: [
    { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      name: 'List sites',
      type: `${PACKAGE}.ecoStruxureCarbon`,
      typeVersion: 1,
      position: [220, 0],
      parameters: {
        authentication: 'oAuth2',
        resource: 'site',
        operation: 'getAll',
        returnAll: false,
        limit: 1,
      },
      credentials: { ecoStruxureOAuth2Api: credential },
    },
  ],
  connections: { Start: { main: [[{ node: 'List sites', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
});

/** An activated trigger that fires when sites go above a threshold every site is above. */
const sitesAbove = (credential: { id: string; name: string }, siteIds: string[]) => ({
  name: 'Sites above the threshold',
  nodes: [
    {
      name: 'Crossed',
      type: `${PACKAGE}.ecoStruxureCarbonTrigger`,
      typeVersion: 1,
      position: [0, 0],
      parameters: {
        pollTimes: { item: [{ mode: 'everyHour' }] },
        authentication: 'personalAccessToken',
        event: 'thresholdCrossed',
        siteIds: siteIds.join(','),
        metric: 'percentAboveGlobalRate',
        above: -99,
        granularity: 'PT1H',
      },
      credentials: { ecoStruxurePersonalAccessTokenApi: credential },
    },
  ],
  connections: {},
  settings: { executionOrder: 'v1' },
});

/** n8n's debug line once an activated trigger's first poll is done and its schedule registered. */
function activationPollDone(workflowId: string): Promise<string> {
  return n8n.waitForLine((line) => {
    if (!line.startsWith('{')) return false;
    const entry = JSON.parse(line) as { message?: string; metadata?: { groupId?: string } };
    return entry.message === 'Registered cron' && entry.metadata?.groupId === workflowId;
  }, `the schedule of workflow ${workflowId} to be registered`);
}

/** Signs in on n8n's sign-in page and opens Settings → Community nodes. */
async function communityNodesPage(screenshot: string): Promise<string> {
  return await withLoopbackPage(async (page) => {
    await page.goto(`${n8n.url}/signin`);
    await page
      .locator('input[type="email"], input[name="emailOrLdapLoginId"]')
      .first()
      .fill(DEFAULT_OWNER.email);
    await page.locator('input[type="password"]').first().fill(DEFAULT_OWNER.password);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
    await page.goto(`${n8n.url}/settings/community-nodes`);
    await page.getByText(PACKAGE).first().waitFor();
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, screenshot) });
    return await page.locator('body').innerText();
  });
}

describe('an update through Community Nodes keeps what the user has', () => {
  let listWorkflow: SavedWorkflow;
  let trigger: SavedWorkflow;
  const consentGrants = () =>
    sim.control
      .requests({ pathPrefix: '/ecostruxure/v1/oauth/token' })
      .filter((entry) => JSON.stringify(entry.body).includes('authorization_code'));

  it('before: an OAuth2 credential connected on the consent page lists sites; an activated trigger fired once', async () => {
    const data = { baseUrl: sim.url, clientId: 'demo-isv-app', clientSecret: 'demo-isv-app-secret' };
    const oauth = await rest.createCredential('Customer consent', 'ecoStruxureOAuth2Api', data);
    const authorizeUrl = await rest.data<string>('GET', `/rest/oauth2-credential/auth?id=${oauth.id}`);
    expect((await rest.get(await decideConsentAsCustomer(authorizeUrl))).status).toBe(200);
    expect(consentGrants()).toHaveLength(1);
    listWorkflow = await rest.importWorkflow(listOneSite({ id: oauth.id, name: oauth.name }));
    expect((await rest.runManually(listWorkflow.id, 'Start')).status).toBe('success');

    const pat = credentials.ecoStruxurePersonalAccessTokenApi!;
    trigger = await rest.importWorkflow(sitesAbove(pat, sim.control.siteIds().slice(0, 2)));
    const polled = activationPollDone(trigger.id);
    await rest.activateWorkflow(trigger);
    await polled;
    const [fired] = await rest.waitForExecutions(trigger.id, 1);
    expect(fired?.output.Crossed).toHaveLength(2);
  });

  it('Settings → Community nodes shows the package, with the new version once it is published', async () => {
    const [n8nTarball] = released.filter((file) => file.includes(PACKAGE));
    await releaseNextVersion(n8nTarball ?? '', '0.1.1', work, registry);
    const [listed] = await installedPackages();
    expect(listed).toMatchObject({
      packageName: PACKAGE,
      installedVersion: '0.1.0',
      updateAvailable: '0.1.1',
    });
    const text = await communityNodesPage('n8n-community-nodes.png');
    // The package's card: its name, the installed version and the Update button.
    expect(text).toContain(PACKAGE);
    expect(text).toContain('v0.1.0');
    expect(text).toContain('Update');
  });

  it('refuses an update whose checksum is not the one the registry serves, and keeps 0.1.0', async () => {
    const refused = await rest.request('PATCH', '/rest/community-packages', {
      name: PACKAGE,
      version: '0.1.1',
      checksum: 'sha512-bm90IHRoZSBwYWNrYWdlJ3MgY2hlY2tzdW0=',
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.text).toMatch(/checksum/i);
    expect((await installedPackages())[0]?.installedVersion).toBe('0.1.0');
  });

  it("updates to 0.1.1 with the Update button's request, n8n verifying the registry's checksum", async () => {
    const metadata = (await (await fetch(new URL(`${PACKAGE}/0.1.1`, registry.url))).json()) as {
      dist: { integrity: string };
    };
    // The Update button sends { name, version, checksum }, the checksum from n8n's list of vetted packages;
    // this package is not on it, so the registry's own is given: n8n's integrity check runs as for those.
    const updated = await rest.data<InstalledPackage>('PATCH', '/rest/community-packages', {
      name: PACKAGE,
      version: '0.1.1',
      checksum: metadata.dist.integrity,
    });
    expect(updated.installedVersion).toBe('0.1.1');
    expect(updated.installedNodes).toHaveLength(4);
    // Its public-registry lookup refused, n8n read the integrity through npm: the local registry's.
    expect(wrapper.commands()).toContainEqual([
      'view',
      `${PACKAGE}@0.1.1`,
      'dist.integrity',
      '--json',
      PUBLIC_REGISTRY,
    ]);
  });

  it('after: the OAuth2 credential lists sites with the tokens n8n kept; no new consent', async () => {
    sim.control.clearRequests();
    const execution = await rest.runManually(listWorkflow.id, 'Start');
    expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
    expect(execution.output['List sites']).toHaveLength(1);
    expect(consentGrants()).toEqual([]);
  });

  it('after a restart: 0.1.1 loads, and the trigger resumes from its saved state without firing again', async () => {
    const reactivated = activationPollDone(trigger.id);
    await n8n.restart();
    await reactivated;
    expect(await installedPackages()).toEqual([
      expect.objectContaining({ packageName: PACKAGE, installedVersion: '0.1.1', failedLoading: false }),
    ]);
    // Had the state been lost, both sites would have crossed again on this poll.
    expect(await rest.executionIds(trigger.id)).toHaveLength(1);
    sim.control.clearRequests();
    expect((await rest.runManually(listWorkflow.id, 'Start')).status).toBe('success');
    expect(consentGrants()).toEqual([]);
  });
});
