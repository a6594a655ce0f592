/**
 * Everything the nodes use from core, in one module: the build bundles this file (core, zod, graphql) once
 * into dist/shared/ecostruxure-core.js, and every node and credential file requires that one copy.
 * Listing names (rather than `export *`) lets the bundler drop what no node uses.
 */
export { EcoStruxureError, ValidationError, TransportFailure } from '@ecostruxure-connector/core';
export type { Runtime, Transport, TransportRequest, TransportResponse } from '@ecostruxure-connector/core';
