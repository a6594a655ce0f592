/**
 * The paths a person takes in the real Node-RED editor beyond the first-use story: the package's icons
 * in the palette and on the workspace, new accounts added with the + button of a node's dialog (personal
 * access token, then authorization code), an example imported and edited, a second example that reuses
 * the account already set up, and the help's names and field lists. Screenshots go to docs/images.
 */
import type { SimulatorHandle } from '@ecostruxure-connector/simulator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../support/browser.js';
import { approveInBrowser } from '../support/consent.js';
import {
  configNodes,
  deploy,
  dropImported,
  openExample,
  nodesHangOnPointer,
  openNodeDialog,
  pressInject,
  serveExampleLate,
  showDebugSidebar,
  PACKAGE_NAME,
  signIn,
  startEditorSession,
  type EditorRED,
  type EditorSession,
} from '../support/editor.js';
import type { NodeRed } from '../support/node-red.js';
import { distDir, imagesDir } from '../support/paths.js';

const executable = chromiumPath();
const shot = (page: Page, name: string) => page.screenshot({ path: join(imagesDir, `node-red-${name}.png`) });
const ICON_ROUTE = `/icons/${PACKAGE_NAME}/`;

/** Runs in the page: the CSS background image of an element (the palette draws icons that way). */
function backgroundOf(element: unknown): string {
  const view = globalThis as unknown as { getComputedStyle(of: unknown): { backgroundImage: string } };
  return view.getComputedStyle(element).backgroundImage;
}

