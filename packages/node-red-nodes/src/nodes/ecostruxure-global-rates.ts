/** "Global Rates": the grid emission factor (gCO2e/kWh) per country and year. */
import {
  getGlobalRates,
  handleInputWithAccount,
  messageOverrides,
  namingMessageProperties,
  resultMessage,
  type Node,
  type NodeAPI,
  type NodeDefinition,
} from '../lib/index.js';

interface GlobalRatesConfig extends NodeDefinition {
  account?: string;
  countryIsoCode?: string;
  year?: string;
  /** Nodes saved before the box existed have none: they keep letting the message override. */
  allowOverride?: boolean;
}

export = function register(RED: NodeAPI): void {
  RED.nodes.registerType(
    'ecostruxure-global-rates',
    function GlobalRatesNode(this: Node, config: GlobalRatesConfig) {
      RED.nodes.createNode(this, config);
      start(RED, this, config);
    },
  );
};

function start(RED: NodeAPI, node: Node, config: GlobalRatesConfig): void {
  handleInputWithAccount(RED, node, config.account, async (client, run) => {
    // msg.countryIsoCode and msg.year override the form when the node allows it, so one node serves a
    // list of countries.
    const overrides = messageOverrides(run.msg, ['countryIsoCode', 'year'], config.allowOverride !== false);
    const country = overrides.countryIsoCode ?? config.countryIsoCode;
    const year = overrides.year ?? config.year;
    const result = await namingMessageProperties(overrides, () =>
      getGlobalRates(
        client,
        {
          ...(country ? { countryIsoCode: country as string } : {}),
          ...(year ? { year: year as string } : {}),
        },
        { signal: run.signal },
      ),
    );
    run.send(resultMessage(RED, run.msg, result, result.items));
    return RED._('ecostruxure-global-rates.status.rates', { count: result.items.length });
  });
}
