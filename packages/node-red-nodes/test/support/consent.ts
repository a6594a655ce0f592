/**
 * The customer's side of the consent page, in one place for every test: over HTTP (integration tests)
 * and in the browser (editor test). If the simulator's page changes (e.g. a sign-in form before the
 * approval), only this file changes.
 */
import type { Page } from 'playwright-core';

/** Follows the authorize URL, approves on the consent page and returns the callback URL it redirects to. */
export async function approveOverHttp(authorizeUrl: string): Promise<string> {
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await consent.text();
  if (consent.status !== 200)
    throw new Error(`The consent page answered ${consent.status}: ${html.slice(0, 300)}`);
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(match[1]!, match[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
  }
  form.set('decision', 'approve');
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('The consent page has no form.');
  const decision = await fetch(new URL(action, authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = decision.headers.get('location');
  if (decision.status !== 302 || !location)
    throw new Error(`The consent decision answered ${decision.status}.`);
  return location;
}

/** The same in a real browser tab showing the consent page; resolves once the callback page has loaded. */
export async function approveInBrowser(page: Page): Promise<void> {
  await page.waitForSelector('button[value="approve"]');
  await page.click('button[value="approve"]');
  await page.waitForSelector('body[data-outcome]');
}
