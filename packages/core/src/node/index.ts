// Node.js-only pieces (the undici and axios transports, timers): never imported by the n8n bundle.
export * from './axios-transport.js';
export * from './file-token-store.js';
export * from './node-runtime.js';
export * from './undici-transport.js';
export * from './proxy-environment.js';
