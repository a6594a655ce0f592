export * from './errors/index.js';
export * from './http/index.js';
export * from './runtime/runtime.js';
export type * from './auth/types.js';
export * from './carbon/index.js';
export * from './threshold/index.js';
export * from './auth/index.js';
export * from './energy-hub/index.js';
export * from './endpoints.js';
