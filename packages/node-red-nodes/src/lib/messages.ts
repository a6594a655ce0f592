/**
 * Texts every node shows (statuses such as "consent revoked: re-authorize") live once, in the account
 * node's message catalog; node files reach them through its namespace.
 */
import type { NodeAPI } from './node-red.js';

export const PACKAGE_NAME = '@ecostruxure-connector/node-red-nodes';
const SHARED_NAMESPACE = `${PACKAGE_NAME}/ecostruxure-account`;

export function sharedTranslator(
  RED: NodeAPI,
): (key: string, substitutions?: Record<string, string | number>) => string {
  return (key, substitutions) => RED._(`${SHARED_NAMESPACE}:shared.${key}`, substitutions);
}
