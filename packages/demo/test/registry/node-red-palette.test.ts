/**
 * The Node-RED package as users get it: published to a registry with the release workflow's steps, installed
 * by name through the runtime's palette API (`POST /nodes`, what Manage palette → Install calls) by the
 * `node-red` command on a user directory whose `.npmrc` names the registry, as a user of a private
 * registry sets it. Then an authorized account and a threshold that has alerted, an update to the next
 * version from the palette manager in a real browser, a restart, and the same account and threshold go on:
 * no new consent, no repeated alert.
 */
import {
  decideConsentAsCustomer,
  startSimulator,
  type SimulatorHandle,
} from '@ecostruxure-connector/simulator';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRegistry, type LocalRegistry } from './support/local-registry.js';
import { withLoopbackPage } from './support/loopback-page.js';
import {
  openDebugFeed,
  startNodeRedProcess,
  type DebugFeed,
  type NodeRedProcess,
} from './support/node-red-process.js';
import { releaseNextVersion, releaseToRegistry } from './support/release.js';

const MODULE = '@ecostruxure-connector/node-red-nodes';
const ACCOUNT = 'a1b2c3d4e5f60718';
const TAB = 'f0e1d2c3b4a59687';
const shots = join(import.meta.dirname, '..', '..', 'test-results', 'registry');

let sim: SimulatorHandle;
let registry: LocalRegistry;
let catalogue: Server;
let red: NodeRedProcess;
let feed: DebugFeed;
let work: string;
let released: string[];

/**
 * The palette manager lists installable modules and their updates from catalogues; with a private
 * registry, a catalogue of its own (editorTheme.palette.catalogues). This one lists the registry's latest.
 */
