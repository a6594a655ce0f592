// Node.js-only pieces (axios transport, timers): never imported by the n8n bundle.
export * from './node/axios-transport.js';
export * from './node/runtime.js';
