/**
 * The n8n editor as a person uses it, in Debian's chromium (playwright-core) against a real n8n 2.41.1 with
 * the package: the nodes panel finds the nodes, the OAuth2 credential connects through the consent page in
 * a popup, the node runs and shows its table; after the customer revokes consent the error says which
 * action failed and to use "Switch account", and switching accounts makes the node run again; the Site
 * field's list shows the simulator's sites, searches them, and the one picked is the one the node reads.
 * Before the node has run, the next node's input shows the output schema the package ships, which n8n
 * serves to the editor. The screenshots it saves are the ones the package README shows.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import {
  DEFAULT_OWNER,
  installN8n,
  startN8n,
  type N8nProcess,
  type N8nRestClient,
} from '@ecostruxure-connector/n8n-host';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, selectors, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { approveInBrowser } from '../support/consent-page.mjs';
import { packPackage, type PackedPackage } from './package-tarball.mjs';
import { getEmissionsAfterStart } from './workflows.mjs';
import { readShippedSchema } from '../support/output-schemas.mjs';

const imagesDir = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'images');
const executable = chromiumPath();
const UI_MS = 45_000;
/** A step of a person in the editor, on a loaded machine. */
const STEP_MS = 240_000;

let sim: SimulatorHandle;
let n8n: N8nProcess;
let rest: N8nRestClient;
let packed: PackedPackage;
let browser: Browser;
let page: Page;
let workflowId: string;
/** The output schemas the editor asked n8n for, with n8n's answers. */
const schemaRequests: Array<{ path: string; status: number; body: unknown }> = [];
const CREDENTIAL_NAME = 'Customer consent';

function chromiumPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The editor as n8n advertises it (its OAuth redirect URL names localhost): the session cookie must belong
 * to the host the consent page redirects back to.
 */
const editorUrl = () => n8n.url.replace('127.0.0.1', 'localhost');

const shot = async (name: string) => await page.screenshot({ path: join(imagesDir, `n8n-${name}.png`) });