async function startCatalogue(): Promise<Server> {
  const server = createServer((_request, response) => {
    void (async () => {
      const metadata = (await (await fetch(new URL(MODULE.replace('/', '%2f'), registry.url))).json()) as {
        'dist-tags': { latest: string };
        description: string;
      };
      response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      response.end(
        JSON.stringify({
          name: 'Local registry',
          updated_at: new Date().toISOString(),
          modules: [
            {
              id: MODULE,
              version: metadata['dist-tags'].latest,
              description: metadata.description,
              updated_at: new Date().toISOString(),
              types: ['ecostruxure-account', 'ecostruxure-emissions'],
              keywords: ['node-red', 'ecostruxure'],
            },
          ],
        }),
      );
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function userSettings(catalogueUrl: string): string {
  return `module.exports = {
  uiHost: '127.0.0.1',
  flowFile: 'flows.json',
  credentialSecret: 'a secret the user chose',
  telemetry: { enabled: false },
  editorTheme: { tours: false, palette: { catalogues: [${JSON.stringify(catalogueUrl)}] } },
};
`;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  registry = await startLocalRegistry();
  work = mkdtempSync(join(tmpdir(), 'node-red-palette-'));
  released = await releaseToRegistry(work, registry);
  catalogue = await startCatalogue();
  const home = join(work, 'home');
  const userDir = join(home, '.node-red');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(
    join(userDir, 'settings.js'),
    userSettings(`http://127.0.0.1:${(catalogue.address() as AddressInfo).port}/catalogue.json`),
  );
  // What a user of a private registry puts in the user directory: Node-RED runs npm there.
  writeFileSync(join(userDir, '.npmrc'), `registry=${registry.url}\n`);
  red = await startNodeRedProcess(userDir, home);
  feed = await openDebugFeed(red.url);
});

afterAll(async () => {
  feed?.close();
  await red?.stop();
  await new Promise((resolve) => catalogue?.close(resolve));
  await registry?.stop();
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const admin = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${red.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
};

interface ModuleInfo {
  name: string;
  version: string;
  nodes: Array<{ types: string[]; enabled: boolean; err?: string }>;
}

describe('Manage palette → Install, from the registry the user directory names', () => {
  it('installs the package by name; its nodes load', async () => {
    const asked = registry.requests.length;
    const installed = await admin('POST', '/nodes', { module: MODULE });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    const info = installed.body as ModuleInfo;
    expect(info.version).toBe('0.1.0');
    expect(info.nodes.flatMap((set) => set.err ?? [])).toEqual([]);
    expect(info.nodes.flatMap((set) => set.types)).toEqual(
      expect.arrayContaining(['ecostruxure-account', 'ecostruxure-threshold', 'energy-hub-alarms']),
    );
    const manifest = JSON.parse(readFileSync(join(red.userDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies).toEqual({ [MODULE]: '~0.1.0' });
    // npm asked the registry for our package and nothing else: it has no dependencies to fetch.
    expect(registry.requests.slice(asked).filter((path) => !path.includes('node-red-nodes'))).toEqual([]);
    expect(readdirSync(join(red.userDir, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([
      '@ecostruxure-connector',
    ]);
  });

  it('offers its examples under Import → Examples; one deploys with every node type known', async () => {
    const examples = `/library/examples/flows/${MODULE}`;
    const listed = await admin('GET', examples);
    expect(JSON.stringify(listed.body)).toContain('Emission threshold alert');
    const example = await admin('GET', `${examples}/${encodeURIComponent('Emission threshold alert')}`);
    const nodes = example.body as Array<{ id: string; type: string; z?: string }>;
    expect(nodes.some((node) => node.type === 'ecostruxure-threshold')).toBe(true);
    // As the import puts it on the current tab: the flow's nodes (those with wires), not its config node.
    const onTab = nodes.map((node) => ('wires' in node ? { ...node, z: TAB } : node));
    const deployed = await admin('POST', '/flows', [{ id: TAB, type: 'tab', label: 'Example' }, ...onTab]);
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(204);
    // A flow with a type Node-RED does not know is held back with this warning.
    expect(red.output()).not.toMatch(/Waiting for missing types/);
  });
});

/** A flow that lists sites with an authorized account, and a threshold fed rows by two inject buttons. */
function userFlow(): unknown[] {
  const inject = (id: string, wire: string, payload: unknown) => ({
    id,
    z: TAB,
    type: 'inject',
    props: [{ p: 'payload' }],
    payload: JSON.stringify(payload),
    payloadType: 'json',
    repeat: '',
    once: false,
    wires: [[wire]],
  });
  const debug = (id: string) => ({
    id,
    z: TAB,
    type: 'debug',
    active: true,
    tosidebar: true,
    complete: 'true',
    targetType: 'full',
    wires: [],
  });
  const row = (hour: number, kgCO2e: number) => [
    { siteId: 'site-0001', timestamp: `2026-11-30T${hour}:00:00Z`, kgCO2e },
  ];
  return [
    { id: TAB, type: 'tab', label: 'EcoStruxure' },
    {
      id: ACCOUNT,
      type: 'ecostruxure-account',
      name: 'Simulator',
      authType: 'authorizationCode',
      baseUrl: sim.url,
      scopes: 'read:site read:carbon-emission offline_access',
      redirectUri: `${red.url}/ecostruxure/oauth/callback`,
      credentials: { clientId: 'demo-isv-app', clientSecret: 'demo-isv-app-secret' },
    },
    inject('list', 'sites', ''),
    {
      id: 'sites',
      z: TAB,
      type: 'ecostruxure-sites',
      account: ACCOUNT,
      operation: 'list',
      output: 'message',
      wires: [['sites-out']],
    },
    debug('sites-out'),
    inject('above', 'threshold', row(10, 500)),
    inject('still-above', 'threshold', row(11, 600)),
    inject('below', 'threshold', row(12, 10)),
    {
      id: 'threshold',
      z: TAB,
      type: 'ecostruxure-threshold',
      metric: 'kgCO2e',
      above: '100',
      hysteresis: '0',
      property: 'payload',
      wires: [['alert'], ['normal']],
    },
    debug('alert'),
    debug('normal'),
  ];
}

async function press(id: string): Promise<void> {
  const response = await fetch(`${red.url}/inject/${id}`, { method: 'POST' });
  expect(response.status, `inject ${id}`).toBe(200);
}

/** The Authorize button's round trip: our authorize endpoint, the customer's consent, the callback. */
async function authorize(): Promise<void> {
  const started = await admin('POST', '/ecostruxure/oauth/authorize', {
    id: ACCOUNT,
    baseUrl: sim.url,
    redirectUri: `${red.url}/ecostruxure/oauth/callback`,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const callback = await decideConsentAsCustomer((started.body as { url: string }).url);
  expect((await fetch(callback)).status).toBe(200);
}

/** The palette manager's update: Menu → Manage palette → Nodes → "update to <version>" → Update. */
async function updateInPaletteManager(version: string): Promise<void> {
  return await withLoopbackPage(async (page) => {
    await page.goto(red.url);
    // The nodes are in the palette.
    await page.waitForSelector('.red-ui-palette-node[data-palette-type="ecostruxure-threshold"]');
    await page.click('#red-ui-header-button-sidemenu');
    await page.click('#menu-item-edit-palette');
    const entry = page.locator('.red-ui-palette-module-header', { hasText: MODULE });
    await entry.locator('.red-ui-palette-module-version', { hasText: '0.1.0' }).waitFor();
    const update = entry.getByText(`update to ${version}`);
    await update.waitFor();
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'node-red-palette-manager-update.png') });
    await update.click();
    const answered = page.waitForResponse(
      (response) => response.url().endsWith('/nodes') && response.request().method() === 'POST',
    );
    await page.click('.red-ui-palette-module-install-confirm-button-update');
    const response = await answered;
    expect(response.status(), await response.text()).toBe(200);
  });
}

describe('an update from the palette manager keeps what the user has', () => {
  const tokenFile = () => join(red.userDir, 'ecostruxure-tokens', `${ACCOUNT}.json`);
  const consentRequests = () =>
    sim.control
      .requests({ pathPrefix: '/ecostruxure/v1/oauth/token' })
      .filter((entry) => JSON.stringify(entry.body).includes('authorization_code'));

  it('before: an authorized account lists sites, and the threshold has alerted once', async () => {
    const deployed = await admin('POST', '/flows', userFlow());
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(204);
    await authorize();
    await press('list');
    await feed.waitFor('sites-out', 1);
    await press('above');
    await feed.waitFor('alert', 1);
    expect(existsSync(tokenFile())).toBe(true);
  });

  it('the palette manager offers the next version and updates to it; after the restart it asks for, 0.1.1 runs', async () => {
    const [nodeRedTarball] = released.filter((file) => file.includes('node-red-nodes'));
    await releaseNextVersion(nodeRedTarball ?? '', '0.1.1', work, registry);
    await updateInPaletteManager('0.1.1');
    const manifest = JSON.parse(readFileSync(join(red.userDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies[MODULE]).toBe('~0.1.1');
    // Node-RED loads an updated module on its next start ("restart required").
    feed.close();
    await red.restart();
    feed = await openDebugFeed(red.url);
    const info = (await admin('GET', `/nodes/${MODULE}`)).body as ModuleInfo;
    expect(info.version).toBe('0.1.1');
  });

  it('after: the account lists sites with its saved tokens, with no new consent', async () => {
    const tokensBefore = readFileSync(tokenFile(), 'utf8');
    sim.control.clearRequests();
    await press('list');
    const [listed] = await feed.waitFor('sites-out', 1);
    expect((JSON.parse(listed?.msg ?? '{}') as { payload: unknown[] }).payload.length).toBeGreaterThan(0);
    expect(consentRequests()).toEqual([]);
    expect(readFileSync(tokenFile(), 'utf8')).toBe(tokensBefore);
  });

  it('after: the threshold remembers the site is above: no second alert, and "back to normal" when it drops', async () => {
    await press('still-above');
    await press('below');
    await feed.waitFor('normal', 1);
    // One node handles its messages in order: the row still above was handled before the one below.
    expect(feed.messages.filter((message) => message.id === 'alert')).toEqual([]);
  });
});
