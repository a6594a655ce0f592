/**
 * The customer's side of the simulator's consent page, in one place for every test: over HTTP
 * (integration tests) and in the browser (editor test). If the page changes, only this file changes.
 */
import { decideConsentAsCustomer } from '@ecostruxure-connector/simulator';
import type { Page } from 'playwright-core';

export const CUSTOMER = { username: 'demo-customer', password: 'demo-customer-password' };

/** Signs in, approves and returns the callback URL the consent page redirects to. */
export function approveOverHttp(authorizeUrl: string): Promise<string> {
  return decideConsentAsCustomer(authorizeUrl, { decision: 'approve', customer: CUSTOMER });
}

/**
 * The same in a real browser tab showing the authorize URL; resolves once the callback page has loaded.
 * `atConsent` runs while the consent page is shown (e.g. to take a screenshot).
 */
export async function approveInBrowser(page: Page, atConsent?: () => Promise<unknown>): Promise<void> {
  await page.waitForSelector('input[name="username"], button[value="approve"]');
  if (await page.isVisible('input[name="username"]')) {
    await page.fill('input[name="username"]', CUSTOMER.username);
    await page.fill('input[name="password"]', CUSTOMER.password);
    await Promise.all([page.waitForNavigation(), page.press('input[name="password"]', 'Enter')]);
  }
  await page.waitForSelector('button[value="approve"]');
  await atConsent?.();
  await page.click('button[value="approve"]');
  await page.waitForSelector('body[data-outcome]');
}
