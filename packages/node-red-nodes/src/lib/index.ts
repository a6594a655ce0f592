/**
 * Everything the node files share, bundled once (with core) into dist/lib/ecostruxure.js: node files
 * import only from here, so the package ships one copy of core however many nodes it has.
 */
export * from './node-red.js';
export * from './errors.js';
export * from './messages.js';
export * from './input.js';
export * from './message-overrides.js';
export * from './account/settings.js';
export * from './account/account.js';
export * from './account/routes.js';
export * from './account/registry.js';
export * from './account/token-store.js';
export * from './uses-account.js';
export * from './state-file.js';
export * from './watch.js';
export * from './warn-once.js';
export * from './account/client.js';
export * from './operations.js';
export * from './output.js';
export * from './account/access-client-settings.js';
// Core's own functions that node files call: from here, so they are the bundled copy's and its errors are
// the ones errors.ts recognises.
export {
  createMemoryTokenStore,
  describeRule,
  emissionSamplesFromRows,
  evaluateThreshold,
  ruleWithLimit,
  validateThresholdRule,
} from '@ecostruxure-connector/core/advanced';
export type { ThresholdRule, ThresholdState } from '@ecostruxure-connector/core';
