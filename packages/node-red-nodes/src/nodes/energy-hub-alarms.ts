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
  stateFilePath,
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
  let polling = false;

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
    return RED._('energy-hub-alarms.status.watching', { count: messages.length });
  }

  // One check at a time (a timer tick and a message can arrive together): each starts from the state
  // the previous one left, so a change is never reported twice.
  let queue: Promise<unknown> = Promise.resolve();

  handleInputWithAccount(RED, node, config.accessClient, async (client, run) => {
    if (watching) {
      polling = true;
      const next = queue.then(() => poll(client, run));
      queue = next.catch(() => undefined);
      try {
        return await next;
      } finally {
        polling = false;
      }
    }
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

  if (!watching) return;
  const seconds = Math.max(MIN_INTERVAL_SECONDS, Number(config.interval) || 60);
  // Each tick goes through the input loop like a message, so errors reach Catch nodes the same way;
  // a poll still running (a slow API) is not doubled up.
  const tick = () => {
    if (!polling) node.receive({ topic: 'poll' });
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, seconds * 1000);
  node.on('close', (_removed, done) => {
    clearTimeout(first);
    clearInterval(timer);
    done();
  });
}
