#!/usr/bin/env node
/**
 * The main job, end to end: starts the local EcoStruxure simulator and a Node-RED with our nodes, deploys
 * the demo flows and runs the three stories through them, then serves the editor and the dashboard until
 * Ctrl-C (or exits, with --once). Reports go to stdout, progress to stderr. With --n8n, the n8n package's
 * templates run in a real n8n instead (src/n8n/).
 */
import { startSimulator } from '@ecostruxure-connector/simulator';
import { parseDemoArgs, USAGE, type DemoOptions } from './args.js';
import { demoFlows } from './flows/index.js';
import { runN8nDemo } from './n8n/demo.js';
import { FlowError } from './node-red/run-flow.js';
import { startNodeRed } from './node-red/runtime.js';
import { createUserDir } from './node-red/user-dir.js';
import { OutputFolderError, prepareOutputFolder } from './output/out-dir.js';
import { whereToLook } from './output/where-to-look.js';
import { activeAlarms } from './stories/active-alarms.js';
import { emissionsToRows } from './stories/emissions-to-rows.js';
import { thresholdAlerts } from './stories/threshold-alerts.js';

async function runStories(nodeRedUrl: string, options: DemoOptions): Promise<void> {
  const emissions = await emissionsToRows(nodeRedUrl, options, new Date());
  console.log(`${emissions.report}\n`);
  const threshold = await thresholdAlerts(nodeRedUrl, options);
  console.log(`${threshold.report}\n`);
  const alarms = await activeAlarms(nodeRedUrl);
  console.log(`${alarms.report}\n`);
}

const untilInterrupted = (): Promise<void> =>
  new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseDemoArgs(argv);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (options.n8n) return await runN8nDemo(options);
  try {
    await prepareOutputFolder(options.outDir);
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    console.error(error.message);
    return 2;
  }

  const simulator = await startSimulator({ port: 0, seed: options.seed, sites: options.sites });
  const userDir = await createUserDir();
  const nodeRed = await startNodeRed(userDir.path);
  try {
    console.log(`EcoStruxure simulator at ${simulator.url} (seed ${options.seed}, ${options.sites} sites)`);
    console.error('Deploying the demo flows to Node-RED');
    await nodeRed.deploy(demoFlows(simulator.urls, options));
    console.log(`Node-RED at ${nodeRed.url} with the demo flows deployed\n`);
    await runStories(nodeRed.url, options);
    console.log(whereToLook(nodeRed.url, simulator));
    if (!options.once) {
      console.log('\nServing until Ctrl-C.');
      await untilInterrupted();
      console.log('\nStopping Node-RED and the simulator.');
    }
    return 0;
  } catch (error) {
    // A flow's error already says what happened and what to do, with secrets redacted.
    console.error(error instanceof FlowError ? error.message : error);
    return 1;
  } finally {
    await nodeRed.stop();
    await simulator.close();
    await userDir.remove();
  }
}

// Node-RED and the dashboard's socket server keep timers of their own after stopping: exit explicitly.
process.exit(await main(process.argv.slice(2)));
