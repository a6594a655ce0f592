/**
 * "EcoStruxure Request": any method and path under the account's base URL, with its credentials,
 * retries and errors; for APIs this package has no node for yet.
 */
import {
  customRequest,
  evaluateProperty,
  handleInputWithAccount,
  messageOverrides,
  namingMessageProperties,
  resultMessage,
  type Node,
  type NodeAPI,
  type NodeDefinition,
} from '../lib/index.js';

interface RequestConfig extends NodeDefinition {
  account?: string;
  api?: string;
  method?: string;
  path?: string;
  query?: string;
  queryType?: string;
  body?: string;
  bodyType?: string;
  /** Nodes saved before the box existed have none: they keep letting the message override. */
  allowOverride?: boolean;
}

export = function register(RED: NodeAPI): void {
  RED.nodes.registerType('ecostruxure-request', function RequestNode(this: Node, config: RequestConfig) {
    RED.nodes.createNode(this, config);
    start(RED, this, config);
  });
};

function start(RED: NodeAPI, node: Node, config: RequestConfig): void {
  handleInputWithAccount(RED, node, config.account, async (client, run) => {
    const optional = async (value: string | undefined, type: string | undefined) =>
      value ? evaluateProperty(RED, node, run.msg, value, type ?? 'json') : undefined;
    const query = await optional(config.query, config.queryType);
    const body = await optional(config.body, config.bodyType);
    // msg.path overrides the node's path when the node allows it, e.g. to page through an API.
    const overrides = messageOverrides(run.msg, ['path'], config.allowOverride !== false);
    const path = overrides.path ?? config.path ?? '';
    const result = await namingMessageProperties(overrides, () =>
      customRequest(
        client,
        {
          api: (config.api || 'gateway') as 'gateway',
          method: config.method || 'GET',
          path: path as string,
          ...(query === undefined ? {} : { query: query as Record<string, unknown> }),
          ...(body === undefined ? {} : { body: body as Record<string, unknown> }),
        },
        { signal: run.signal },
      ),
    );
    const answer = result.items[0] as { status: number; headers: unknown; body: unknown };
    const out = resultMessage(RED, run.msg, result, answer.body);
    out.statusCode = answer.status;
    out.headers = answer.headers;
    run.send(out);
    return String(answer.status);
  });
}
