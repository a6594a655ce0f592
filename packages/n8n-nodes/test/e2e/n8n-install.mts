/** The real n8n the end-to-end tests run: installed once into a cache outside the repository. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const installer = fileURLToPath(new URL('../../scripts/install-n8n.sh', import.meta.url));

/** Installs n8n on the first run (about 5 minutes; progress on stderr), then returns the cache folder. */
export function ensureN8nInstalled(): string {
  const result = spawnSync('bash', [installer], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`install-n8n.sh failed with exit code ${String(result.status)}`);
  const folder = result.stdout.trim().split('\n').pop();
  if (!folder) throw new Error('install-n8n.sh printed no folder');
  return folder;
}
