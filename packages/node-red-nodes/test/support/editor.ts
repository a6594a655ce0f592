/**
 * What a person does in the Node-RED editor, step by step, for the browser tests: sign in, import an
 * example from the menu, drop it on the workspace, deploy. Selectors are Node-RED 5's own.
 */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './browser.js';
import { ADMIN, startNodeRed, type NodeRed } from './node-red.js';
import { imagesDir } from './paths.js';

export const PACKAGE_NAME = '@ecostruxure-connector/node-red-nodes';

export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.fill('#node-dialog-login-username', ADMIN.username);
  await page.fill('#node-dialog-login-password', ADMIN.password);
  await page.click('.node-dialog-login-submit, #node-dialog-login-submit');
  await page.waitForSelector('#red-ui-workspace', { state: 'visible' });
  await page.waitForSelector('.red-ui-palette-node[data-palette-type="ecostruxure-emissions"]');
}

/** Menu, Import, Examples, this package, the example; the import dialog is left open. */
export async function openExample(page: Page, example: string): Promise<void> {
  await page.click('#red-ui-header-button-sidemenu');
  await page.click('#menu-item-import');
  await page.click('#red-ui-clipboard-dialog-import-tabs a:has-text("Examples")');
  const entry = (text: string) =>
    page.locator('.red-ui-treeList-label-text:visible', { hasText: text }).first();
  await entry(PACKAGE_NAME).click();
  await entry(example).click();
  await page.click('#red-ui-clipboard-dialog-ok');
}

/**
 * Drops the imported nodes at a point of the workspace, as a person does once they hang on the pointer.
 * An example comes from the runtime, so its nodes reach the pointer a moment after the Import button; a
 * pointer that moves and clicks before they arrive leaves them where it happened to be when they came:
 * flush against the left sidebar (an inject node's button, drawn left of its node, under the sidebar's
 * separator) or still hanging on the pointer until the next click.
 */
export async function dropImported(page: Page, x: number, y: number): Promise<void> {
  await page.waitForFunction(importHangsOnPointer);
  await page.mouse.move(x, y);
  await page.mouse.click(x, y);
  expect(await nodesHangOnPointer(page), 'the imported nodes are dropped by the click').toBe(false);
}

/** Whether imported nodes hang on the pointer, waiting for a click to drop them. */
export function nodesHangOnPointer(page: Page): Promise<boolean> {
  return page.evaluate(importHangsOnPointer);
}

function importHangsOnPointer(): boolean {
  const red = (globalThis as unknown as { RED: EditorRED }).RED;
  return red.view.state() === red.state.IMPORT_DRAGGING;
}

/** The runtime serves this example's flow `delayMs` late, once, as a busy machine may. */
export async function serveExampleLate(page: Page, example: string, delayMs: number): Promise<void> {
  const isExample = (url: URL) =>
    url.pathname.includes('/library/') && decodeURIComponent(url.pathname).endsWith(`/${example}`);
  await page.route(
    isExample,
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await route.continue();
    },
    { times: 1 },
  );
}

/** Shows the debug messages in the sidebar, as its bug button does. */
export async function showDebugSidebar(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as { RED: EditorRED }).RED.sidebar.show('debug'));
}

export async function deploy(page: Page): Promise<void> {
  await page.click('#red-ui-header-button-deploy');
  await page.waitForSelector('.red-ui-notification:has-text("Successfully deployed")');
}

/** The config nodes of a type the editor holds, with the IDs of the nodes using each. */
export function configNodes(
  page: Page,
  type: string,
): Promise<{ id: string; name: string; users: string[] }[]> {
  return page.evaluate((configType) => {
    const found: { id: string; name: string; users: string[] }[] = [];
    const red = (globalThis as unknown as { RED: EditorRED }).RED;
    red.nodes.eachConfig((node) => {
      if (node.type === configType) {
        found.push({ id: node.id, name: node.name ?? '', users: node.users.map((user) => user.id) });
      }
    });
    return found;
  }, type);
}

