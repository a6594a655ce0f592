/**
 * n8n-core and n8n-workflow as n8n itself loads them: CommonJS, through `require`. The built nodes require
 * the CommonJS n8n-workflow, so the harness must use that same copy (not its ESM build) for n8n's error
 * classes and helpers to be the ones the nodes see.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const n8nCore = require('n8n-core') as typeof import('n8n-core');
export const n8nWorkflow = require('n8n-workflow') as typeof import('n8n-workflow');
