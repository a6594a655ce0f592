/**
 * A simulator and a real Node-RED with an authorized EcoStruxure account: the starting point of the
 * integration tests. Flows are deployed through the admin API; what nodes send is read from the debug
 * feed, as the editor's sidebar receives it.
 */
import {
  startSimulator,
  type SimulatorHandle,
  type SimulatorOptions,
} from '@ecostruxure-connector/simulator';
import { approveOverHttp } from './consent.js';
import { openDebugFeed, type DebugFeed } from './debug-messages.js';
import { ACCOUNT_ID, codeAccount, TAB_ID, tab } from './flows.js';
import { startNodeRed, type FlowNode, type NodeRed, type NodeRedVersion } from './node-red.js';

export interface Scenario {
  sim: SimulatorHandle;
  red: NodeRed;
  feed: DebugFeed;
  /** Deploys the account plus these nodes (put on the test tab). */
  deploy(nodes: FlowNode[]): Promise<void>;
  /** Presses an inject node's button. */
  inject(id: string): Promise<void>;
  /** Authorizes an account (the test account by default) over HTTP, as the Authorize button does. */
  authorize(accountId?: string): Promise<void>;
  /** Reopens the debug feed (after a restart). */
  reconnect(): Promise<void>;
  close(): Promise<void>;
}

export async function startScenario(
  version: NodeRedVersion,
  simulator: SimulatorOptions = {},
  runtime: { memoryProbe?: boolean; env?: Record<string, string> } = {},
): Promise<Scenario> {
  const sim = await startSimulator({ port: 0, ...simulator });
  const red = await startNodeRed({ version, ...runtime });
  const scenario: Scenario = {
    sim,
    red,
    feed: await openDebugFeed(red.url, red.token),
    async deploy(nodes) {
      await red.deploy([
        tab(),
        codeAccount(sim.url, red.url),
        ...nodes.map((node) => ({ z: TAB_ID, x: 100, y: 100, ...node })),
      ]);
    },
    async inject(id) {
      // Node-RED 4 answers a deploy before the new flow's nodes exist: until then the button is a 404.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const response = await red.request(`/inject/${id}`, { method: 'POST' });
        if (response.status === 200) return;
        if (response.status !== 404 || Date.now() > deadline) {
          throw new Error(`Inject ${id} failed: ${response.status} ${await response.text()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async authorize(accountId = ACCOUNT_ID) {
      const response = await red.request('/ecostruxure/oauth/authorize', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: accountId,
          baseUrl: sim.url,
          redirectUri: `${red.url}/ecostruxure/oauth/callback`,
        }),
      });
      if (response.status !== 200) throw new Error(`Authorize failed: ${await response.text()}`);
      const { url } = (await response.json()) as { url: string };
      const callback = new URL(await approveOverHttp(url));
      const page = await red.request(callback.pathname + callback.search, { anonymous: true });
      if (page.status !== 200) throw new Error(`Authorization failed: ${await page.text()}`);
    },
    async reconnect() {
      scenario.feed.close();
      scenario.feed = await openDebugFeed(red.url, red.token);
    },
    async close() {
      scenario.feed.close();
      await red.stop();
      await sim.close();
    },
  };
  return scenario;
}

/** Flow node builders for tests. */
export const inject = (id: string, wire: string, payload = '', payloadType = 'str'): FlowNode => ({
  id,
  type: 'inject',
  props: [{ p: 'payload' }],
  payload,
  payloadType,
  repeat: '',
  once: false,
  wires: [[wire]],
});

export const debug = (id: string): FlowNode => ({
  id,
  type: 'debug',
  active: true,
  tosidebar: true,
  console: false,
  complete: 'true',
  targetType: 'full',
  wires: [],
});

export const catchAll = (id: string, wire: string): FlowNode => ({
  id,
  type: 'catch',
  scope: null,
  uncaught: false,
  wires: [[wire]],
});

export { ACCOUNT_ID };