/** The slice of the editor's `RED` global the tests read. */
export interface EditorRED {
  nodes: {
    eachConfig(callback: (node: EditorNode) => void): void;
    node(id: string): EditorNode | undefined;
    filterNodes(filter: { type: string }): EditorNode[];
  };
  view: { state(): number; selection(): { nodes?: EditorNode[] } };
  state: { IMPORT_DRAGGING: number };
  sidebar: { show(id: string): void };
}

export interface EditorNode {
  id: string;
  type: string;
  name?: string;
  valid?: boolean;
  users: { id: string }[];
  [property: string]: unknown;
}

/**
 * Opens a node's edit dialog as the editor's tip offers: select the node with a click, press Enter. A
 * double click is judged by the editor on the milliseconds between its two presses (more than 0, less
 * than 650), which a busy machine may deliver in one burst or too far apart.
 */
export async function openNodeDialog(page: Page, node: Locator): Promise<void> {
  await node.click();
  const selected = await page.evaluate(() => {
    const red = (globalThis as unknown as { RED: EditorRED }).RED;
    return red.view.selection().nodes?.length ?? 0;
  });
  expect(selected, 'the click selects that one node').toBe(1);
  await page.keyboard.press('Enter');
  await page.locator('#node-dialog-ok').waitFor({ state: 'visible' });
}

export interface EditorSession {
  sim: SimulatorHandle;
  red: NodeRed;
  page: Page;
  /** Another browser window on its own, e.g. in the language a browser set to `locale` asks for. */
  newPage(locale?: string): Promise<Page>;
  close(): Promise<void>;
}

/** A simulator, a Node-RED 5 runtime and Debian's chromium on its editor: where every browser test starts. */
export async function startEditorSession(executable: string): Promise<EditorSession> {
  mkdirSync(imagesDir, { recursive: true });
  const sim = await startSimulator({ port: 0 });
  const red = await startNodeRed({ version: '5' });
  const browser = await launchChromium(executable);
  const newPage = async (locale?: string) => {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 860 },
      ...(locale ? { locale } : {}),
    });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  };
  const page = await newPage();
  return {
    sim,
    red,
    page,
    newPage,
    async close() {
      await browser.close();
      await red.stop();
      await sim.close();
    },
  };
}

/**
 * Presses an inject node's button. The workspace is scrolled to put the node clear of the sidebars first,
 * as a person scrolls to it: an edit dialog can leave the workspace scrolled so that the node sits under
 * the left sidebar, where the editor's own reveal still counts it as shown. A node at the workspace's
 * left edge cannot be scrolled clear: `dropImported` places a flow where it was dropped, not there.
 */
export async function pressInject(page: Page, name: string): Promise<void> {
  await page.evaluate((injectName) => {
    const red = (globalThis as unknown as { RED: EditorRED }).RED;
    const inject = red.nodes.filterNodes({ type: 'inject' }).find((node) => node.name === injectName);
    const chart = (
      globalThis as unknown as {
        document: { getElementById(id: string): { scrollLeft: number; scrollTop: number } | null };
      }
    ).document.getElementById('red-ui-workspace-chart');
    if (!inject || !chart) return;
    chart.scrollLeft = Math.max(0, Number(inject.x) - 300);
    chart.scrollTop = Math.max(0, Number(inject.y) - 200);
  }, name);
  const button = page.locator(`.red-ui-flow-node-group:has-text("${name}") .red-ui-flow-node-button`);
  const [buttonBox, separatorBox] = await Promise.all([
    button.boundingBox(),
    page.locator('#red-ui-sidebar-left-separator .red-ui-sidebar-separator-handle').boundingBox(),
  ]);
  // Where the flow was dropped decides this: a button under the separator takes no click of its own.
  expect(buttonBox!.x, `the button of "${name}" lies right of the left sidebar`).toBeGreaterThan(
    separatorBox!.x + separatorBox!.width,
  );
  await button.click();
}
