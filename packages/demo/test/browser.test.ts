/**
 * The dashboard and the editor in headless Chromium, against `npm run demo` as a user starts it: the chart
 * receives the chosen site's hourly intensity with its grid rate and threshold, the alarms table fills,
 * and the editor shows the demo flows. The screenshots it saves are the ones the README shows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium, socketEvent } from './support/browser.js';
import { startServingDemo, type ServingDemo } from './support/serving-demo.js';

const imagesDir = join(import.meta.dirname, '..', '..', '..', 'docs', 'images');
const executable = chromiumPath();
/** How long the editor may take to show the deployed flows (expect.poll waits one second by default). */
const EDITOR_LOAD_MS = 30_000;

interface ChartPoint {
  series: string;
  x: number;
  y: number;
}

const widget = (page: Page, id: string) => page.locator(`[id="nrdb-ui-widget-demo.dashboard.${id}"]`);

/** Every chart update the browser receives, in order. */
function recordChartUpdates(page: Page): ChartPoint[][] {
  const updates: ChartPoint[][] = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      const event = socketEvent(String(payload));
      if (event?.[0] === 'msg-input:demo.dashboard.chart') {
        updates.push((event[1] as { payload: ChartPoint[] }).payload);
      }
    }),
  );
  return updates;
}

describe.skipIf(!executable)('the demo dashboard and editor (Debian chromium)', () => {
  let demo: ServingDemo;
  let outDir: string;
  let browser: Browser;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'ecostruxure-demo-browser-'));
    demo = await startServingDemo([
      '--out',
      outDir,
      '--days',
      '1',
      '--sites',
      '6',
      '--threshold-percent',
      '10',
    ]);
    browser = await launchChromium(executable!);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    const code = await demo?.stop();
    await rm(outDir, { recursive: true, force: true });
    expect(code).toBe(0);
  });

  it('charts the chosen site against its grid rate and threshold, and lists the active alarms', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    const updates = recordChartUpdates(page);
    await page.goto(demo.dashboardUrl);
    await expect
      .poll(() => widget(page, 'summary').textContent(), { timeout: 20_000 })
      .toContain('site-0001: ');

    await widget(page, 'site').locator('.v-field').click();
    await page.locator('.v-overlay .v-list-item', { hasText: 'site-0003' }).click();

    await expect
      .poll(() => updates.some((points) => points.some((point) => point.series.startsWith('site-0003'))), {
        timeout: 20_000,
      })
      .toBe(true);
    const chosen = updates.findLast((points) =>
      points.some((point) => point.series.startsWith('site-0003')),
    )!;
    const series = (name: string) => chosen.filter((point) => point.series === name);
    // The default range is the last 7 days of hourly intervals.
    const intensity = series('site-0003 gCO2e/kWh');
    expect(intensity).toHaveLength(7 * 24);
    expect(intensity.every((point) => Number.isFinite(point.y) && point.y > 0)).toBe(true);
    const rateSeries = chosen.find((point) => point.series.endsWith(' grid rate'))!.series;
    const rate = series(rateSeries)[0]!.y;
    expect(series('threshold +10 %').every((point) => Math.abs(point.y - rate * 1.1) < 1e-9)).toBe(true);
    expect(chosen.some((point) => point.series.startsWith('site-0001'))).toBe(false);
    await expect
      .poll(() => widget(page, 'summary').textContent(), { timeout: EDITOR_LOAD_MS })
      .toMatch(/site-0003: 168 hourly intervals, grid rate [\d.]+ gCO2e\/kWh/);
    await expect
      .poll(() => widget(page, 'chart').locator('canvas').count(), { timeout: EDITOR_LOAD_MS })
      .toBeGreaterThan(0);

    await expect
      .poll(() => widget(page, 'alarms-table').locator('tbody tr').count(), { timeout: EDITOR_LOAD_MS })
      .toBeGreaterThan(0);
    await expect(widget(page, 'alarms-table').locator('thead').textContent()).resolves.toContain('priority');

    // The "offline ready" notice of the dashboard's service worker would cover a corner of the picture.
    await page
      .getByRole('button', { name: 'Close' })
      .click({ timeout: 2000 })
      .catch(() => undefined);
    await page.waitForTimeout(800); // the chart animates its new series in
    await page.screenshot({ path: join(imagesDir, 'demo-dashboard.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('opens the editor on the demo flows, every node deployed without an error', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 720 } });
    await page.goto(demo.editorUrl);
    await page.locator('#red-ui-workspace').waitFor();
    const tabs = page.locator('#red-ui-workspace-tabs .red-ui-tab');
    // The editor loads its flows after the workspace appears; a busy machine takes seconds, not one.
    await expect
      .poll(async () => (await tabs.allTextContents()).map((text) => text.trim()), {
        timeout: EDITOR_LOAD_MS,
      })
      .toEqual([
        '1. Emissions to CSV',
        '2. Sites above their grid rate',
        '3. Active Energy Hub alarms',
        'Dashboard',
      ]);
    await expect
      .poll(() => page.locator('.red-ui-flow-node-group, g.red-ui-flow-node').count(), {
        timeout: EDITOR_LOAD_MS,
      })
      .toBeGreaterThan(5);
    // A node whose type did not load, or whose configuration is invalid, is drawn with a warning triangle.
    expect(await page.locator('.red-ui-flow-node-error:visible').count()).toBe(0);
    await page.screenshot({ path: join(imagesDir, 'demo-editor-emissions-flow.png') });

    await tabs.filter({ hasText: 'Dashboard' }).click();
    await expect
      .poll(() => page.locator('g.red-ui-flow-node', { hasText: 'Chart series' }).count(), {
        timeout: EDITOR_LOAD_MS,
      })
      .toBe(1);
    for (const label of ['Get Emissions', "Grid's global rate"]) {
      expect(await page.locator('g.red-ui-flow-node', { hasText: label }).count(), label).toBe(1);
    }
    await page.screenshot({ path: join(imagesDir, 'demo-editor-dashboard-flow.png') });
    await page.close();
  }, 60_000);
});
