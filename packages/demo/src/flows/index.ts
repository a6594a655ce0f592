/** Every flow the demo deploys: the two accounts, the three stories and the dashboard. */
import type { SimulatorUrls } from '@ecostruxure-connector/simulator';
import type { DemoOptions } from '../args.js';
import type { FlowNode } from '../node-red/runtime.js';
import { accountNodes } from './accounts.js';
import { dashboardFlow } from './dashboard.js';
import { storyFlows } from './stories.js';

export function demoFlows(urls: SimulatorUrls, options: DemoOptions): FlowNode[] {
  return [...storyFlows(options), ...dashboardFlow(options), ...accountNodes(urls)];
}
