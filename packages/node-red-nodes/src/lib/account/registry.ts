/**
 * Finds the running account behind a config node id (for the editor's routes and for nodes), and opens
 * the token store every part of the package uses for that id: core's encrypted file in the user
 * directory, or process memory when Node-RED's credential encryption is switched off.
 */
import { createMemoryTokenStore } from '@ecostruxure-connector/core/advanced';
import type { TokenStore } from '@ecostruxure-connector/core';
import { createFileTokenStore, deleteTokenFile } from '@ecostruxure-connector/core/node';
import type { Node, NodeAPI } from '../node-red.js';
import type { Account } from './account.js';
import { tokenFileLocation } from './token-store.js';

export type AccountNode = Node & { account?: Account };

export function accountOf(RED: NodeAPI, id: string): Account | undefined {
  const node = RED.nodes.getNode(id) as AccountNode | null;
  return node?.account;
}

// Without a credential secret there is no key to encrypt with: tokens then last as long as the process.
const memoryStores = new Map<string, TokenStore>();
let warnedNoSecret = false;

export function tokenStoreOf(RED: NodeAPI, id: string): TokenStore {
  const location = tokenFileLocation(RED, id);
  if (location) return createFileTokenStore(location);
  if (!warnedNoSecret) {
    warnedNoSecret = true;
    RED.log.warn(
      'EcoStruxure: credential encryption is off (credentialSecret: false), so authorized tokens are kept in memory only and a restart needs a new authorization.',
    );
  }
  let store = memoryStores.get(id);
  if (!store) {
    store = createMemoryTokenStore();
    memoryStores.set(id, store);
  }
  return store;
}

export async function deleteTokens(RED: NodeAPI, id: string): Promise<void> {
  memoryStores.delete(id);
  const location = tokenFileLocation(RED, id);
  if (location) await deleteTokenFile(location.filePath);
}
