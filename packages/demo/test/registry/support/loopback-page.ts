/** A browser page that only reaches this machine: a request to any other host is aborted. */
import type { Browser, Page } from 'playwright-core';

export async function loopbackPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // n8n's settings page, for one, asks a public search service how many community packages there are.
  await page.route(
    (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
    (route) => route.abort(),
  );
  return page;
}
