export * from './client.js';
export * from './documents.js';
export * from './graphql.js';
export * from './schemas.js';