describe.skipIf(!executable)('the n8n editor in a browser (Debian chromium)', () => {
  beforeAll(async () => {
    const installation = await installN8n({ onProgress: (line) => console.error(line) });
    packed = packPackage();
    sim = await startSimulator({ port: 0 });
    n8n = await startN8n({ n8nDir: installation.dir, extensionsDir: packed.directory });
    rest = n8n.restClient();
    await rest.setupOwner();
    const credential = await rest.createCredential(CREDENTIAL_NAME, 'ecoStruxureOAuth2Api', {
      baseUrl: sim.url,
      clientId: DEMO_CREDENTIALS.isvApp.clientId,
      clientSecret: DEMO_CREDENTIALS.isvApp.clientSecret,
    });
    ({ id: workflowId } = await rest.importWorkflow(
      withNextStep(
        getEmissionsAfterStart('Get emissions of one site', {
          parameters: { authentication: 'oAuth2', site: { __rl: true, mode: 'id', value: 'site-0001' } },
          credentials: { ecoStruxureOAuth2Api: { id: credential.id, name: credential.name } },
        }),
      ),
    ));
    // n8n marks its elements with data-test-id.
    selectors.setTestIdAttribute('data-test-id');
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    browser = await chromium.launch({
      executablePath: executable,
      headless: true,
      args: asRoot ? ['--no-sandbox'] : [],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(UI_MS);
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (!pathname.startsWith('/schemas/')) return;
      void response
        .json()
        .catch(() => null)
        .then((body: unknown) => schemaRequests.push({ path: pathname, status: response.status(), body }));
    });
    await signIn();
  });

  afterEach(async ({ task }) => {
    // What the page showed when a step failed, for whoever reads the failure.
    if (task.result?.state !== 'fail' || !page) return;
    await page.screenshot({ path: join(tmpdir(), `n8n-editor-${task.id}.png`) });
    const testIds = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-test-id]')).map((element) =>
        element.getAttribute('data-test-id'),
      ),
    );
    console.error(`test ids on the page: ${[...new Set(testIds)].join(' ')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await n8n?.stop();
    await sim?.close();
    packed?.remove();
  });

  it(
    'finds the EcoStruxure nodes in the nodes panel, described by what they do',
    async () => {
      await page.goto(`${editorUrl()}/workflow/new`);
      await page.getByTestId('node-creator-plus-button').click();
      await page.getByTestId('node-creator-search-bar').fill('EcoStruxure');
      const carbon = page.getByTestId('item-iterator-item').filter({ hasText: 'EcoStruxure Carbon' }).first();
      await expect
        .poll(async () => await carbon.textContent(), { timeout: UI_MS })
        .toContain('Read carbon emissions');
      await shot('nodes-panel');
    },
    STEP_MS,
  );

  it(
    'connects the OAuth2 credential through the consent page in a popup',
    async () => {
      await openNode('Get emissions');
      await openCredential();
      await connect('oauth-connect-button');
      await page
        .getByTestId('oauth-connect-success-banner')
        .filter({ visible: true })
        .waitFor({ state: 'visible', timeout: UI_MS });
      await shot('credential-connected');
      await closeModal();
    },
    STEP_MS,
  );

  it(
    "shows the package's output schema in the next node's input before Get emissions has run",
    async () => {
      await openNode(NEXT_STEP);
      const input = page.getByTestId('ndv-input-panel');
      await input.getByText('gCO2ePerKWh').first().waitFor({ state: 'visible', timeout: UI_MS });
      const path = '/schemas/CUSTOM.ecoStruxureCarbon/1.0.0/emission/get.json';
      await expect.poll(() => schemaRequests.find((request) => request.path === path)).toBeDefined();
      const served = schemaRequests.find((request) => request.path === path);
      expect(served?.status).toBe(200);
      expect(served?.body).toEqual(readShippedSchema('ecoStruxureCarbon', 'emission/get'));
      await shot('schema-preview');
    },
    STEP_MS,
  );

  it(
    'runs Get emissions and shows one row per hour in the output table',
    async () => {
      await executeNode();
      const output = page.getByTestId('ndv');
      await output.getByText('kgCO2e').first().waitFor({ state: 'visible', timeout: UI_MS });
      await expect.poll(async () => await output.textContent(), { timeout: UI_MS }).toContain('24 items');
      await shot('output-table');
    },
    STEP_MS,
  );

  it(
    'after the customer revoked consent, names the action and "Switch account"; switching runs it again',
    async () => {
      for (const consent of sim.control.consents()) sim.control.revokeConsent(consent.id);
      // A fresh editor page, as after a revocation days later (n8n 2.41 fails a second partial run on the
      // same page with "Cannot read properties of null (reading 'Start')").
      await openNode('Get emissions');
      await executeNode();
      const output = page.getByTestId('ndv');
      await expect
        .poll(async () => await output.textContent(), { timeout: UI_MS })
        .toContain(`Get emissions failed: EcoStruxure refused the credential "${CREDENTIAL_NAME}"`);
      await expect
        .poll(async () => await output.textContent(), { timeout: UI_MS })
        .toContain('Switch account');
      await shot('revoked-error');
      await openCredential();
      await connect('oauth-switch-account-button');
      await closeModal();
      await openNode('Get emissions');
      await executeNode();
      await expect.poll(async () => await output.textContent(), { timeout: UI_MS }).toContain('24 items');
    },
    STEP_MS,
  );

  it(
    "lists the simulator's sites in the Site field, searches them by name, and runs with the one picked",
    async () => {
      await openNode('Get emissions');
      const site = page.getByTestId('resource-locator-site');
      await site.getByTestId('rlc-mode-selector').click();
      await page.getByRole('option', { name: /from list/i }).click();
      await site.getByTestId('rlc-input-container').click();
      const items = page.getByTestId('rlc-item');
      const siteIds = sim.control.siteIds();
      await expect.poll(async () => await items.count(), { timeout: UI_MS }).toBe(siteIds.length);
      const listed = await items.allTextContents();
      expect(listed.map((text) => /\(([^)]+)\)\s*$/.exec(text.trim())?.[1])).toEqual(siteIds);
      await shot('site-picker');
      // A word of one site's name that the first site's name does not have.
      const chosen = listed[2]?.trim() ?? '';
      const word = chosen.split(' ').find((part) => part.length > 3 && !listed[0]?.includes(part)) ?? '';
      await page.getByTestId('rlc-search').fill(word);
      await expect
        .poll(async () => await items.allTextContents(), { timeout: UI_MS })
        .toEqual(listed.filter((text) => text.includes(word)));
      await items.filter({ hasText: chosen }).click();
      await executeNode();
      const output = page.getByTestId('ndv');
      await expect.poll(async () => await output.textContent(), { timeout: UI_MS }).toContain('24 items');
      const chosenId = siteIds[2] ?? '';
      await expect.poll(async () => await output.textContent(), { timeout: UI_MS }).toContain(chosenId);
      expect(await output.textContent()).not.toContain(siteIds[0]);
    },
    STEP_MS,
  );
});

const NEXT_STEP = 'Next step';
/** Start → Get emissions → Next step. */
const WORKFLOW_CONNECTIONS = 2;

/** The workflow with a No Operation node after Get emissions, whose input shows Get emissions' output. */
function withNextStep(workflow: ReturnType<typeof getEmissionsAfterStart>) {
  return {
    ...workflow,
    nodes: [
      ...workflow.nodes,
      { name: NEXT_STEP, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [480, 0], parameters: {} },
    ],
    connections: {
      ...workflow.connections,
      'Get emissions': { main: [[{ node: NEXT_STEP, type: 'main', index: 0 }]] },
    },
  };
}

/** Signs in as the owner through n8n's login endpoint; the browser keeps the session cookie. */
async function signIn(): Promise<void> {
  const response = await page.request.post(`${editorUrl()}/rest/login`, {
    data: { emailOrLdapLoginId: DEFAULT_OWNER.email, password: DEFAULT_OWNER.password },
  });
  expect(response.status()).toBe(200);
}

/**
 * Opens the workflow and double-clicks the node once the canvas holds the whole workflow: n8n draws the
 * connections only after it has measured every node, and then fits the workflow into view, which moves the
 * nodes; a double click before that lands where the node no longer is.
 */
async function openNode(name: string): Promise<void> {
  await page.goto(`${editorUrl()}/workflow/${workflowId}`);
  // A straight connection has no height, so a drawn one counts as attached rather than visible.
  await page
    .getByTestId('edge')
    .nth(WORKFLOW_CONNECTIONS - 1)
    .waitFor({ state: 'attached' });
  // dblclick waits for the node to stand still (the fit may be animated) before it clicks.
  await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
  await page.getByTestId('ndv').waitFor({ state: 'visible' });
}

/** The credential of the open node, in n8n's credential dialog. */
async function openCredential(): Promise<void> {
  await page.getByTestId('node-credentials-select').hover();
  await page
    .getByTestId('credential-edit-button')
    .or(page.getByTestId('node-credentials-edit'))
    .first()
    .click();
  await page.getByTestId('credential-edit-dialog').waitFor({ state: 'visible' });
}

/** Presses the dialog's Connect (or Switch account) button and approves as the customer in the popup. */
async function connect(testId: string): Promise<void> {
  const dialog = page.getByTestId('credential-edit-dialog');
  const button = dialog
    .getByTestId(testId)
    .or(dialog.getByRole('button', { name: /connect|switch account/i }));
  const [popup] = await Promise.all([page.waitForEvent('popup'), button.first().click()]);
  await approveInBrowser(popup, async () => {
    await popup.screenshot({ path: join(imagesDir, 'n8n-consent-page.png') });
  });
}

async function closeModal(): Promise<void> {
  const dialog = page.getByTestId('credential-edit-dialog');
  await page.keyboard.press('Escape');
  // After Escape, either the dialog goes or n8n asks "Close without connecting?" (while it still shows the
  // account it had), each maybe a moment later: act on whichever the page shows first.
  const confirm = page.getByRole('button', { name: 'Close', exact: true });
  const closed = dialog.waitFor({ state: 'hidden' }).then(() => 'closed' as const);
  const asked = confirm.waitFor({ state: 'visible' }).then(() => 'asked' as const);
  // The wait that loses the race ends on its own later; its outcome no longer matters.
  asked.catch(() => undefined);
  closed.catch(() => undefined);
  if ((await Promise.race([closed, asked])) === 'asked') {
    await confirm.click();
    await dialog.waitFor({ state: 'hidden' });
  }
}

/**
 * Runs the node whose details view is open (every caller opens it first): the view must be showing, and the
 * click waits for its Execute button to stand still, so a view still opening is waited for, never guessed at.
 */
async function executeNode(): Promise<void> {
  const ndv = page.getByTestId('ndv');
  await ndv.waitFor({ state: 'visible' });
  await ndv.getByTestId('node-execute-button').first().click();
}
