/**
 * What every node that calls EcoStruxure shares: find its account, show the account's consent state
 * (a revoked consent turns the node red at once), and run each message through the common input loop
 * with the account's client.
 */
import { ValidationError } from '@ecostruxure-connector/core';
import type { Account } from './account/account.js';
import type { EcoStruxureClient } from './account/client.js';
import { accountOf } from './account/registry.js';
import { handleInput, type InputRun } from './input.js';
import { sharedTranslator } from './messages.js';
import type { Node, NodeAPI, NodeStatus } from './node-red.js';

export type AccountWork = (
  client: EcoStruxureClient,
  run: InputRun,
) => Promise<string | NodeStatus | undefined>;

export function handleInputWithAccount(
  RED: NodeAPI,
  node: Node,
  accountId: unknown,
  work: AccountWork,
): void {
  const translate = sharedTranslator(RED);
  const account: Account | undefined = typeof accountId === 'string' ? accountOf(RED, accountId) : undefined;
  if (!account) {
    node.status({ fill: 'red', shape: 'ring', text: translate('status.noAccount') });
  } else {
    const unsubscribe = account.onConsentChange((consent) => {
      if (consent.revoked) {
        node.status({ fill: 'red', shape: 'ring', text: translate('status.consentRevoked') });
      } else if (!consent.authorized) {
        node.status({ fill: 'yellow', shape: 'ring', text: translate('status.notAuthorized') });
      } else {
        node.status({});
      }
    });
    node.on('close', (_removed, done) => {
      unsubscribe();
      done();
    });
  }
  handleInput(RED, node, async (run) => {
    if (!account) {
      throw new ValidationError({
        field: 'account',
        message: 'No EcoStruxure account is selected: open the node and choose or add one.',
      });
    }
    try {
      return await work(await account.client(), run);
    } catch (error) {
      account.noteFailure(error);
      throw error;
    }
  });
}
