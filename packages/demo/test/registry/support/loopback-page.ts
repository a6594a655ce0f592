/**
 * One page in Debian's Chromium that only reaches this machine: a request to any other host is aborted
 * (n8n's settings page, for one, asks a public search service how many community packages there are).
 */
import type { Page } from 'playwright-core';
import { chromiumPath, launchChromium } from '../../support/browser.js';

export async function withLoopbackPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
  const executable = chromiumPath();
  if (!executable)
    throw new Error('Chromium is missing: run packages/node-red-nodes/scripts/ensure-chromium.sh');
  const browser = await launchChromium(executable);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.route(
      (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
      (route) => route.abort(),
    );
    return await use(page);
  } finally {
    await browser.close();
  }
}
