/**
 * "Get Emissions": carbon emissions of one or more sites over a range preset or custom from/to, as
 * spreadsheet rows: all in one message, one message per row, or one message per page so a year of
 * data streams through with flat memory. When some sites fail, the others' rows are still sent, with
 * the failed sites in msg.failures and a yellow status; only when every site failed does the message
 * fail. Sites that answered with no value in the window are listed with why in msg.skipped.
 */
import {
  evaluateProperty,
  messageOverrides,
  namingMessageProperties,
  getEmissions,
  handleInputWithAccount,
  itemMessages,
  resultMessage,
  streamEmissions,
  type InputRun,
  type Node,
  type NodeAPI,
  type NodeDefinition,
  type NodeMessage,
  type NodeStatus,
} from '../lib/index.js';
import type { EcoStruxureClient } from '../lib/index.js';

interface EmissionsConfig extends NodeDefinition {
  account?: string;
  siteId?: string;
  siteIdType?: string;
  range?: string;
  from?: string;
  fromType?: string;
  to?: string;
  toType?: string;
  granularity?: string;
  /** Whose days the range means: empty for the runtime's time zone, `site`, or an IANA name. */
  timeZone?: string;
  output?: string;
  /** Whether msg.range, msg.from, msg.to and msg.granularity replace the form's values. */
  allowOverride?: boolean;
}

/** What a message may set when the node allows it; core checks each value. */
const OVERRIDABLE = ['range', 'from', 'to', 'granularity'] as const;

/** The Node-RED runtime's own time zone (its TZ, or the system's), which a person running it means. */
function runtimeTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export = function register(RED: NodeAPI): void {
  RED.nodes.registerType(
    'ecostruxure-emissions',
    function EmissionsNode(this: Node, config: EmissionsConfig) {
      RED.nodes.createNode(this, config);
      start(RED, this, config);
    },
  );
};

function start(RED: NodeAPI, node: Node, config: EmissionsConfig): void {
  handleInputWithAccount(RED, node, config.account, async (client, run) => {
    const { params, overrides } = await requestOf(RED, node, config, run.msg);
    if (config.output === 'page') {
      const { rows, failed } = await namingMessageProperties(overrides, () =>
        sendPages(RED, client, params, run),
      );
      if (failed > 0) return partialStatus(RED, rows, failed);
      return RED._('ecostruxure-emissions.status.rows', { count: rows });
    }
    const result = await namingMessageProperties(overrides, () =>
      getEmissions(
        client,
        { ...params, onSiteFailure: 'continue' },
        {
          signal: run.signal,
          onProgress: ({ completed, total }) =>
            run.progress(RED._('ecostruxure-emissions.status.progress', { completed, total })),
        },
      ),
    );
    // The failed and skipped sites travel with the rows (every row message, when one per row), as core
    // reports them: every site asked for is in the rows, msg.failures or msg.skipped.
    const msg = {
      ...run.msg,
      ...(result.failures.length > 0 ? { failures: result.failures } : {}),
      ...(result.skipped.length > 0 ? { skipped: result.skipped } : {}),
    };
    if (config.output === 'row') run.send([itemMessages(RED, msg, result)]);
    else run.send(resultMessage(RED, msg, result, result.items));
    if (result.failures.length > 0) return partialStatus(RED, result.items.length, result.failures.length);
    return RED._('ecostruxure-emissions.status.rows', { count: result.items.length });
  });
}

interface Request {
  params: Record<string, unknown>;
  /** The values the message set in place of the form's. */
  overrides: Record<string, unknown>;
}

async function requestOf(
  RED: NodeAPI,
  node: Node,
  config: EmissionsConfig,
  msg: NodeMessage,
): Promise<Request> {
  const site = await evaluateProperty(RED, node, msg, config.siteId ?? '', config.siteIdType ?? 'str');
  const overrides = messageOverrides(msg, OVERRIDABLE, config.allowOverride === true);
  // A message that gives from/to but no range means a custom range.
  const fromTo = overrides.from !== undefined || overrides.to !== undefined;
  const range = (overrides.range ??
    (fromTo ? 'custom' : undefined) ??
    (config.range || 'last24Hours')) as string;
  const params: Record<string, unknown> = Array.isArray(site) ? { siteIds: site } : { siteId: site };
  params.range = range;
  if (range === 'custom') {
    params.from =
      overrides.from ?? (await evaluateProperty(RED, node, msg, config.from ?? '', config.fromType ?? 'str'));
    params.to =
      overrides.to ?? (await evaluateProperty(RED, node, msg, config.to ?? '', config.toType ?? 'str'));
  } else if (fromTo) {
    // A preset from the message with from/to: core refuses it, naming the property.
    Object.assign(params, overrides.from === undefined ? {} : { from: overrides.from });
    Object.assign(params, overrides.to === undefined ? {} : { to: overrides.to });
  }
  const granularity = overrides.granularity ?? config.granularity;
  if (granularity) params.granularity = granularity;
  params.timeZone = config.timeZone?.trim() || runtimeTimeZone();
  params.output = 'rows';
  return { params, overrides };
}

function partialStatus(RED: NodeAPI, rows: number, failed: number): NodeStatus {
  return {
    fill: 'yellow',
    shape: 'dot',
    text: RED._('ecostruxure-emissions.status.partial', { rows, count: failed }),
  };
}

/**
 * One message per page; the previous page is held back so the last one can say it is the last. A site
 * that fails does not stop the others (as in the other outputs): the last message lists it in
 * `msg.failures`, and pages of it that arrived before its failure were sent.
 */
async function sendPages(
  RED: NodeAPI,
  client: EcoStruxureClient,
  params: Record<string, unknown>,
  run: InputRun,
): Promise<{ rows: number; failed: number }> {
  const id = RED.util.generateId();
  const stream = streamEmissions(client, { ...params, onSiteFailure: 'continue' }, { signal: run.signal });
  let held: NodeMessage | undefined;
  let index = 0;
  let rows = 0;
  for (;;) {
    // Step by step rather than for-await: the stream's end carries the failed sites.
    const step = await stream.next();
    if (step.done === true) {
      const { failures, skipped } = step.value;
      // Sites that answered always have a page, so a stream without one had nothing to send.
      if (held) {
        held.parts = { ...(held.parts as object), count: index };
        held.complete = true;
        if (failures.length > 0) held.failures = failures;
        if (skipped.length > 0) held.skipped = skipped;
        run.send(held);
      }
      return { rows, failed: failures.length };
    }
    if (held) run.send(held);
    held = pageMessage(RED, id, run.msg, step.value, index);
    index += 1;
    rows += step.value.items.length;
    run.progress(RED._('ecostruxure-emissions.status.page', { page: index, count: rows }));
  }
}

function pageMessage(
  RED: NodeAPI,
  id: string,
  msg: NodeMessage,
  page: { siteId: string; window: unknown; items: unknown[] },
  index: number,
): NodeMessage {
  return {
    ...RED.util.cloneMessage({ ...msg, payload: undefined }),
    payload: page.items,
    siteId: page.siteId,
    window: page.window,
    parts: { id, index, type: 'array', len: 1 },
  };
}
