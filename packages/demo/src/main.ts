#!/usr/bin/env node
/**
 * The main job, end to end: starts the local EcoStruxure simulator and runs the three stories users
 * build flows for, over real HTTP. Reports go to stdout, progress to stderr.
 */
import { EcoStruxureError } from '@ecostruxure-connector/core';
import { startSimulator } from '@ecostruxure-connector/simulator';
import { parseDemoArgs, USAGE } from './args.js';
import { connectToSimulator } from './connect.js';
import { OutputFolderError, prepareOutputFolder } from './output/out-dir.js';
import { activeAlarms } from './stories/active-alarms.js';
import { emissionsToRows } from './stories/emissions-to-rows.js';
import { thresholdAlerts } from './stories/threshold-alerts.js';

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
  try {
    await prepareOutputFolder(options.outDir);
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    console.error(error.message);
    return 2;
  }

  const simulator = await startSimulator({ port: 0, seed: options.seed, sites: options.sites });
  const clients = connectToSimulator(simulator.url);
  try {
    console.log(`EcoStruxure simulator at ${simulator.url} (seed ${options.seed}, ${options.sites} sites)\n`);
    const emissions = await emissionsToRows(clients.carbon, options, new Date());
    console.log(`${emissions.report}\n`);
    const threshold = await thresholdAlerts(clients.carbon, options);
    console.log(`${threshold.report}\n`);
    const alarms = await activeAlarms(clients.energyHub);
    console.log(alarms.report);
    return emissions.failedSites.length > 0 ? 1 : 0;
  } catch (error) {
    // Typed errors already say what happened and what to do, with secrets redacted.
    console.error(error instanceof EcoStruxureError ? `${error.name}: ${error.message}` : error);
    return 1;
  } finally {
    clients.close();
    await simulator.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
