/**
 * An example flow as shipped, read from examples/ and made ready to deploy: only what a user would type in
 * is filled in (the simulator's addresses, the demo credentials, a file name), everything else as shipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowNode } from './node-red.js';
import { examplesDir } from './paths.js';
import type { Scenario } from './scenario.js';

export const EXAMPLE_TAB = { id: 'e0e1e2e3e4e5e6e7', type: 'tab', label: 'Example' };

export const shippedExample = (name: string) =>
  JSON.parse(readFileSync(join(examplesDir, `${name}.json`), 'utf8')) as FlowNode[];

export function example(name: string, s: Scenario, csvFile = ''): FlowNode[] {
  return [
    EXAMPLE_TAB,
    ...shippedExample(name).map((node): FlowNode => {
      switch (node.type) {
        case 'ecostruxure-account':
          return {
            ...node,
            baseUrl: s.sim.url,
            redirectUri: `${s.red.url}/ecostruxure/oauth/callback`,
            credentials: { clientId: 'demo-isv-app', clientSecret: 'demo-isv-app-secret' },
          };
        case 'energy-hub-access-client':
          return {
            ...node,
            graphqlUrl: s.sim.urls.energyHubGraphql,
            credentials: { clientId: 'demo-access-client', clientSecret: 'demo-access-client-secret' },
          };
        case 'file':
          return { ...node, z: EXAMPLE_TAB.id, filename: csvFile };
        default:
          return { ...node, z: EXAMPLE_TAB.id };
      }
    }),
  ];
}

/** The ID of the flow's node of this type (and name). */
export const idOf = (flow: FlowNode[], type: string, name?: string) =>
  flow.find((node) => node.type === type && (name === undefined || node.name === name))!.id;
