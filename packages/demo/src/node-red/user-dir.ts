/**
 * Node-RED's user directory for one demo run: our node package and Dashboard 2.0 appear in its
 * node_modules as links to the installed copies, the way `npm install` in ~/.node-red would place them,
 * so Node-RED finds them exactly as it finds any palette module.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The palette modules the demo's flows use. */
export const PALETTE_MODULES = ['@ecostruxure-connector/node-red-nodes', '@flowfuse/node-red-dashboard'];

export interface UserDir {
  path: string;
  remove(): Promise<void>;
}

export async function createUserDir(): Promise<UserDir> {
  const path = await mkdtemp(join(tmpdir(), 'ecostruxure-demo-node-red-'));
  await writeFile(
    join(path, 'package.json'),
    JSON.stringify({
      name: 'ecostruxure-demo-node-red',
      private: true,
      dependencies: Object.fromEntries(PALETTE_MODULES.map((name) => [name, '*'])),
    }),
  );
  for (const name of PALETTE_MODULES) {
    const link = join(path, 'node_modules', name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(dirname(require.resolve(`${name}/package.json`)), link, 'dir');
  }
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
