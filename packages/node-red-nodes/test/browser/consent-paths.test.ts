/**
 * The account dialog's consent paths a person takes besides the first-use story (editor.test.ts), in the
 * real Node-RED editor and Debian chromium:
 * - import an example, Deploy, then fill in the account and Authorize: the consent page's outcome is
 *   "authorized" and the dialog says so (it used to judge the deployed node, with no Client ID, and fail);
 * - an account not deployed yet keeps "Waiting for approval" while the person is on the consent page;
 * - a deployed personal-access-token account switched to authorization code shows "not authorized", not
 *   the deployed account's green state.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../support/browser.js';
import { approveInBrowser } from '../support/consent.js';
import {
  dropImported,
  openExample,
  openNodeDialog,
  signIn,
  startEditorSession,
  type EditorSession,
} from '../support/editor.js';
import { TAB_ID, tab } from '../support/flows.js';

const executable = chromiumPath();
const STATUS = '#ecostruxure-consent-status';

describe.skipIf(!executable)('account consent paths in the Node-RED editor (Debian chromium)', () => {
  let session: EditorSession;
  let page: Page;
  const sim = () => session.sim;

  beforeAll(async () => {
    session = await startEditorSession(executable!);
    page = session.page;
    // Generous: this machine may be busy; nothing here asserts on time.
    page.context().setDefaultTimeout(30_000);
    // "Leave the page with undeployed changes?" when a failed test reloads it: yes.
    page.on('dialog', (dialog) => void dialog.accept());
    // Deployed before the editor opens: a personal-access-token account and a node using it.
    await session.red.deploy([
      tab(),
      {
        id: '6b5a4c3d2e1f0a98',
        type: 'ecostruxure-account',
        name: 'Token account',
        authType: 'personalAccessToken',
        baseUrl: session.sim.url,
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
    await signIn(page, session.red.url);
  });
  // A failed test leaves dialogs open: reload the editor, so the next test starts from the workspace.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const popup of page.context().pages()) if (popup !== page) await popup.close();
    await page.reload();
    await page.waitForSelector('#red-ui-workspace', { state: 'visible' });
  });
  afterAll(async () => {
    await session?.close();
  });

  /** An EcoStruxure node by its label (not an inject node of the same label: those have a button). */
  const node = (label: string): Locator =>
    page.locator(`.red-ui-flow-node-group:not(:has(.red-ui-flow-node-button)):has-text("${label}")`).first();
  const accountRow = () => page.locator('.form-row:has(#node-input-account)');

  /** Opens the node's dialog, then its account's: `pencil` edits the one chosen, `plus` adds a new one. */
  async function openAccountOf(label: string, button: 'pencil' | 'plus'): Promise<void> {
    // The node's own box: its group also spans the status text, whose middle may lie on a wire.
    await openNodeDialog(page, node(label).locator('.red-ui-flow-node').first());
    await accountRow().locator(`a:has(.fa-${button})`).click();
    await page.waitForSelector('#node-config-input-baseUrl', { state: 'visible' });
  }

  async function closeDialogs(): Promise<void> {
    await page.click('#node-config-dialog-cancel');
    await page.click('#node-dialog-cancel');
  }

  /** Deploys; an account without a Client ID is marked invalid, so confirm as a person would. */
  async function deployAnyway(): Promise<void> {
    await page.click('#red-ui-header-button-deploy');
    const confirm = page.locator('#red-ui-deploy-dialog-confirm-deploy-deploy');
    const deployed = page.locator('.red-ui-notification:has-text("Successfully deployed")');
    await Promise.race([confirm.waitFor(), deployed.waitFor()]);
    if (await confirm.isVisible()) await confirm.click();
    await deployed.waitFor();
  }

  /** Authorize, then on the consent page wait for two status polls of the dialog before approving. */
  async function authorizeWatchingWhileOnConsentPage(): Promise<{
    waiting: string | null;
    text: string | null;
  }> {
    await page.fill('#node-config-input-baseUrl', sim().url);
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
    await openAccountOf('Sites by token', 'pencil');
    await page.waitForSelector(`${STATUS}[data-authorized]`, { state: 'attached' });
    // Listening before the change: the status answer can come back before the option is reported set.
    await Promise.all([
      page.waitForResponse((response) => response.url().includes('authType=authorizationCode')),
      page.selectOption('#node-config-input-authType', 'authorizationCode'),
    ]);
    await page.waitForSelector(`${STATUS}[data-authorized="false"]`, { state: 'attached' });
    expect(await page.textContent(STATUS)).toContain('Not authorized');
    expect(await page.isVisible('#ecostruxure-disconnect')).toBe(false);
    await closeDialogs();
  });

  it('keeps "Waiting for approval" on the consent page for an account not deployed yet', async () => {
    await openAccountOf('Sites by token', 'plus');
    await page.selectOption('#node-config-input-authType', 'authorizationCode');
    const seen = await authorizeWatchingWhileOnConsentPage();
    expect(seen.text).toContain('Waiting for approval');
    expect(seen.waiting).toBe('true');
    await page.waitForSelector(`${STATUS}[data-authorized="true"]`, { state: 'attached' });
    await closeDialogs();
  });

  it('authorizes an imported example after it was deployed, and the dialog shows it', async () => {
    await openExample(page, 'Sites above their grid rate');
    await dropImported(page, 350, 300);
    await node('List Sites').waitFor();
    await page.click('.red-ui-notification').catch(() => undefined);
    await deployAnyway();
    await openAccountOf('List Sites', 'pencil');
    await authorizeWatchingWhileOnConsentPage();
    await page.waitForSelector(`${STATUS}[data-authorized="true"]`, { state: 'attached' });
    expect(await page.textContent(STATUS)).toContain('read:carbon-emission');
    await page.click('#node-config-dialog-ok');
    await page.click('#node-dialog-ok');
    await deployAnyway();
  });
});
