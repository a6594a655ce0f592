/**
 * The customer's side of the simulator's consent page in a browser tab (n8n opens it in a popup on
 * "Connect"): sign in with the simulator's demo customer, approve, and wait for the callback page.
 */
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';
import type { Page } from 'playwright-core';

/** `atConsent` runs while the consent page is shown (a screenshot, say). */
export async function approveInBrowser(page: Page, atConsent?: () => Promise<unknown>): Promise<void> {
  const { username, password } = DEMO_CREDENTIALS.customer;
  await page.waitForSelector('input[name="username"], button[value="approve"]');
  if (await page.isVisible('input[name="username"]')) {
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', password);
    await Promise.all([page.waitForNavigation(), page.press('input[name="password"]', 'Enter')]);
  }
  await page.waitForSelector('button[value="approve"]');
  await atConsent?.();
  await page.click('button[value="approve"]');
}
