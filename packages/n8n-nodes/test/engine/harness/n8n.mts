/**
 * n8n-core and n8n-workflow as n8n itself loads them: CommonJS, through `require`. The built nodes require
 * the CommonJS n8n-workflow, so the harness must use that same copy (not its ESM build) for n8n's error
 * classes and helpers to be the ones the nodes see.
 */
import { createRequire } from 'node:module';
import type * as N8nCore from 'n8n-core';
import type * as N8nWorkflow from 'n8n-workflow';

const require = createRequire(import.meta.url);

export const n8nCore = require('n8n-core') as typeof N8nCore;
export const n8nWorkflow = require('n8n-workflow') as typeof N8nWorkflow;
