/**
 * The whole first-use story in the real Node-RED editor: import the emissions example from the
 * examples menu, open its EcoStruxure account, press Authorize, approve on the simulator's consent page,
 * see the authorized state in the dialog, deploy, run the flow and see emission rows in the debug
 * sidebar; then the monthly report example on the same account, its totals in the sidebar. The screenshots
 * it takes are the ones the docs show.
 */
import type { SimulatorHandle } from '@ecostruxure-connector/simulator';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../support/browser.js';
import { approveInBrowser } from '../support/consent.js';
import {
  deploy,
  dropImported,
  openExample,
  pressInject,
  signIn,
  startEditorSession,
  type EditorSession,
} from '../support/editor.js';
import type { NodeRed } from '../support/node-red.js';
import { imagesDir } from '../support/paths.js';

const executable = chromiumPath();
const shot = (page: Page, name: string) => page.screenshot({ path: join(imagesDir, `node-red-${name}.png`) });

describe.skipIf(!executable)('the Node-RED editor (Debian chromium)', () => {
  let session: EditorSession;
  let sim: SimulatorHandle;
  let red: NodeRed;
  let page: Page;

  beforeAll(async () => {
    session = await startEditorSession(executable!);
    ({ sim, red, page } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('signs in to the editor', async () => {
    await signIn(page, red.url);
  });

  it('imports the emissions example from the examples menu', async () => {
    await openExample(page, 'Emissions to CSV file');
    await dropImported(page, 350, 250);
    await page.waitForSelector('.red-ui-flow-node-group:has-text("Get Emissions")');
    // Dismiss the import notice (a click closes it) and deselect, so the screenshots show the flow plainly.
    await page.click('.red-ui-notification');
    await expect.poll(() => page.locator('.red-ui-notification:visible').count()).toBe(0);
    await page.mouse.click(700, 700);
    await shot(page, 'example-imported');
  });

  it('authorizes the account from its dialog and shows the consent status', async () => {
    await page.dblclick('.red-ui-flow-node-group:has-text("Get Emissions")');
    await page.click('.form-row:has(#node-input-account) a:has(.fa-pencil)');
    await page.waitForSelector('#node-config-input-baseUrl', { state: 'visible' });
    await page.fill('#node-config-input-baseUrl', sim.url);
    await page.fill('#node-config-input-clientId', 'demo-isv-app');
    await page.fill('#node-config-input-clientSecret', 'demo-isv-app-secret');
    await shot(page, 'account-dialog');
    const [consent] = await Promise.all([page.waitForEvent('popup'), page.click('#ecostruxure-authorize')]);
    await consent.waitForLoadState();
    await shot(consent, 'sign-in-page');
    await approveInBrowser(consent, () => shot(consent, 'consent-page'));
    expect(await consent.getAttribute('body', 'data-outcome')).toBe('authorized');
    await consent.close();
    await page.waitForSelector('#ecostruxure-consent-status[data-authorized="true"]');
    const statusText = await page.textContent('#ecostruxure-consent-status');
    expect(statusText).toContain('Authorized');
    expect(statusText).toContain('read:carbon-emission');
    await shot(page, 'account-authorized');
    await page.click('#node-config-dialog-ok');
    await page.click('#node-dialog-ok');
  });

  it('deploys, runs the flow and shows emission rows in the debug sidebar', async () => {
    await deploy(page);
    await page.click('#red-ui-tab-debug-link-button, a[href="#red-ui-tab-debug"]').catch(() => undefined);
    await pressInject(page, 'Get site-0001');
    const message = page.locator('.red-ui-debug-msg').first();
    // Generous: on a loaded 2-core machine the first run of a flow can take a while.
    await message.waitFor({ timeout: 45_000 });
    expect(await message.textContent()).toMatch(/Emission rows.*array\[7\]/);
    // Open the array and its first row, as a user would to read the values.
    await message.locator('.red-ui-debug-msg-object-header').first().click();
    await message.locator('.red-ui-debug-msg-object-key').first().click();
    const text = await message.textContent();
    expect(text).toContain('site-0001');
    expect(text).toContain('kgCO2e');
    await shot(page, 'debug-emission-rows');
  });

  it('imports the monthly report example on the same account and shows its totals in the debug sidebar', async () => {
    await openExample(page, 'Monthly emissions report to CSV');
    const notice = page.locator('.red-ui-notification:has-text("already exist")');
    await notice.waitFor();
    await notice.locator('button:has-text("Import copy")').click();
    await dropImported(page, 600, 480);
    await page.waitForSelector('.red-ui-flow-node-group:has-text("Last month\'s report")');
    await page.mouse.click(700, 760); // deselects the imported nodes
    await deploy(page);
    // The sidebar still holds the emission rows of the first example: only the report's message stays.
    await page.click('#red-ui-sidebar-debug-clear');
    await pressInject(page, '2nd of the month, 06:00');
    const message = page.locator('.red-ui-debug-msg', { hasText: 'Report totals' }).first();
    await message.waitFor({ timeout: 60_000 });
    // The totals per country and for all sites (grouped by ten): open the list, its first ten and the first.
    await message.locator('.red-ui-debug-msg-object-header').first().click();
    await message.locator('.red-ui-debug-msg-object-key').nth(0).click();
    await message.locator('.red-ui-debug-msg-object-key').nth(1).click();
    const text = await message.textContent();
    for (const column of ['kgCO2eLocationBased', 'kgCO2eMarketBased', 'completenessPercent']) {
      expect(text).toContain(column);
    }
    // The notices (imported, deployed, injected) go at a click, so the picture shows the flow and the report.
    for (const notice of await page.locator('.red-ui-notification:visible').all()) {
      await notice.click().catch(() => undefined);
    }
    await expect.poll(() => page.locator('.red-ui-notification:visible').count()).toBe(0);
    await shot(page, 'debug-emissions-report');
  });
});
