export * from './errors/index.js';
export * from './http/transport.js';
export * from './http/types.js';
export * from './runtime/runtime.js';
export type * from './auth/types.js';
