// Builds the package n8n loads: CommonJS in dist/, no runtime dependencies.
//  - shared/ecostruxure-core.ts is the one bundle: core, zod and graphql, shared by every node and
//    credential (never a copy per node), built with core's n8n bundle options.
//  - every other source file is transpiled on its own, so each node file holds only its form and mapping.
//  - codex files (*.node.json) and icons are copied beside the files that name them, and each action node's
//    output schemas (__schema__/v<version>/<resource>/<operation>.json) beside its node file, where n8n
//    serves them to the editor.
import { build } from 'esbuild';
// Core's own n8n bundle settings (zod and graphql inside, no `process`/`globalThis`), which core's
// bundle-safety test checks: the package builds with exactly those.
import { n8nBundleOptions } from '../../core/scripts/n8n-bundle.mjs';
import { cpSync, globSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const coreEntry = 'shared/ecostruxure-core.ts';
const target = 'node22';

rmSync(dist, { recursive: true, force: true });

const started = performance.now();
await build(
  n8nBundleOptions({
    absWorkingDir: root,
    entryPoints: [coreEntry],
    outfile: join(dist, 'shared/ecostruxure-core.js'),
    target,
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  }),
);

const sources = globSync(['credentials/**/*.ts', 'nodes/**/*.ts', 'shared/**/*.ts'], { cwd: root }).filter(
  (file) => file !== coreEntry,
);
await build({
  absWorkingDir: root,
  entryPoints: sources,
  outbase: '.',
  outdir: dist,
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target,
  logLevel: 'warning',
});

for (const file of globSync(['nodes/**/*.node.json', 'nodes/*/__schema__/**/*.json', 'icons/*.svg'], {
  cwd: root,
})) {
  mkdirSync(dirname(join(dist, file)), { recursive: true });
  cpSync(join(root, file), join(dist, file));
}

const coreBytes = statSync(join(dist, 'shared/ecostruxure-core.js')).size;
process.stdout.write(
  `built ${sources.length + 1} files in ${Math.round(performance.now() - started)} ms; shared core bundle ${(coreBytes / 1024).toFixed(0)} KiB\n`,
);
