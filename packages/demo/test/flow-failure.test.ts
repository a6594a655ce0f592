/**
 * A story whose node fails answers with the node's error instead of leaving the demo waiting: the flows
 * in a real Node-RED, against a simulator that breaks the Carbon API's site list.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFlows } from '../src/flows/index.js';
import { STORY_PATHS } from '../src/flows/stories.js';
import { FlowError, runFlow } from '../src/node-red/run-flow.js';
import { startNodeRed, type RunningNodeRed } from '../src/node-red/runtime.js';
import { createUserDir, type UserDir } from '../src/node-red/user-dir.js';

describe('a failing story flow', () => {
  let simulator: SimulatorHandle;
  let userDir: UserDir;
  let nodeRed: RunningNodeRed;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, sites: 3 });
    userDir = await createUserDir();
    nodeRed = await startNodeRed(userDir.path);
    await nodeRed.deploy(
      demoFlows(simulator.urls, {
        outDir: userDir.path,
        days: 1,
        granularity: 'PT1H',
        thresholdPercent: 25,
        seed: 42,
        sites: 3,
        once: true,
        n8n: false,
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await nodeRed?.stop();
    await simulator?.close();
    await userDir?.remove();
  });

  it("answers with the failing node's message, without the credential", async () => {
    simulator.control.addFault({
      kind: 'malformed-json',
      route: 'GET /ecostruxure/carbon-emission/v1/sites*',
    });
    const failure = await runFlow(nodeRed.url, STORY_PATHS.emissions, {
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FlowError);
    const message = (failure as FlowError).message;
    // The node's own words, without a class name in front (Node-RED users see this text in the debug sidebar).
    expect(message).toMatch(
      /^The flow at \/demo\/emissions failed: GET \/ecostruxure\/carbon-emission\/v1\/sites answered/,
    );
    expect(message).not.toContain(DEMO_CREDENTIALS.personalAccessToken.value);
    expect(message).not.toMatch(/\n\s+at /);
    simulator.control.clearFaults();
  }, 30_000);
});
