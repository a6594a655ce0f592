/**
 * "Energy Hub access client" config node: the client ID and secret of an Energy Hub integration and
 * its GraphQL URL. Its tokens are short-lived client-credentials tokens, so they stay in memory.
 */
import {
  createMemoryTokenStore,
  accessClientSettings,
  createAccount,
  type AccessClientConfig,
  type AccountNode,
  type NodeAPI,
  type NodeDefinition,
} from '../lib/index.js';

export = function register(RED: NodeAPI): void {
  RED.nodes.registerType(
    'energy-hub-access-client',
    function EnergyHubAccessClientNode(this: AccountNode, definition: NodeDefinition) {
      RED.nodes.createNode(this, definition);
      const account = createAccount({
        id: this.id,
        settings: accessClientSettings(definition as AccessClientConfig, this.credentials ?? {}),
        store: createMemoryTokenStore(),
      });
      this.account = account;
      this.on('close', (_removed, done) => {
        account.close();
        done();
      });
    },
    { credentials: { clientId: { type: 'text' }, clientSecret: { type: 'password' } } },
  );
};
