/** Packs the package as npm would publish it and unpacks it where n8n can load it. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

export interface PackedPackage {
  tarball: string;
  bytes: number;
  /** Every path in the tarball, relative to its `package/` folder. */
  files: string[];
  /** The unpacked package (the folder holding package.json and dist/). */
  directory: string;
  /** Deletes the tarball and the unpacked package. */
  remove(): void;
}

export function packPackage(): PackedPackage {
  const workDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-ecostruxure-pack-'));
  execFileSync('pnpm', ['pack', '--pack-destination', workDir], { cwd: packageDir, stdio: 'pipe' });
  const tarballName = readdirSync(workDir).find((name) => name.endsWith('.tgz'));
  if (!tarballName) throw new Error(`pnpm pack wrote no tarball into ${workDir}`);
  const tarball = join(workDir, tarballName);
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''));
  execFileSync('tar', ['-xzf', tarball, '-C', workDir]);
  return {
    tarball,
    bytes: statSync(tarball).size,
    files,
    directory: join(workDir, 'package'),
    remove: () => rmSync(workDir, { recursive: true, force: true }),
  };
}
