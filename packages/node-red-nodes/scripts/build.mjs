// Builds the Node-RED package: every node's TypeScript becomes a CommonJS file in dist/ (Node-RED 4.x
// require()s node files, 5.x import()s them; CommonJS serves both), with core and the adapter's shared
// code bundled ONCE into dist/lib/ecostruxure.js, which every node file requires. Each node's editor HTML,
// the message catalogs and the icons are copied beside the JavaScript, where Node-RED looks for them
// (`locales/` and `icons/` next to the node file).
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const nodeEntries = readdirSync(join(src, 'nodes'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => join(src, 'nodes', name));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Node-RED 4.1 runs on Node 20 (undici, which core uses, needs 20.18).
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
};

// The shared library: core (with zod, graphql, undici) and the adapter's helpers. Minified to keep the
// installed package small; names are kept, since core's errors take their `name` from their class.
await build({
  ...common,
  entryPoints: [join(src, 'lib', 'index.ts')],
  outfile: join(dist, 'lib', 'ecostruxure.js'),
  minify: true,
  keepNames: true,
});

// Node files: their own code only; the shared library stays a require() of the one bundled file.
const sharedLibrary = {
  name: 'shared-library',
  setup(builder) {
    builder.onResolve({ filter: /\/lib\/index\.js$/ }, () => ({
      path: './lib/ecostruxure.js',
      external: true,
    }));
  },
};
await build({ ...common, entryPoints: nodeEntries, outdir: dist, plugins: [sharedLibrary] });

for (const entry of nodeEntries) {
  const html = join(src, 'nodes', `${basename(entry, '.ts')}.html`);
  cpSync(html, join(dist, basename(html)));
}
cpSync(join(src, 'locales'), join(dist, 'locales'), { recursive: true });
cpSync(join(src, 'icons'), join(dist, 'icons'), { recursive: true });
