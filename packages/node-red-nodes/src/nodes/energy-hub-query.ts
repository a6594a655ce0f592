/**
 * "Energy Hub Query": any GraphQL document against Energy Hub, with variables from the node or the
 * message, optionally reading one connection to its end.
 */
import {
  evaluateProperty,
  handleInputWithAccount,
  resultMessage,
  runQuery,
  type Node,
  type NodeAPI,
  type NodeDefinition,
} from '../lib/index.js';

interface QueryConfig extends NodeDefinition {
  accessClient?: string;
  query?: string;
  variables?: string;
  variablesType?: string;
  operationName?: string;
  followConnection?: string;
  limit?: string | number;
}

export = function register(RED: NodeAPI): void {
  RED.nodes.registerType('energy-hub-query', function EnergyHubQueryNode(this: Node, config: QueryConfig) {
    RED.nodes.createNode(this, config);
    start(RED, this, config);
  });
};

function start(RED: NodeAPI, node: Node, config: QueryConfig): void {
  handleInputWithAccount(RED, node, config.accessClient, async (client, run) => {
    const variables = config.variables
      ? await evaluateProperty(RED, node, run.msg, config.variables, config.variablesType ?? 'json')
      : undefined;
    const follow = config.followConnection?.trim();
    // Core checks the query, the variables (an object or JSON text) and the path, naming the field.
    const result = await runQuery(
      client,
      {
        query: config.query ?? '',
        variables: variables as Record<string, unknown> | string | undefined,
        ...(config.operationName ? { operationName: config.operationName } : {}),
        ...(follow
          ? { followConnection: follow, returnAll: !config.limit, limit: config.limit || undefined }
          : {}),
      },
      { signal: run.signal },
    );
    run.send(resultMessage(RED, run.msg, result, follow ? result.items : result.items[0]));
    return follow
      ? RED._('energy-hub-query.status.items', { count: result.items.length })
      : RED._('energy-hub-query.status.done');
  });
}
