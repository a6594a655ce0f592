export * from './client.js';
export * from './concurrency.js';
export * from './logger.js';
export * from './response.js';
export * from './retry.js';
export * from './transport.js';
export * from './types.js';
