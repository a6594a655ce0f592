/**
 * "Emission threshold": watches emission rows for a site going above a limit. Output 1 gets an alert
 * when a site crosses it, output 2 when it is back to normal (at or below the limit minus the
 * hysteresis). Each site's state lives in the node's own file, so a redeploy or restart never repeats
 * an alert or forgets one that is open. When the node allows it, msg.threshold replaces the limit for
 * that message.
 */
import {
  describeRule,
  emissionSamplesFromRows,
  evaluateThreshold,
  ruleWithLimit,
  validateThresholdRule,
  type ThresholdRule,
  type ThresholdState,
  createStateFile,
  handleInput,
  messageOverrides,
  stateFilePath,
  type InputRun,
  type Node,
  type NodeAPI,
  type NodeDefinition,
  type NodeMessage,
  type StateFile,
} from '../lib/index.js';

interface ThresholdConfig extends NodeDefinition {
  metric?: string;
  above?: string | number;
  hysteresis?: string | number;
  property?: string;
  /** Whether msg.threshold replaces the configured limit. */
  allowOverride?: boolean;
}

/** The state belongs to one rule: a changed rule starts from "below" for every site. */
interface SavedState {
  rule: string;
  state: ThresholdState;
}

const numberOf = (value: unknown) => (value === '' || value === undefined ? undefined : Number(value));

function ruleOf(config: ThresholdConfig): ThresholdRule {
  return validateThresholdRule({
    metric: config.metric as ThresholdRule['metric'],
    above: numberOf(config.above) as number,
    hysteresis: numberOf(config.hysteresis) ?? 0,
  });
}

export = function register(RED: NodeAPI): void {
  RED.nodes.registerType(
    'ecostruxure-threshold',
    function EmissionThresholdNode(this: Node, config: ThresholdConfig) {
      RED.nodes.createNode(this, config);
      start(RED, this, config);
    },
  );
};

function start(RED: NodeAPI, node: Node, config: ThresholdConfig): void {
  const property = config.property?.trim() || 'payload';
  let rule: ThresholdRule | undefined;
  let ruleError: unknown;
  try {
    rule = ruleOf(config);
  } catch (error) {
    ruleError = error;
    node.status({ fill: 'red', shape: 'ring', text: (error as Error).message.slice(0, 60) });
  }
  const file: StateFile<SavedState> | undefined = RED.settings.userDir
    ? createStateFile(stateFilePath(RED.settings.userDir, node.id))
    : undefined;
  let saved: SavedState | undefined;
  // One message at a time: each evaluation starts from the state the previous one left.
  let queue: Promise<unknown> = Promise.resolve();

  async function evaluate(run: InputRun): Promise<string> {
    if (!rule) throw ruleError;
    const { threshold } = messageOverrides(run.msg, ['threshold'], config.allowOverride === true);
    // Core checks the message's limit and names msg.threshold when it is wrong.
    const messageRule = threshold === undefined ? rule : ruleWithLimit(rule, threshold, 'msg.threshold');
    const samples = emissionSamplesFromRows(RED.util.getMessageProperty(run.msg, property), {
      field: property,
      label: `msg.${property}`,
    });
    const ruleText = describeRule(messageRule);
    saved ??= await file?.load();
    const state = saved?.rule === ruleText ? saved.state : {};
    const globalRates = run.msg.globalRates as Record<string, number> | undefined;
    const result = evaluateThreshold(samples, messageRule, {
      state,
      ...(globalRates ? { globalRates } : {}),
    });
    saved = { rule: ruleText, state: result.state };
    // Saved before anything is sent: after a crash the alert is not sent twice.
    await file?.save(saved);
    // The incoming rows are not copied into every alert: each carries its event as payload.
    const { payload: _rows, ...rest } = run.msg;
    const message = (event: { siteId: string }): NodeMessage => ({
      ...RED.util.cloneMessage(rest),
      payload: event,
      topic: event.siteId,
    });
    const alerts = result.events.filter((event) => event.type === 'crossed').map(message);
    const normal = result.events.filter((event) => event.type === 'cleared').map(message);
    if (alerts.length > 0 || normal.length > 0) run.send([alerts, normal]);
    const above = Object.values(result.state).filter((site) => site.above).length;
    return RED._('ecostruxure-threshold.status.above', { count: above });
  }

  handleInput(RED, node, (run) => {
    const next = queue.then(() => evaluate(run));
    queue = next.catch(() => undefined);
    return next;
  });

  node.on('close', (removed, done) => {
    // A deleted node's state goes with it; a redeployed one keeps it.
    if (removed && file) void file.remove().then(done, done);
    else done();
  });
}
