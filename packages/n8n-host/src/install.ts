/** The real n8n: installed once into a cache outside the repository, then reused by every run. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The n8n release this project is tested against; scripts/install-n8n.sh installs the same one. */
export const N8N_VERSION = '2.41.1';

const installer = fileURLToPath(new URL('../scripts/install-n8n.sh', import.meta.url));

export interface InstallOptions {
  /** Where n8n lives. Default: `$ECOSTRUXURE_N8N_CACHE`, else `~/.cache/ecostruxure-connector/n8n-<version>`. */
  cacheDir?: string;
  /** Each progress line of the installer (its own and npm's), as it happens. */
  onProgress?: (line: string) => void;
}

export interface N8nInstallation {
  /** The folder holding `node_modules/n8n`: what `startN8n` takes as `n8nDir`. */
  dir: string;
  version: string;
  /** True when this call installed n8n, false when a complete copy was already there. */
  installedNow: boolean;
  /** How long this call took (about 5 minutes for a first install, milliseconds afterwards). */
  elapsedMs: number;
}

export function defaultN8nCacheDir(): string {
  return (
    process.env.ECOSTRUXURE_N8N_CACHE ??
    join(homedir(), '.cache', 'ecostruxure-connector', `n8n-${N8N_VERSION}`)
  );
}

/** Whether a complete install is in the cache (the installer marks it only once everything is built). */
export function isN8nInstalled(cacheDir = defaultN8nCacheDir()): boolean {
  return existsSync(join(cacheDir, '.ready'));
}

/**
 * Installs n8n from the npm registry on the first call (about 5 minutes, 2.9 GB), then returns at once.
 * Two processes calling this together are safe: the installer holds a lock file, so the second waits for
 * the first and reuses its install.
 */
export async function installN8n(options: InstallOptions = {}): Promise<N8nInstallation> {
  const cacheDir = options.cacheDir ?? defaultN8nCacheDir();
  const started = performance.now();
  const alreadyThere = isN8nInstalled(cacheDir);
  const child = spawn('bash', [installer], {
    env: { ...process.env, ECOSTRUXURE_N8N_CACHE: cacheDir, ECOSTRUXURE_N8N_VERSION: N8N_VERSION },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const progress: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    progress.push(line);
    options.onProgress?.(line);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new Error(
      `Installing n8n ${N8N_VERSION} into ${cacheDir} failed (exit code ${String(code)}):\n` +
        progress.slice(-20).join('\n'),
    );
  }
  const dir = stdout.trim().split('\n').pop();
  if (!dir) throw new Error('install-n8n.sh printed no folder');
  return {
    dir,
    version: N8N_VERSION,
    installedNow: !alreadyThere,
    elapsedMs: Math.round(performance.now() - started),
  };
}
