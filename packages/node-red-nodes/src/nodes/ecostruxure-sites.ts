/**
 * "List Sites" / "Get Site": the sites an account can see, or one site by ID (from the node or msg).
 */
import {
  evaluateProperty,
  getSite,
  handleInputWithAccount,
  itemMessages,
  listSites,
  resultMessage,
  type Node,
  type NodeAPI,
  type NodeDefinition,
} from '../lib/index.js';

interface SitesConfig extends NodeDefinition {
  account?: string;
  operation?: string;
  siteId?: string;
  siteIdType?: string;
  nameContains?: string;
  countryIsoCode?: string;
  output?: string;
}

export = function register(RED: NodeAPI): void {
  RED.nodes.registerType('ecostruxure-sites', function SitesNode(this: Node, config: SitesConfig) {
    RED.nodes.createNode(this, config);
    start(RED, this, config);
  });
};

function start(RED: NodeAPI, node: Node, config: SitesConfig): void {
  handleInputWithAccount(RED, node, config.account, async (client, run) => {
    const context = { signal: run.signal };
    if (config.operation === 'get') {
      const siteId = await evaluateProperty(
        RED,
        node,
        run.msg,
        config.siteId ?? '',
        config.siteIdType ?? 'str',
      );
      // Core checks the value (text, not empty) and names the field when it is wrong.
      const result = await getSite(client, { siteId: siteId as string }, context);
      run.send(resultMessage(RED, run.msg, result, result.items[0]));
      return String(siteId);
    }
    const result = await listSites(
      client,
      {
        ...(config.nameContains ? { nameContains: config.nameContains } : {}),
        ...(config.countryIsoCode ? { countryIsoCode: config.countryIsoCode } : {}),
        returnAll: true,
      },
      context,
    );
    if (config.output === 'row') run.send([itemMessages(RED, run.msg, result)]);
    else run.send(resultMessage(RED, run.msg, result, result.items));
    return RED._('ecostruxure-sites.status.sites', { count: result.items.length });
  });
}
