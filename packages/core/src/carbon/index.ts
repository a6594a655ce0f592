export * from './client.js';
export * from './emission-rows.js';
export * from './global-rate-comparison.js';
export * from './merge.js';
export * from './params.js';
export * from './ranges.js';
export * from './samples.js';
export * from './schemas.js';
