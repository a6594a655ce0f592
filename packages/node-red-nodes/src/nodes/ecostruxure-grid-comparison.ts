/**
 * "Compare to Grid Rate": each site's latest carbon intensity against its country grid's global rate,
 * and which sites are above it by more than a threshold, with core's crossing events (msg.events) and
 * the intervals it could not compare (msg.skipped).
 */
import {
  compareToGridRate,
  handleInputWithAccount,
  resultMessage,
  type Node,
  type NodeAPI,
  type NodeDefinition,
} from '../lib/index.js';

interface GridComparisonConfig extends NodeDefinition {
  account?: string;
  siteIds?: string;
  thresholdPercent?: string;
  granularity?: string;
  output?: string;
}

export = function register(RED: NodeAPI): void {
  RED.nodes.registerType(
    'ecostruxure-grid-comparison',
    function GridComparisonNode(this: Node, config: GridComparisonConfig) {
      RED.nodes.createNode(this, config);
      start(RED, this, config);
    },
  );
};

function start(RED: NodeAPI, node: Node, config: GridComparisonConfig): void {
  handleInputWithAccount(RED, node, config.account, async (client, run) => {
    const result = await compareToGridRate(
      client,
      {
        thresholdPercent: config.thresholdPercent ?? '',
        ...(config.siteIds ? { siteIds: config.siteIds } : {}),
        ...(config.granularity ? { granularity: config.granularity } : {}),
      },
      {
        signal: run.signal,
        onProgress: ({ completed, total }) => run.progress(`${completed}/${total}`),
      },
    );
    const above = result.items.filter((item) => item.above === true);
    const payload = config.output === 'above' ? above : result.items;
    const out = resultMessage(RED, run.msg, result, payload);
    // Core's crossing events and the intervals it could not compare (no energy, no rate) go with it.
    out.events = result.events;
    out.skipped = result.skipped;
    run.send(out);
    return RED._('ecostruxure-grid-comparison.status.above', {
      count: above.length,
      total: result.items.length,
    });
  });
}
