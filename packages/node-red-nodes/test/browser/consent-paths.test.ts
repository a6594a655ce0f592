/**
 * The account dialog's consent paths a person takes besides the first-use story (editor.test.ts), in the
 * real Node-RED editor and Debian chromium:
 * - import an example, Deploy, then fill in the account and Authorize: the consent page's outcome is
 *   "authorized" and the dialog says so (it used to judge the deployed node, with no Client ID, and fail);
 * - an account not deployed yet keeps "Waiting for approval" while the person is on the consent page;
 * - a deployed personal-access-token account switched to authorization code shows "not authorized", not
 *   the deployed account's green state.
 */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium, signInToEditor } from '../support/browser.js';
import { approveInBrowser } from '../support/consent.js';
import { TAB_ID, tab } from '../support/flows.js';
import { startNodeRed, type NodeRed } from '../support/node-red.js';

const executable = chromiumPath();
const STATUS = '#ecostruxure-consent-status';

describe.skipIf(!executable)('account consent paths in the Node-RED editor (Debian chromium)', () => {
  let sim: SimulatorHandle;
  let red: NodeRed;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    red = await startNodeRed({ version: '5' });
    // Deployed before the editor opens: a personal-access-token account and a node using it.
    await red.deploy([
      tab(),
      {
        id: '6b5a4c3d2e1f0a98',
        type: 'ecostruxure-account',
        name: 'Token account',
        authType: 'personalAccessToken',
        baseUrl: sim.url,
        credentials: { token: 'demo-personal-access-token' },
      },
      {
        id: 'c1d2e3f4a5b69788',
        type: 'ecostruxure-sites',
        name: 'Sites by token',
        z: TAB_ID,
        x: 200,
        y: 80,
        account: '6b5a4c3d2e1f0a98',
        operation: 'list',
        wires: [[]],
      },
    ]);
    browser = await launchChromium(executable!);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Generous: this machine may be busy; nothing here asserts on time.
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
    // "Leave the page with undeployed changes?" when a failed test reloads it: yes.
    page.on('dialog', (dialog) => void dialog.accept());
    await signInToEditor(page, red.url);
  });
  // A failed test leaves dialogs open: reload the editor, so the next test starts from the workspace.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const popup of page.context().pages()) if (popup !== page) await popup.close();
    await page.reload();
    await page.waitForSelector('#red-ui-workspace', { state: 'visible' });
  });
  afterAll(async () => {
    await browser?.close();
    await red?.stop();
    await sim?.close();
  });

  /** Imports an example from the menu and drops it at (x, y); resolves once `nodeLabel` is on the workspace. */
  async function importExample(name: string, x: number, y: number, nodeLabel: string): Promise<void> {
    await page.click('#red-ui-header-button-sidemenu');
    await page.click('#menu-item-import');
    await page.click('text=Examples');
    const entry = (text: string) =>
      page.locator('.red-ui-treeList-label-text:visible', { hasText: text }).first();
    await entry('@ecostruxure-connector/node-red-nodes').click();
    await entry(name).click();
    await page.click('#red-ui-clipboard-dialog-ok');
    await page.mouse.move(x, y);
    await page.mouse.click(x, y);
    await page.waitForSelector(`.red-ui-flow-node-group:has-text("${nodeLabel}")`);
    await page.click('.red-ui-notification').catch(() => undefined);
    await page.mouse.click(1300, 850);
  }

  async function deploy(): Promise<void> {
    await page.click('#red-ui-header-button-deploy');
    // An account without a Client ID may be marked invalid: deploy it anyway, as a person would.
    const confirm = page.locator('#red-ui-deploy-dialog-confirm-deploy-deploy');
    const deployed = page.locator('.red-ui-notification:has-text("Successfully deployed")');
    await Promise.race([confirm.waitFor(), deployed.waitFor()]);
    if (await confirm.isVisible()) await confirm.click();
    await deployed.waitFor();
  }

  /** Opens the account of the node labelled `nodeLabel` from the node's dialog (the pencil beside Account). */
  async function openAccountOf(nodeLabel: string): Promise<void> {
    // Not the inject node of the same label: an EcoStruxure node has no button.
    await page.dblclick(
      `.red-ui-flow-node-group:not(:has(.red-ui-flow-node-button)):has-text("${nodeLabel}")`,
    );
    await page.waitForSelector('#node-input-account', { state: 'visible' });
    await page.click('.form-row:has(#node-input-account) a:has(.fa-pencil)');
    await page.waitForSelector('#node-config-input-baseUrl', { state: 'visible' });
  }

  async function closeDialogs(): Promise<void> {
    await page.click('#node-config-dialog-cancel');
    await page.click('#node-dialog-cancel');
  }

  /** Authorize, then on the consent page wait for two status polls of the dialog before approving. */
  async function authorizeWatchingWhileOnConsentPage(): Promise<{
    waiting: string | null;
    text: string | null;
  }> {
    await page.fill('#node-config-input-baseUrl', sim.url);
    await page.fill('#node-config-input-clientId', 'demo-isv-app');
    await page.fill('#node-config-input-clientSecret', 'demo-isv-app-secret');
    const [consent] = await Promise.all([page.waitForEvent('popup'), page.click('#ecostruxure-authorize')]);
    let seen = { waiting: null as string | null, text: null as string | null };
    await approveInBrowser(consent, async () => {
      for (let poll = 0; poll < 2; poll += 1)
        await page.waitForResponse((response) => response.url().includes('/ecostruxure/oauth/status/'));
      seen = {
        waiting: await page.getAttribute(STATUS, 'data-waiting'),
        text: await page.textContent(STATUS),
      };
    });
    expect(await consent.getAttribute('body', 'data-outcome')).toBe('authorized');
    await consent.close();
    return seen;
  }

  it('shows a deployed personal-access-token account switched to authorization code as not authorized', async () => {
    await openAccountOf('Sites by token');
    await page.waitForSelector(`${STATUS}[data-authorized]`, { state: 'attached' });
    await page.selectOption('#node-config-input-authType', 'authorizationCode');
    await page.waitForResponse((response) => response.url().includes('authType=authorizationCode'));
    await page.waitForSelector(`${STATUS}[data-authorized="false"]`, { state: 'attached' });
    expect(await page.textContent(STATUS)).toContain('Not authorized');
    expect(await page.isVisible('#ecostruxure-disconnect')).toBe(false);
    await closeDialogs();
  });

  it('keeps "Waiting for approval" on the consent page for an account not deployed yet', async () => {
    await importExample('Sites above their grid rate', 350, 300, 'List Sites');
    await openAccountOf('List Sites');
    const seen = await authorizeWatchingWhileOnConsentPage();
    expect(seen.text).toContain('Waiting for approval');
    expect(seen.waiting).toBe('true');
    await page.waitForSelector(`${STATUS}[data-authorized="true"]`, { state: 'attached' });
    await closeDialogs();
  });

  it('authorizes an imported example after it was deployed, and the dialog shows it', async () => {
    await importExample('Emissions to CSV file', 350, 650, 'Get Emissions');
    await deploy();
    await openAccountOf('Get Emissions');
    const seen = await authorizeWatchingWhileOnConsentPage();
    expect(seen.text).toContain('Waiting for approval');
    await page.waitForSelector(`${STATUS}[data-authorized="true"]`, { state: 'attached' });
    expect(await page.textContent(STATUS)).toContain('read:carbon-emission');
    await page.click('#node-config-dialog-ok');
    await page.click('#node-dialog-ok');
    await deploy();
  });
});
