/**
 * "Get Emissions": carbon emissions of one or more sites over a range preset or custom from/to, as
 * spreadsheet rows: all in one message, one message per row, or one message per page so a year of
 * data streams through with flat memory.
 */
import {
  evaluateProperty,
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
  output?: string;
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
  async function paramsOf(msg: NodeMessage): Promise<Record<string, unknown>> {
    const site = await evaluateProperty(RED, node, msg, config.siteId ?? '', config.siteIdType ?? 'str');
    const range = config.range || 'last24Hours';
    const params: Record<string, unknown> = Array.isArray(site) ? { siteIds: site } : { siteId: site };
    params.range = range;
    if (range === 'custom') {
      params.from = await evaluateProperty(RED, node, msg, config.from ?? '', config.fromType ?? 'str');
      params.to = await evaluateProperty(RED, node, msg, config.to ?? '', config.toType ?? 'str');
    }
    if (config.granularity) params.granularity = config.granularity;
    params.output = 'rows';
    return params;
  }

  /** One message per page; the previous page is held back so the last one can say it is the last. */
  async function sendPages(client: EcoStruxureClient, params: Record<string, unknown>, run: InputRun) {
    const id = RED.util.generateId();
    let held: NodeMessage | undefined;
    let index = 0;
    let rows = 0;
    for await (const page of streamEmissions(client, params, { signal: run.signal })) {
      if (held) run.send(held);
      held = {
        ...RED.util.cloneMessage({ ...run.msg, payload: undefined }),
        payload: page.items,
        siteId: page.siteId,
        window: page.window,
        parts: { id, index, type: 'array', len: 1 },
      };
      index += 1;
      rows += page.items.length;
      run.progress(RED._('ecostruxure-emissions.status.page', { page: index, rows }));
    }
    if (held) {
      held.parts = { ...(held.parts as object), count: index };
      held.complete = true;
      run.send(held);
    }
    return rows;
  }

  handleInputWithAccount(RED, node, config.account, async (client, run) => {
    const params = await paramsOf(run.msg);
    if (config.output === 'page') {
      const rows = await sendPages(client, params, run);
      return RED._('ecostruxure-emissions.status.rows', { count: rows });
    }
    const result = await getEmissions(client, params, {
      signal: run.signal,
      onProgress: ({ completed, total }) =>
        run.progress(RED._('ecostruxure-emissions.status.progress', { completed, total })),
    });
    if (config.output === 'row') run.send([itemMessages(RED, run.msg, result)]);
    else run.send(resultMessage(RED, run.msg, result, result.items));
    return RED._('ecostruxure-emissions.status.rows', { count: result.items.length });
  });
}
