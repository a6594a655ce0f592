/**
 * "Watch Emissions": new emission data of some sites, checked on an interval (and on any message), one
 * message per interval: each interval once (`msg.change` "new"), and again when the API revised it
 * (`msg.change` "updated", its `updatedAt` moved). `msg.topic` is the row's stable key, so a database node
 * can upsert on it. The watch state lives in the node's own file: a restart or redeploy neither repeats
 * intervals nor misses the ones in between.
 */
import type { NewEmissionsState, PollNewEmissionsResult } from '@ecostruxure-connector/core';
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
  type WarnOnce,
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
    report(RED, node, warn, result, rest);
    const updated = result.items.filter((row) => row.change === 'updated').length;
    const counts = { count: messages.length - updated, updated, skipped: result.skipped.length };
    if (result.failures.length > 0)
      return RED._('ecostruxure-watch-emissions.status.watchingFailed', {
        ...counts,
        failed: result.failures.length,
      });
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

/**
 * A watched site never drops out silently. One that gives no row (no data, no recognised series) is
 * warned with why; one that cannot be read is an error with a message of its own, so a Catch node can
 * route it (msg.payload the failure, msg.topic the site), while the other sites' data is sent. Each is
 * said once per reason; the status counts them at each check.
 */
function report(
  RED: NodeAPI,
  node: Node,
  warn: WarnOnce,
  result: PollNewEmissionsResult,
  rest: Record<string, unknown>,
): void {
  for (const skip of result.newlySkipped)
    node.warn(
      RED._('ecostruxure-watch-emissions.warn.skipped', { siteId: skip.siteId, reason: skip.reason }),
    );
  for (const failure of result.newlyFailed)
    node.error(
      RED._('ecostruxure-watch-emissions.error.failed', {
        siteId: failure.siteId,
        message: failure.message,
      }),
      { ...RED.util.cloneMessage(rest), topic: failure.siteId, payload: failure },
    );
  warn(result.warnings);
}