describe.skipIf(!executable)('a person’s paths in the Node-RED editor (Debian chromium)', () => {
  let session: EditorSession;
  let sim: SimulatorHandle;
  let red: NodeRed;
  let page: Page;
  /** Every icon of this package the editor loaded: file name, HTTP status, body. */
  const iconsLoaded: { icon: string; status: number; body: string }[] = [];

  const emissionsNode = () => page.locator('.red-ui-flow-node-group:has-text("Get Emissions")').first();
  const accountRow = () => page.locator('.form-row:has(#node-input-account)');

  beforeAll(async () => {
    session = await startEditorSession(executable!);
    ({ sim, red, page } = session);
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (!path.startsWith(ICON_ROUTE)) return;
      void response.text().then((body) => {
        iconsLoaded.push({ icon: path.slice(ICON_ROUTE.length), status: response.status(), body });
      });
    });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows the package’s icons in the palette', async () => {
    await signIn(page, red.url);
    const icon = page.locator(
      '.red-ui-palette-node[data-palette-type="ecostruxure-emissions"] .red-ui-palette-icon',
    );
    expect(await icon.evaluate(backgroundOf)).toContain(`${PACKAGE_NAME}/ecostruxure.svg`);
    const hub = page.locator(
      '.red-ui-palette-node[data-palette-type="energy-hub-alarms"] .red-ui-palette-icon',
    );
    expect(await hub.evaluate(backgroundOf)).toContain(`${PACKAGE_NAME}/energy-hub.svg`);
    // The files themselves loaded: Node-RED would answer a missing icon with its generic arrow.
    await expect
      .poll(() => iconsLoaded.map((loaded) => loaded.icon).sort())
      .toEqual(['ecostruxure.svg', 'energy-hub.svg']);
    for (const loaded of iconsLoaded) {
      expect(loaded.status).toBe(200);
      expect(loaded.body).toBe(readFileSync(join(distDir, 'icons', loaded.icon), 'utf8'));
    }
    await page
      .locator(
        '.red-ui-palette-category:has(.red-ui-palette-node[data-palette-type="ecostruxure-emissions"])',
      )
      .screenshot({ path: join(imagesDir, 'node-red-palette.png') });
  });

  it('imports the emissions example, served late by a busy runtime, and shows the icon on the workspace', async () => {
    await serveExampleLate(page, 'Emissions to CSV file', 2_000);
    await openExample(page, 'Emissions to CSV file');
    await dropImported(page, 450, 250);
    await emissionsNode().waitFor();
    // A flow that came after the click would hang on the pointer and land wherever the next click is.
    expect(await nodesHangOnPointer(page), 'the flow is placed where it was dropped').toBe(false);
    await page.click('.red-ui-notification');
    const href = await emissionsNode()
      .locator('image')
      .first()
      .evaluate((image) => image.getAttribute('xlink:href') ?? image.getAttribute('href'));
    expect(href).toContain(`${PACKAGE_NAME}/ecostruxure.svg`);
    const accounts = await configNodes(page, 'ecostruxure-account');
    expect(accounts.map((account) => account.name)).toEqual(['EcoStruxure simulator (examples)']);
  });

  it('names the account by its label in the node’s dialog, never by its type', async () => {
    await openNodeDialog(page, emissionsNode());
    await accountRow().waitFor();
    const addTip = await accountRow().locator('a:has(.fa-plus)').count();
    expect(addTip).toBe(1);
    await accountRow().locator('a:has(.fa-plus)').click();
    const title = page.locator('.red-ui-tray-titlebar').last();
    await expect.poll(() => title.textContent()).toContain('Add new EcoStruxure account config node');
    expect(await title.textContent()).not.toContain('ecostruxure-account');
  });

  it('adds a personal-access-token account with the + button, deploys it and runs the flow', async () => {
    await page.selectOption('#node-config-input-authType', 'personalAccessToken');
    await page.fill('#node-config-input-name', 'My simulator (token)');
    await page.fill('#node-config-input-baseUrl', sim.url);
    await page.fill('#node-config-input-token', 'demo-personal-access-token');
    await shot(page, 'new-account');
    await page.click('#node-config-dialog-ok');
    await expect
      .poll(() => page.locator('#node-input-account option:checked').textContent())
      .toBe('My simulator (token)');
    await page.click('#node-dialog-ok');
    await deploy(page);
    await runAndReadRows(page);
  });

  it('adds an authorization-code account with +: an empty Client ID is marked, Authorize works', async () => {
    await openNodeDialog(page, emissionsNode());
    await accountRow().locator('a:has(.fa-plus)').click();
    await page.waitForSelector('#node-config-input-authType', { state: 'visible' });
    await page.selectOption('#node-config-input-authType', 'authorizationCode');
    await page.fill('#node-config-input-name', 'My simulator (consent)');
    await page.fill('#node-config-input-baseUrl', sim.url);
    // An empty Client ID is marked in the dialog (Node-RED's validate) before anything is tried.
    await page.fill('#node-config-input-clientId', '');
    await page.locator('#node-config-input-clientId').dispatchEvent('change');
    await expect
      .poll(() => page.getAttribute('#node-config-input-clientId', 'class'))
      .toContain('input-error');
    // Typed, as a person does: Node-RED validates on each key.
    await page.locator('#node-config-input-clientId').pressSequentially('demo-isv-app');
    await expect
      .poll(() => page.getAttribute('#node-config-input-clientId', 'class'))
      .not.toContain('input-error');
    await page.fill('#node-config-input-clientSecret', 'demo-isv-app-secret');
    const [consent] = await Promise.all([page.waitForEvent('popup'), page.click('#ecostruxure-authorize')]);
    await approveInBrowser(consent);
    expect(await consent.getAttribute('body', 'data-outcome')).toBe('authorized');
    await consent.close();
    await page.waitForSelector('#ecostruxure-consent-status[data-authorized="true"]');
    await page.click('#node-config-dialog-ok');
    await page.click('#node-dialog-ok');
    await deploy(page);
    await runAndReadRows(page);
    const names = (await configNodes(page, 'ecostruxure-account')).map((account) => account.name).sort();
    expect(names).toEqual([
      'EcoStruxure simulator (examples)',
      'My simulator (consent)',
      'My simulator (token)',
    ]);
  });

  it('marks an account with an empty Client ID invalid, and Deploy warns about it', async () => {
    await openNodeDialog(page, emissionsNode());
    await accountRow().locator('a:has(.fa-plus)').click();
    await page.waitForSelector('#node-config-input-authType', { state: 'visible' });
    await page.fill('#node-config-input-name', 'No client yet');
    await page.click('#node-config-dialog-ok');
    await page.click('#node-dialog-ok');
    const invalid = await page.evaluate(() => {
      const red = (globalThis as unknown as { RED: EditorRED }).RED;
      const found: boolean[] = [];
      red.nodes.eachConfig((node) => {
        if (node.name === 'No client yet') found.push(node.valid === false);
      });
      return found;
    });
    expect(invalid).toEqual([true]);
    await page.click('#red-ui-header-button-deploy');
    const warning = page.locator('.red-ui-notification:has-text("not properly configured")');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('No client yet');
    await shot(page, 'deploy-warns-empty-client-id');
    await warning.locator('button:has-text("Cancel")').click();

    // Fixed the way a person would: the account goes, the node uses the authorized one again.
    await openNodeDialog(page, emissionsNode());
    await accountRow().locator('a:has(.fa-pencil)').click();
    await page.locator('.red-ui-tray-toolbar button:has-text("Delete"):visible').last().click();
    await page.selectOption('#node-input-account', { label: 'My simulator (consent)' });
    await page.click('#node-dialog-ok');
  });

  it('imports a second example that reuses the account already there, and edits it', async () => {
    await openExample(page, 'Emission threshold alert');
    // Node-RED notices the account that exists (same ID) and offers to reuse it.
    const notice = page.locator('.red-ui-notification:has-text("already exist")');
    await notice.waitFor();
    await shot(page, 'import-existing-account');
    await notice.locator('button:has-text("Import copy")').click();
    await dropImported(page, 450, 520);
    const threshold = page.locator('.red-ui-flow-node-group:has-text("Emission threshold > 2000")').first();
    await threshold.waitFor();
    const accounts = await configNodes(page, 'ecostruxure-account');
    const examples = accounts.filter((account) => account.name === 'EcoStruxure simulator (examples)');
    expect(examples).toHaveLength(1);
    const used = await page.evaluate(() => {
      const red = (globalThis as unknown as { RED: EditorRED }).RED;
      return red.nodes.filterNodes({ type: 'ecostruxure-emissions' }).map((node) => node.account);
    });
    expect(used).toContain(examples[0]!.id);

    // Edit it: a higher limit, saved and deployed.
    await openNodeDialog(page, threshold);
    await page.fill('#node-input-above', '2500');
    await page.click('#node-dialog-ok');
    await expect
      .poll(() => page.locator('.red-ui-flow-node-group:has-text("Emission threshold > 2500")').count())
      .toBe(1);
    await deploy(page);
  });

  it('lists the config nodes by their labels in the help, and the help names real fields', async () => {
    await page.evaluate(() =>
      (globalThis as unknown as { RED: { sidebar: { show(id: string): void } } }).RED.sidebar.show('help'),
    );
    const toc = page.locator('.red-ui-sidebar-help-toc');
    await page.getByRole('textbox', { name: 'Search help' }).pressSequentially('ecostruxure');
    await expect.poll(() => toc.textContent()).toContain('EcoStruxure account');
    const listed = (await toc.textContent()) ?? '';
    expect(listed).toContain('Energy Hub access client');
    expect(listed).not.toMatch(/ecostruxure-account|energy-hub-access-client/);
    await toc.locator('text=List Sites').first().click();
    await expect
      .poll(() => page.locator('.red-ui-help').last().textContent())
      .toContain('postalAddress.countryIsoCode');
    await shot(page, 'help-list-sites');
  });

  it('names the config nodes in German for a German browser', async () => {
    const german = await session.newPage('de-DE');
    await signIn(german, red.url);
    await german.evaluate(() =>
      (globalThis as unknown as { RED: { sidebar: { show(id: string): void } } }).RED.sidebar.show('help'),
    );
    await german
      .locator('.red-ui-info-toolbar input[type="text"]:visible')
      .last()
      .pressSequentially('ecostruxure');
    const toc = german.locator('.red-ui-sidebar-help-toc');
    await expect.poll(() => toc.textContent()).toContain('EcoStruxure-Konto');
    expect(await toc.textContent()).toContain('Energy-Hub-Access-Client');
    await german.close();
  });
});

/** Presses the example's inject button and waits for the rows in the debug sidebar. */
async function runAndReadRows(page: Page): Promise<void> {
  await showDebugSidebar(page);
  const before = await page.locator('.red-ui-debug-msg').count();
  await pressInject(page, 'Get site-0001');
  await expect
    .poll(() => page.locator('.red-ui-debug-msg').count(), { timeout: 45_000 })
    .toBeGreaterThan(before);
  expect(await page.locator('.red-ui-debug-msg').last().textContent()).toMatch(/Emission rows.*array\[7\]/);
}
