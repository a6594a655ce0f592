// How long a real n8n takes to start with this package and without it: the packed tarball, unpacked
// where N8N_CUSTOM_EXTENSIONS points, against the same n8n started with its own nodes only. Starts
// alternate so that a busy machine slows both sides alike; the figures are medians. On a shared machine
// the start-to-ready spread (seconds) hides the package, so the script also times what n8n does with it in
// a fresh Node process: require every node and credential file the `n8n` field lists (with n8n's own
// n8n-workflow) and construct each class.
//   usage: node scripts/measure-load-time.mjs [runs per side, default 5]   (after `pnpm build`)
import { installN8n, startN8n } from '@ecostruxure-connector/n8n-host';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import console from 'node:console';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 5);

const workDir = mkdtempSync(join(tmpdir(), 'n8n-load-time-'));
try {
  execFileSync('pnpm', ['pack', '--pack-destination', workDir], { cwd: packageDir, stdio: 'ignore' });
  const tarball = readdirSync(workDir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack wrote no tarball');
  execFileSync('tar', ['-xzf', join(workDir, tarball), '-C', workDir]);
  const { dir } = await installN8n({ onProgress: (line) => console.error(line) });

  const packageRoot = join(workDir, 'package');
  const startupMs = { with: [], without: [] };
  const requireMs = [];
  for (let run = 0; run < runs; run += 1) {
    requireMs.push(timeRequire(packageRoot, dir));
    for (const side of ['without', 'with']) {
      const n8n = await startN8n({
        n8nDir: dir,
        ...(side === 'with' ? { extensionsDir: join(workDir, 'package') } : {}),
      });
      startupMs[side].push(n8n.startupMs);
      await n8n.stop();
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(
    JSON.stringify(
      {
        tarballBytes: statSync(join(workDir, tarball)).size,
        runs,
        startupMs,
        medianWithMs: median(startupMs.with),
        medianWithoutMs: median(startupMs.without),
        medianDifferenceMs: median(startupMs.with) - median(startupMs.without),
        requireMs,
        medianRequireMs: median(requireMs),
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

/** Milliseconds a fresh Node process takes to require and construct every node and credential. */
function timeRequire(packageRoot, n8nDir) {
  const program = `
    const { join } = require('node:path');
    const manifest = require(join(${JSON.stringify(packageRoot)}, 'package.json'));
    // Already loaded in n8n's process: not part of what the package costs.
    require('n8n-workflow');
    const started = process.hrtime.bigint();
    for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
      const exported = require(join(${JSON.stringify(packageRoot)}, file));
      for (const Class of Object.values(exported)) new Class();
    }
    process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
  `;
  const output = execFileSync(process.execPath, ['-e', program], {
    // From the unpacked package, `n8n-workflow` resolves to n8n's own copy through NODE_PATH, as in n8n.
    cwd: packageRoot,
    env: { ...process.env, NODE_PATH: join(n8nDir, 'node_modules') },
    encoding: 'utf8',
  });
  return Math.round(Number(output));
}
