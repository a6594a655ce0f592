/**
 * The install steps of docs/install.md, run as shown: pack both packages from the clone, install the n8n
 * package into `~/.n8n/nodes` and the Node-RED package into `~/.node-red` (the tarball where the steps say the
 * package name, as the docs tell you to before a release), then start a real n8n and a Node-RED on those
 * folders and check that they load our nodes from there. `~` is a temporary home folder, and the shell that
 * runs the steps has no build tools on its PATH, like many machines n8n and Node-RED run on: the steps
 * install one package each, and nothing that needs building.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { installN8n, startN8n, type N8nProcess } from '@ecostruxure-connector/n8n-host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeRed, type RunningNodeRed } from '../src/node-red/runtime.js';
import { pathWithoutBuildTools } from './support/no-build-tools.js';

const root = join(import.meta.dirname, '..', '..', '..');
const userNpmrc = process.env.npm_config_userconfig ?? join(homedir(), '.npmrc');

/** The lines of docs/install.md's blocks, in order; bench/test/documented-commands.test.ts points here. */
const PACK = ['npm run build', 'cd packages/n8n-nodes && npm pack', 'cd ../node-red-nodes && npm pack'];
const N8N_MANUAL_INSTALL = [
  'mkdir -p ~/.n8n/nodes && cd ~/.n8n/nodes',
  'npm install --legacy-peer-deps n8n-nodes-ecostruxure',
];
const NODE_RED_NPM_INSTALL = ['cd ~/.node-red', 'npm install @ecostruxure-connector/node-red-nodes'];

/** Runs the lines in one bash, as a user types them one after the other; resolves with bash's exit code. */
async function shell(lines: string[], home: string): Promise<{ code: number | null; output: string }> {
  const child = spawn('bash', ['-e', '-c', lines.join('\n')], {
    cwd: root,
    // `~` is the temporary home, but npm keeps the user's own settings (registry, proxy, certificate
    // authority), as it would for a user whose home this is.
    env: { ...process.env, HOME: home, npm_config_userconfig: userNpmrc, PATH: noBuildTools },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

let home: string;
let noBuildTools: string;
const tarballs: Record<string, string> = {};

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'documented-install-home-'));
  noBuildTools = pathWithoutBuildTools(join(home, '.no-build-tools'));
  // The build has run before the tests (turbo's order), and rebuilding under running tests would swap
  // their files: the lines after it run here.
  const packed = await shell(PACK.slice(1), home);
  expect(packed.code, packed.output).toBe(0);
  for (const folder of ['n8n-nodes', 'node-red-nodes']) {
    const packageDir = join(root, 'packages', folder);
    const tarball = readdirSync(packageDir).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack left no tarball in ${packageDir}:\n${packed.output}`);
    // Out of the clone at once: a tarball left there would be packed into the next one.
    tarballs[folder] = join(home, tarball);
    renameSync(join(packageDir, tarball), tarballs[folder]);
  }
}, 120_000);

// Two installed packages and their tarballs: removing them takes seconds on a busy machine.
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
}, 120_000);

/** The lines with the tarball where they name the package (`npm install [options] <name>`). */
const withTarball = (lines: string[], name: string, tarball: string): string[] =>
  lines.map((line) =>
    line.startsWith('npm install ') && line.endsWith(` ${name}`)
      ? `${line.slice(0, -name.length)}${tarball}`
      : line,
  );

/** What the install put in a node_modules folder, scoped packages by scope. */
const installedIn = (folder: string): string[] =>
  readdirSync(join(folder, 'node_modules')).filter((name) => !name.startsWith('.'));

it('runs the steps in a shell without make, a C/C++ compiler or Python', async () => {
  const found = await shell(['command -v make gcc g++ cc c++ python3 node-gyp || true'], home);
  expect(found.output.trim()).toBe('');
  expect((await shell(['command -v node npm tar'], home)).output.trim().split('\n')).toHaveLength(3);
});

describe('n8n: manual install into ~/.n8n/nodes', () => {
  let n8n: N8nProcess | undefined;

  afterAll(async () => {
    await n8n?.stop();
  });

  it(
    'installs the tarball there, and n8n loads the four nodes from it',
    async () => {
      const installed = await shell(
        withTarball(N8N_MANUAL_INSTALL, 'n8n-nodes-ecostruxure', tarballs['n8n-nodes'] ?? ''),
        home,
      );
      expect(installed.code, installed.output).toBe(0);
      // One package: not n8n's own n8n-workflow (a peer) with its 160 dependencies.
      expect(installedIn(join(home, '.n8n', 'nodes'))).toEqual(['n8n-nodes-ecostruxure']);
      // "then restart n8n": n8n's folder is ~/.n8n, the home folder given here.
      const { dir } = await installN8n();
      n8n = await startN8n({ n8nDir: dir, userFolder: home });
      const rest = n8n.restClient();
      await rest.setupOwner();
      const types = await rest.request<Array<{ name: string }>>('GET', '/types/nodes.json');
      const ours = types.body
        .map((type) => type.name)
        .filter((name) => name.startsWith('n8n-nodes-ecostruxure.'));
      // n8n adds an `…Tool` variant of each node usable as an AI tool.
      expect(ours.sort()).toEqual([
        'n8n-nodes-ecostruxure.ecoStruxureCarbon',
        'n8n-nodes-ecostruxure.ecoStruxureCarbonTool',
        'n8n-nodes-ecostruxure.ecoStruxureCarbonTrigger',
        'n8n-nodes-ecostruxure.energyHub',
        'n8n-nodes-ecostruxure.energyHubTool',
        'n8n-nodes-ecostruxure.energyHubTrigger',
      ]);
    },
    25 * 60_000,
  );
});

describe('Node-RED: npm install in ~/.node-red', () => {
  let nodeRed: RunningNodeRed | undefined;

  afterAll(async () => {
    await nodeRed?.stop();
  });

  it('installs the tarball there, and Node-RED loads our nodes from it', async () => {
    // Node-RED creates ~/.node-red on its first start.
    mkdirSync(join(home, '.node-red'));
    const installed = await shell(
      withTarball(
        NODE_RED_NPM_INSTALL,
        '@ecostruxure-connector/node-red-nodes',
        tarballs['node-red-nodes'] ?? '',
      ),
      home,
    );
    expect(installed.code, installed.output).toBe(0);
    expect(installedIn(join(home, '.node-red'))).toEqual(['@ecostruxure-connector']);
    // "then restart Node-RED": on that user directory.
    nodeRed = await startNodeRed(join(home, '.node-red'));
    const response = await fetch(`${nodeRed.url}/nodes`, { headers: { accept: 'application/json' } });
    const sets = (await response.json()) as Array<{
      module: string;
      types: string[];
      enabled: boolean;
      err?: string;
    }>;
    const ours = sets.filter((set) => set.module === '@ecostruxure-connector/node-red-nodes');
    expect(ours.map((set) => set.err).filter(Boolean)).toEqual([]);
    expect(ours.flatMap((set) => set.types)).toEqual(
      expect.arrayContaining(['ecostruxure-account', 'ecostruxure-emissions', 'energy-hub-alarms']),
    );
  }, 120_000);
});
