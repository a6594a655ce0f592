/**
 * Finds the running account behind a config node id (for the editor's routes and for nodes), and opens
 * the token store every part of the package uses for that id.
 */
import type { Node, NodeAPI } from '../node-red.js';
import type { Account } from './account.js';
import { createMemoryTokenStore } from './memory-token-store.js';
import { tokenFileLocation, type TokenStore } from './token-store.js';

export type AccountNode = Node & { account?: Account };

export function accountOf(RED: NodeAPI, id: string): Account | undefined {
  const node = RED.nodes.getNode(id) as AccountNode | null;
  return node?.account;
}

// Until the encrypted file store is available every store is process memory, shared per id.
const memoryStores = new Map<string, TokenStore>();

export function tokenStoreOf(RED: NodeAPI, id: string): TokenStore {
  void tokenFileLocation;
  let store = memoryStores.get(id);
  if (!store) {
    store = createMemoryTokenStore();
    memoryStores.set(id, store);
  }
  return store;
}

export async function deleteTokens(_RED: NodeAPI, id: string): Promise<void> {
  memoryStores.delete(id);
}
