// n8n-core keeps instance settings (an encryption key) in N8N_USER_FOLDER: a throw-away folder per run,
// set before n8n-core is imported.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-engine-'));
process.env.N8N_ENCRYPTION_KEY ??= 'engine-tests-only';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
