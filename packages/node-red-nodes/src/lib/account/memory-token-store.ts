/** Tokens kept for the life of the process only: used when Node-RED's credential encryption is off. */
import type { TokenSet } from '@ecostruxure-connector/core';
import type { TokenStore } from './token-store.js';

export function createMemoryTokenStore(): TokenStore {
  let tokens: TokenSet | undefined;
  return {
    load: () => Promise.resolve(tokens),
    save(next) {
      tokens = next;
      return Promise.resolve();
    },
  };
}
