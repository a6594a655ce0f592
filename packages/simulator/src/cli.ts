#!/usr/bin/env node
/** `ecostruxure-sim`: runs the simulator from a terminal until interrupted. */
import { banner, type MintedCredential } from './cli/banner.js';
import { CliUsageError, parseCliArgs, USAGE, type CliCommand, type RunCommand } from './cli/args.js';
import { resolveOptions, startSimulator, type SimulatorHandle } from './index.js';

/** Exit codes: 0 ok, 1 the simulator failed, 2 the command line was wrong (the usual convention). */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

async function run(command: RunCommand): Promise<void> {
  let sim: SimulatorHandle;
  try {
    sim = await startSimulator(command.options);
  } catch (error) {
    console.error(
      `ecostruxure-sim: could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(EXIT_FAILURE);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second Ctrl+C means "now": skip waiting for connections to drain.
      process.exit(EXIT_FAILURE);
    }
    stopping = true;
    console.log(`\nReceived ${signal}, stopping.`);
    sim.close().then(
      // Exit explicitly: a module's timer left running must not keep a stopped simulator's process alive.
      () => process.exit(0),
      (error: unknown) => {
        console.error(`ecostruxure-sim: error while stopping: ${String(error)}`);
        process.exit(EXIT_FAILURE);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    const minted: MintedCredential[] = [
      ...command.personalAccessTokens.map((scopes): MintedCredential => ({
        kind: 'personal access token',
        value: sim.control.mintPersonalAccessToken(scopes),
        scopes,
      })),
      ...command.apiKeys.map((scopes): MintedCredential => ({
        kind: 'API key',
        value: sim.control.mintApiKey(scopes),
        scopes,
      })),
    ];
    for (const rule of command.faults) sim.control.addFault(rule);
    console.log(banner(sim, resolveOptions(command.options), minted, sim.control.faults()));
  } catch (error) {
    console.error(`ecostruxure-sim: ${error instanceof Error ? error.message : String(error)}`);
    await sim.close();
    process.exit(EXIT_FAILURE);
  }
}

function main(argv: readonly string[]): void {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof CliUsageError) {
      console.error(`ecostruxure-sim: ${error.message}\nRun "npm run simulator -- --help" for the options.`);
      process.exit(EXIT_USAGE);
    }
    throw error;
  }
  if (command.command === 'help') {
    console.log(USAGE);
    return;
  }
  void run(command);
}

main(process.argv.slice(2));
