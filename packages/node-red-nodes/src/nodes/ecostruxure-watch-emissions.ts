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
  const warn = warnOnce(RED, node);

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
    // A watched site that gives no row (no data, no recognised series) never drops out silently: a
    // warning says why, once per reason, and the status counts the sites skipped at each check.
    for (const skip of result.newlySkipped)
      node.warn(
        RED._('ecostruxure-watch-emissions.warn.skipped', { siteId: skip.siteId, reason: skip.reason }),
      );
    warn(result.warnings);
    const updated = result.items.filter((row) => row.change === 'updated').length;
    const counts = { count: messages.length - updated, updated, skipped: result.skipped.length };
    return RED._(
      `ecostruxure-watch-emissions.status.${result.skipped.length > 0 ? 'watchingSkipped' : 'watching'}`,
      counts,
    );
  }

  const watch = startWatch(node, Math.max(MIN_INTERVAL_SECONDS, Number(config.interval) || 300));
  handleInputWithAccount(RED, node, config.account, (client, run) => watch.check(() => poll(client, run)));
  node.on('close', (removed, done) => {
    // A deleted node's watch state goes with it; a redeployed one keeps it.
    if (removed && file) void file.remove().then(done, done);
    else done();
  });
}
