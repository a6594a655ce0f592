/**
 * "Energy Hub Alarms": the alarms of an organization, fetched when a message arrives, or watched on an
 * interval, sending one message per new alarm or state change (acknowledged, cleared). The watch state
 * lives in the node's own file, so a restart neither repeats old alarms nor misses the ones in between.
 */
import type { AlarmPollState } from '@ecostruxure-connector/core';
import {
  createStateFile,
  handleInputWithAccount,
  listAlarms,
  pollAlarms,
  resultMessage,
  startWatch,
  stateFilePath,
  warnOnce,
  type InputRun,
  type Node,
  type NodeAPI,
  type NodeDefinition,
  type StateFile,
} from '../lib/index.js';
import type { EcoStruxureClient } from '../lib/index.js';

interface AlarmsConfig extends NodeDefinition {
  accessClient?: string;
  mode?: string;
  interval?: string | number;
  active?: string;
  priority?: string;
  category?: string;
}

const MIN_INTERVAL_SECONDS = 10;

export = function register(RED: NodeAPI): void {
  RED.nodes.registerType('energy-hub-alarms', function EnergyHubAlarmsNode(this: Node, config: AlarmsConfig) {
    RED.nodes.createNode(this, config);
    start(RED, this, config);
  });
};

/** The editor's default, also for a node written without the field (a flow built by hand): active alarms only. */
const DEFAULT_ACTIVE = 'true';

function filtersOf(config: AlarmsConfig): Record<string, unknown> {
  const active = config.active ?? DEFAULT_ACTIVE;
  return {
    ...(active ? { active } : {}),
    ...(config.priority ? { priority: config.priority } : {}),
    ...(config.category ? { category: config.category } : {}),
  };
}

function start(RED: NodeAPI, node: Node, config: AlarmsConfig): void {
  const watching = config.mode === 'poll';
  const file: StateFile<AlarmPollState> | undefined =
    watching && RED.settings.userDir
      ? createStateFile(stateFilePath(RED.settings.userDir, node.id))
      : undefined;
  let state: AlarmPollState | undefined;
  const warn = warnOnce(RED, node);

  async function poll(client: EcoStruxureClient, run: InputRun): Promise<string> {
    state ??= (await file?.load()) ?? {};
    const result = await pollAlarms(client, { ...filtersOf(config), state }, { signal: run.signal });
    state = result.state;
    // Saved before sending: after a crash the same events are not sent twice.
    await file?.save(state);
    const { payload: _trigger, ...rest } = run.msg;
    const messages = result.items.map((event) => ({
      ...RED.util.cloneMessage(rest),
      topic: event.event,
      payload: event,
    }));
    if (messages.length > 0) run.send([messages]);
    warn(result.warnings);
    return RED._('energy-hub-alarms.status.watching', { count: messages.length });
  }

  const watch = watching
    ? startWatch(node, Math.max(MIN_INTERVAL_SECONDS, Number(config.interval) || 60))
    : undefined;

  handleInputWithAccount(RED, node, config.accessClient, async (client, run) => {
    if (watch !== undefined) return await watch.check(() => poll(client, run));
    const result = await listAlarms(
      client,
      { ...filtersOf(config), returnAll: true },
      { signal: run.signal },
    );
    run.send(resultMessage(RED, run.msg, result, result.items));
    return RED._('energy-hub-alarms.status.alarms', { count: result.items.length });
  });

  node.on('close', (removed, done) => {
    // A deleted node's watch state goes with it; a redeployed one keeps it.
    if (removed && file) void file.remove().then(done, done);
    else done();
  });
}
