/**
 * List Sites through an EcoStruxure account in node-red-node-test-helper: what the account's settings do
 * when a flow uses them, as the message sent on or the error a Catch node gets.
 */
import { helper, nextMessage, nodeModule, onTab } from './helper.js';

export type ListOutcome = { sent: Record<string, unknown> } | { caught: Record<string, unknown> };

export async function listSitesThroughAccount(
  account: Record<string, unknown>,
  secrets: Record<string, string>,
): Promise<ListOutcome> {
  await helper.load(
    [nodeModule('ecostruxure-account'), nodeModule('ecostruxure-sites')],
    onTab([
      { id: 'acc', type: 'ecostruxure-account', ...account },
      { id: 'sites', type: 'ecostruxure-sites', account: 'acc', operation: 'list', wires: [['out']] },
      { id: 'out', type: 'helper' },
      { id: 'catch', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
    ]),
    { acc: secrets },
  );
  const settled = Promise.race<ListOutcome>([
    nextMessage(helper.getNode('out')).then((msg) => ({ sent: msg })),
    nextMessage(helper.getNode('caught')).then((msg) => ({ caught: msg })),
  ]);
  helper.getNode('sites').receive({ payload: 'go' });
  return await settled;
}
