/**
 * "Watch Emissions": new emission data of some sites, checked on an interval (and on any message), one
 * message per interval: each interval once (`msg.change` "new"), and again when the API revised it
 * (`msg.change` "updated", its `updatedAt` moved). `msg.topic` is the row's stable key, so a database node
 * can upsert on it. The watch state lives in the node's own file: a restart or redeploy neither repeats
 * intervals nor misses the ones in between.
 */
import type { NewEmissionsState } from '@ecostruxure-connector/core';
import {
  createStateFile,
  handleInputWithAccount,
  pollNewEmissions,
  stateFilePath,
  type InputRun,
  type Node,
  type NodeAPI,
  type NodeDefinition,
  type StateFile,
} from '../lib/index.js';
import type { EcoStruxureClient } from '../lib/index.js';

interface WatchConfig extends NodeDefinition {
  account?: string;
  siteIds?: string;
  granularity?: string;
  interval?: string | number;
  revisionWindowHours?: string;
}

const MIN_INTERVAL_SECONDS = 10;

export = function register(RED: NodeAPI): void {
  RED.nodes.registerType(
    'ecostruxure-watch-emissions',
    function WatchEmissionsNode(this: Node, config: WatchConfig) {
      RED.nodes.createNode(this, config);
      start(RED, this, config);
    },
  );
};

function start(RED: NodeAPI, node: Node, config: WatchConfig): void {
  const file: StateFile<NewEmissionsState> | undefined = RED.settings.userDir
    ? createStateFile(stateFilePath(RED.settings.userDir, node.id))
    : undefined;
  let state: NewEmissionsState | undefined;
  let polling = false;

  async function poll(client: EcoStruxureClient, run: InputRun): Promise<string> {
    state ??= (await file?.load()) ?? {};
    const result = await pollNewEmissions(
      client,
      {
        siteIds: config.siteIds ?? '',
        granularity: config.granularity || undefined,
        revisionWindowHours: config.revisionWindowHours || undefined,
        state,
      },
      { signal: run.signal },
    );
    state = result.state;
    // Saved before sending: after a crash the same intervals are not sent twice.
    await file?.save(state);
    const { payload: _trigger, ...rest } = run.msg;
    const messages = result.items.map((row) => ({
      ...RED.util.cloneMessage(rest),
      topic: row.key,
      change: row.change,
      payload: row,
    }));
    if (messages.length > 0) run.send([messages]);
    const updated = result.items.filter((row) => row.change === 'updated').length;
    return RED._('ecostruxure-watch-emissions.status.watching', {
      count: messages.length - updated,
      updated,
    });
  }

  // One check at a time (a timer tick and a message can arrive together): each starts from the state the
  // previous one left, so an interval is never sent twice.
  let queue: Promise<unknown> = Promise.resolve();
  handleInputWithAccount(RED, node, config.account, async (client, run) => {
    polling = true;
    const next = queue.then(() => poll(client, run));
    queue = next.catch(() => undefined);
    try {
      return await next;
    } finally {
      polling = false;
    }
  });

  const seconds = Math.max(MIN_INTERVAL_SECONDS, Number(config.interval) || 300);
  const tick = () => {
    if (!polling) node.receive({ topic: 'poll' });
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, seconds * 1000);
  node.on('close', (removed, done) => {
    clearTimeout(first);
    clearInterval(timer);
    // A deleted node's watch state goes with it; a redeployed one keeps it.
    if (removed && file) void file.remove().then(done, done);
    else done();
  });
}
