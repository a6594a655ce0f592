// Node.js-only pieces (the undici and axios transports, timers): never imported by the n8n bundle.
export * from './node/axios-transport.js';
export * from './node/file-token-store.js';
export * from './node/runtime.js';
export * from './node/undici-transport.js';
export * from './node/proxy-environment.js';
