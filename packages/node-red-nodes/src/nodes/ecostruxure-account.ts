/**
 * "EcoStruxure account" config node: how to reach EcoStruxure and prove who is calling. Holds one core
 * client for all nodes using it; for authorization code its tokens come from the Authorize button and
 * live in the encrypted token file, so restarts and redeploys keep working without a new consent.
 */
import {
  accountSettings,
  createAccount,
  deleteTokens,
  registerAuthorizeRoutes,
  accountOf,
  tokenStoreOf,
  type AccountConfig,
  type AccountCredentials,
  type AccountNode,
  type NodeAPI,
  type NodeDefinition,
} from '../lib/index.js';

export = function register(RED: NodeAPI): void {
  registerAuthorizeRoutes({
    RED,
    accountOf: (id) => accountOf(RED, id),
    tokenStoreOf: (id) => tokenStoreOf(RED, id),
  });

  RED.nodes.registerType(
    'ecostruxure-account',
    function EcoStruxureAccountNode(this: AccountNode, definition: NodeDefinition) {
      RED.nodes.createNode(this, definition);
      const settings = accountSettings(
        definition as AccountConfig,
        (this.credentials ?? {}) as AccountCredentials,
      );
      const account = createAccount({ id: this.id, settings, store: tokenStoreOf(RED, this.id) });
      this.account = account;
      this.on('close', (removed, done) => {
        account.close();
        if (!removed) {
          done();
          return;
        }
        // A deleted account's consent must not outlive it on disk.
        deleteTokens(RED, this.id).then(done, (error: unknown) => {
          this.warn(error instanceof Error ? error.message : String(error));
          done();
        });
      });
    },
    {
      credentials: {
        clientId: { type: 'text' },
        clientSecret: { type: 'password' },
        token: { type: 'password' },
        apiKey: { type: 'password' },
      },
    },
  );
};
