/**
 * Where an account's tokens survive restarts: one encrypted file per config node in the Node-RED user
 * directory, keyed by the node's id, under a key derived from Node-RED's own credential secret (the one
 * that already protects flows_cred.json). Node-RED has no API to persist credentials obtained at run
 * time (node-red/node-red#1055), so without this a restart would lose every rotated refresh token.
 */
import { join } from 'node:path';
import type { NodeAPI } from '../node-red.js';

export const TOKEN_DIRECTORY = 'ecostruxure-tokens';

/** Config node ids are generated hex strings; anything else must not become a path. */
const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function isSafeAccountId(accountId: string): boolean {
  return SAFE_ID.test(accountId) && !accountId.startsWith('.');
}

export function tokenFilePath(userDir: string, accountId: string): string {
  if (!isSafeAccountId(accountId)) {
    throw new Error(`The account id "${accountId.slice(0, 64)}" cannot name a token file.`);
  }
  return join(userDir, TOKEN_DIRECTORY, `${accountId}.json`);
}

function setting(RED: NodeAPI, name: string): unknown {
  try {
    return RED.settings.get(name);
  } catch {
    // Node-RED throws for a setting that is not set.
    return undefined;
  }
}

/**
 * The user's `credentialSecret`, or the one Node-RED generated when the user set none. Undefined when
 * credential encryption is switched off (`credentialSecret: false`): tokens then stay in memory only.
 */
export function credentialSecretOf(RED: NodeAPI): string | undefined {
  const user = setting(RED, 'credentialSecret');
  if (user === false) return undefined;
  if (typeof user === 'string' && user !== '') return user;
  const generated = setting(RED, '_credentialSecret');
  return typeof generated === 'string' && generated !== '' ? generated : undefined;
}

export interface TokenFileLocation {
  filePath: string;
  secret: string;
}

export function tokenFileLocation(RED: NodeAPI, accountId: string): TokenFileLocation | undefined {
  const userDir = RED.settings.userDir;
  const secret = credentialSecretOf(RED);
  if (!userDir || !secret) return undefined;
  return { filePath: tokenFilePath(userDir, accountId), secret };
}
