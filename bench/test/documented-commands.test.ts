/**
 * Every command the documentation shows is run by CI or a test. Each one is listed below with where it
 * runs; a command added to the docs without an entry fails here, and so does an entry whose test no longer
 * holds the line that runs it. The commands no other test runs are run here, as shown.
 *
 * `npm run <job> -- <args>` is `bash scripts/run.sh <job> <args>`: it installs the dependencies when the
 * lockfile changed, builds, then runs the job's built entry point with the arguments (checked below). Tests
 * run after the build, so they run that entry point with the documented arguments.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { documentedCommands, fencedCommands, inlineCommands, root } from './documented-commands.js';

const run = promisify(execFile);

/** Where a command runs: a file of the repository, and the line of it that runs the command. */
interface RunBy {
  file: string;
  shows: string;
}

const demoTest = { file: 'packages/demo/test/demo.test.ts', shows: "'--once'" };
const npmTest = { file: '.ci/run', shows: 'bash scripts/run.sh test' };
const turboChecks = { file: 'scripts/run.sh', shows: 'pnpm exec turbo run lint typecheck test --continue' };
const referenceCheck = { file: 'bench/test/docs.test.ts', shows: "'generate-reference.mjs'" };
const n8nInstaller = { file: 'packages/n8n-host/scripts/install-n8n.sh', shows: 'npm install --no-audit' };

const installTest = (command: string): RunBy => ({
  file: 'packages/demo/test/documented-install.test.ts',
  shows: `'${command}'`,
});

export const RUN_BY: Record<string, RunBy> = {
  // docs/install.md: packed from the clone, installed where the docs say, loaded by n8n and Node-RED.
  'cd packages/n8n-nodes && npm pack': installTest('cd packages/n8n-nodes && npm pack'),
  'cd ../node-red-nodes && npm pack': installTest('cd ../node-red-nodes && npm pack'),
  'mkdir -p ~/.n8n/nodes && cd ~/.n8n/nodes': installTest('mkdir -p ~/.n8n/nodes && cd ~/.n8n/nodes'),
  'npm install --legacy-peer-deps n8n-nodes-ecostruxure': installTest(
    'npm install --legacy-peer-deps n8n-nodes-ecostruxure',
  ),
  'cd ~/.node-red': installTest('cd ~/.node-red'),
  'npm install @ecostruxure-connector/node-red-nodes': installTest(
    'npm install @ecostruxure-connector/node-red-nodes',
  ),
  'npm test': npmTest,
  'npm run test:registry': { file: '.ci/run', shows: 'bash scripts/run.sh registry' },
  // The n8n end-to-end suite packs the package the way the READMEs measure it.
  'pnpm pack': {
    file: 'packages/n8n-nodes/test/e2e/package-tarball.mts',
    shows: "execFileSync('pnpm', ['pack'",
  },
  'pnpm test': turboChecks,
  '.ci/run': { file: '.github/workflows/release.yml', shows: 'run: bash .ci/run' },
  'npm run demo': { file: 'packages/demo/test/browser.test.ts', shows: 'startServingDemo(' },
  'npm run demo -- --once': demoTest,
  'npm run demo -- --n8n': { file: 'packages/demo/test/n8n-demo.test.ts', shows: "startServing(['--n8n'" },
  'npm run demo -- --n8n --once': {
    file: 'packages/demo/test/n8n-demo.test.ts',
    shows: "[main, '--n8n', '--once'",
  },
  'npm run build': { file: 'scripts/run.sh', shows: 'pnpm exec turbo run build --output-logs=errors-only' },
  'npm run lint': turboChecks,
  'pnpm format': { file: 'scripts/run.sh', shows: 'pnpm exec prettier --check' },
  'source scripts/toolchain.sh': {
    file: 'scripts/run.sh',
    shows: 'source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"',
  },
  'node scripts/generate-reference.mjs': referenceCheck,
  'npm run build && node scripts/generate-reference.mjs': referenceCheck,
  'pnpm --filter n8n-nodes-ecostruxure build': turboChecks,
  'pnpm --filter n8n-nodes-ecostruxure lint': turboChecks,
  'pnpm --filter n8n-nodes-ecostruxure test': turboChecks,
  'pnpm --filter @ecostruxure-connector/node-red-nodes build': turboChecks,
  'pnpm --filter @ecostruxure-connector/node-red-nodes test': turboChecks,
  // The installer behind `npm run demo -- --n8n` and the n8n suites: npm installs n8n into the cache.
  'npm install n8n@2.41.1': n8nInstaller,
  'npm install': n8nInstaller,
};

/**
 * Commands no test or CI job runs, and why. Keep this list short: each entry is a promise in the docs that
 * only a person checks.
 */
export const NOT_RUN: Record<string, string> = {
  'npm run test:n8n-queue':
    'a suite of its own (Redis, PostgreSQL, three n8n processes, 3.3 GiB), kept out of npm test',
  'pnpm --filter n8n-nodes-ecostruxure test:queue': 'the same suite, from the package',
  'npm run test:faults':
    'the fault-matrix and canary files alone; npm test runs the same files in each package (its test task)',
  'pnpm --filter n8n-nodes-ecostruxure test:e2e':
    'the real-n8n end-to-end files alone; npm test runs the same files (the n8n package test task)',
  'npm run test:soak':
    'ten minutes of random faults on two platforms; npm test runs the core soak, the Node-RED one only runs here',
  'npm run bench': 'benchmarks: minutes of load, and they rewrite the committed bench/results/',
  'pnpm --filter @ecostruxure-connector/bench run start -- --only rate-limited-sync,node-red-vs-flow --quick':
    'a benchmark (see npm run bench); bench/test/platform-benchmarks.test.ts runs the same code in short mode',
  'pnpm --filter @ecostruxure-connector/bench run start -- --only client-overhead --rounds 9':
    'a benchmark (see npm run bench)',
  'pnpm --filter @ecostruxure-connector/bench run start -- --only streaming --days 31':
    'a benchmark (see npm run bench)',
  'docker run -d --name mynodered -p 1880:1880 -v node_red_data:/data nodered/node-red':
    'needs a Docker daemon',
  "docker exec -it mynodered bash -c 'cd /data && npm install @ecostruxure-connector/node-red-nodes'":
    'needs a Docker daemon and the published package',
  'docker restart mynodered': 'needs a Docker daemon',
};

/**
 * What each package README tells a developer to run first on a fresh clone, in its order; run below in a
 * clone of the last commit, so a build that only works on a machine where something else was built first
 * fails here.
 */
const FRESH_CLONE_BUILDS: Array<{ readme: string; commands: string[]; then?: string[] }> = [
  {
    readme: 'packages/n8n-nodes/README.md',
    commands: [
      'source scripts/toolchain.sh && pnpm install && pnpm exec turbo run build --filter=n8n-nodes-ecostruxure',
      'pnpm --filter n8n-nodes-ecostruxure build',
    ],
  },
  {
    readme: 'packages/node-red-nodes/README.md',
    commands: [
      'source scripts/toolchain.sh && pnpm install && pnpm exec turbo run build --filter=@ecostruxure-connector/node-red-nodes',
      'pnpm --filter @ecostruxure-connector/node-red-nodes build',
    ],
  },
  {
    readme: 'packages/core/README.md',
    commands: [
      'source scripts/toolchain.sh && pnpm install && pnpm exec turbo run build --filter=@ecostruxure-connector/core',
      'cd packages/core && pnpm pack',
    ],
  },
  {
    readme: 'packages/simulator/README.md',
    commands: [
      'source scripts/toolchain.sh',
      'pnpm install',
      'pnpm --filter @ecostruxure-connector/simulator build && node packages/simulator/dist/cli.js --port 4010',
      'cd packages/simulator && pnpm pack',
    ],
  },
];

/** The commands run by this file, below. */
const simulatorCommands = (): string[] =>
  unique(documentedCommands().map((entry) => entry.command)).filter((command) =>
    /^(npm run simulator\b|pnpm --filter @ecostruxure-connector\/simulator build && node packages\/simulator\/dist\/cli\.js)/.test(
      command,
    ),
  );
const curlCommands = (): string[] =>
  unique(documentedCommands().map((entry) => entry.command)).filter((command) => command.startsWith('curl '));
const RUN_HERE = new Set([
  ...FRESH_CLONE_BUILDS.flatMap((build) => build.commands),
  'npm install <clone>/packages/core/ecostruxure-connector-core-0.1.0.tgz',
  'pnpm install',
  'npm run demo -- --help',
  'npm run demo -- --days 30 --granularity P1D --threshold-percent 50 --sites 40 --out reports',
  'pnpm --filter @ecostruxure-connector/node-red-nodes validate',
]);

const unique = (values: string[]): string[] => [...new Set(values)];

/** Why a command has no runner, or undefined when it has one. */
export function missingRunner(command: string): string | undefined {
  if (command in RUN_BY || command in NOT_RUN || RUN_HERE.has(command)) return undefined;
  if (simulatorCommands().includes(command) || curlCommands().includes(command)) return undefined;
  return 'not run by any test or CI: run it in a test, then list it in RUN_BY (bench/test/documented-commands.test.ts)';
}

describe('every documented command is run by CI or a test', () => {
  const documented = documentedCommands();

  it('finds the commands in fenced shell blocks and in inline code', () => {
    expect(
      fencedCommands(
        '```sh\nnpm run demo   # runs it\n# a comment\nnpm run simulator -- \\\n  --port 0\n```',
      ),
    ).toEqual(['npm run demo', 'npm run simulator -- --port 0']);
    expect(inlineCommands('Run `npm test`, then `node`, `pnpm format` and `demo-output/`.')).toEqual([
      'npm test',
      'pnpm format',
    ]);
    expect(documented.length).toBeGreaterThan(30);
  });

  it('each command the docs show has a runner', () => {
    const unmapped = documented
      .map((entry) => ({ ...entry, problem: missingRunner(entry.command) }))
      .filter((entry) => entry.problem !== undefined);
    expect(unmapped).toEqual([]);
  });

  it('a new command without a runner is reported', () => {
    expect(missingRunner('npm run deploy-to-production')).toMatch(/not run by any test or CI/);
    expect(missingRunner('npm test')).toBeUndefined();
  });

  it('each runner still holds the line that runs its command', () => {
    const stale = Object.entries(RUN_BY).filter(([, by]) => {
      const path = join(root, by.file);
      return !existsSync(path) || !readFileSync(path, 'utf8').includes(by.shows);
    });
    expect(stale).toEqual([]);
  });

  it('lists only commands the docs still show', () => {
    const shown = new Set(documented.map((entry) => entry.command));
    const listed = [...Object.keys(RUN_BY), ...Object.keys(NOT_RUN), ...RUN_HERE];
    expect(listed.filter((command) => !shown.has(command))).toEqual([]);
  });

  it("npm run <job> runs the job's built entry point with the arguments after --", () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.scripts.demo).toBe('bash scripts/run.sh demo');
    expect(scripts.scripts.simulator).toBe('bash scripts/run.sh simulator');
    const runSh = readFileSync(join(root, 'scripts/run.sh'), 'utf8');
    expect(runSh).toContain('node packages/demo/dist/main.js "$@"');
    expect(runSh).toContain('exec node packages/simulator/dist/cli.js "$@"');
  });
});

/** `npm run demo -- <args>` / `npm run simulator -- <args>` as the entry point run.sh starts. */
function entryPointOf(command: string): string[] {
  const [, job, args = ''] = /^npm run (demo|simulator)(?: -- (.*))?$/.exec(command) ?? [];
  if (job === 'demo') return ['packages/demo/dist/main.js', ...shellWords(args)];
  if (job === 'simulator') return ['packages/simulator/dist/cli.js', ...shellWords(args)];
  // `<build> && node <cli> <args>`: the build has run before the tests.
  const node = /&& node (.*)$/.exec(command)?.[1];
  if (node) return shellWords(node);
  throw new Error(`no entry point for ${command}`);
}

/** Splits a command line as a shell would, for the single-quoted words the docs use. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

/** Starts the simulator as the command does, on a free port instead of 4010, until it says it serves. */
async function startSimulatorCli(command: string): Promise<{ port: number; stop(): Promise<number | null> }> {
  const args = entryPointOf(command);
  const portAt = args.indexOf('--port');
  if (portAt >= 0) args[portAt + 1] = '0';
  else args.push('--port', '0');
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), 20_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      return await exited;
    },
  };
}

/** A command line in bash from the repository root, with no input (node-red-dev waits for input to end). */
async function runShell(command: string): Promise<{ code: number | null; stdout: string }> {
  const child = spawn('bash', ['-c', command], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout };
}

/** Runs `commands` one after the other in one bash at `cwd` (a `source` or `cd` carries on), stopping at a failure. */
async function runInOneShell(
  cwd: string,
  commands: string[],
): Promise<{ code: number | null; output: string }> {
  const script = ['set -e', ...commands].join('\n');
  const child = spawn('bash', ['-c', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output: output.slice(-4000) };
}

describe("the package READMEs' first commands, from a fresh clone", () => {
  it.each(FRESH_CLONE_BUILDS)('$readme shows them, in this order', ({ readme, commands }) => {
    const shown = documentedCommands()
      .filter((entry) => entry.document === readme)
      .map((entry) => entry.command);
    const positions = commands.map((command) => shown.indexOf(command));
    expect(
      positions.every((position) => position >= 0),
      `${readme} shows ${shown.join(' | ')}`,
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('they build each package in a clone of the last commit, and the packed core installs with npm', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'fresh-clone-'));
    try {
      await run('git', ['clone', '--quiet', root, clone]);
      for (const { readme, commands } of FRESH_CLONE_BUILDS) {
        // The simulator's command serves until stopped: its build is what is checked here.
        const runnable = commands.map((command) =>
          command.replace(/ && node packages\/simulator\/dist\/cli\.js.*$/, ''),
        );
        const { code, output } = await runInOneShell(clone, runnable);
        expect(code, `${readme}:\n${output}`).toBe(0);
      }
      for (const folder of [
        'packages/n8n-nodes/dist',
        'packages/node-red-nodes/dist',
        'packages/simulator/dist',
      ])
        expect(existsSync(join(clone, folder)), folder).toBe(true);
      const version = (
        JSON.parse(readFileSync(join(clone, 'packages/core/package.json'), 'utf8')) as { version: string }
      ).version;
      const project = join(clone, 'elsewhere');
      const installed = await runInOneShell(clone, [
        'mkdir elsewhere && cd elsewhere && npm init -y >/dev/null',
        `npm install --no-audit --no-fund ${join(clone, 'packages/core', `ecostruxure-connector-core-${version}.tgz`)}`,
        `node --input-type=module -e "import('@ecostruxure-connector/core').then((core) => console.log(typeof core.getEmissions))"`,
      ]);
      expect(installed.code, installed.output).toBe(0);
      expect(installed.output).toContain('function');
      expect(existsSync(join(project, 'node_modules/@ecostruxure-connector/core/dist/index.js'))).toBe(true);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  }, 1_200_000);
});

describe('documented commands no other test runs, run as shown', () => {
  it.each(simulatorCommands())('%s', async (command) => {
    const simulator = await startSimulatorCli(command);
    const response = await fetch(`http://127.0.0.1:${simulator.port}/_sim`);
    expect(response.status).toBe(200);
    expect(await simulator.stop()).toBe(0);
  });

  it('the curl commands, against the simulator the README starts', async () => {
    const simulator = await startSimulatorCli('npm run simulator -- --port 4010 --seed 42 --sites 25');
    try {
      for (const command of curlCommands()) {
        const { code, stdout } = await runShell(command.replaceAll(':4010', `:${simulator.port}`));
        expect(code, command).toBe(0);
        expect(() => JSON.parse(stdout) as unknown, `${command} answered ${stdout}`).not.toThrow();
        expect(stdout).not.toMatch(/"error"/);
      }
    } finally {
      await simulator.stop();
    }
  });

  it('npm run demo -- --help', async () => {
    const { stdout } = await run(process.execPath, entryPointOf('npm run demo -- --help'), { cwd: root });
    expect(stdout).toContain('usage: npm run demo -- ');
    expect(stdout).toContain('--n8n');
  });

  it('npm run demo -- --days 30 --granularity P1D --threshold-percent 50 --sites 40 --out reports (with --once)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'documented-demo-'));
    try {
      const command =
        'npm run demo -- --days 30 --granularity P1D --threshold-percent 50 --sites 40 --out reports';
      const [main = '', ...args] = entryPointOf(command);
      const { stdout } = await run(process.execPath, [join(root, main), ...args, '--once'], {
        cwd,
        timeout: 90_000,
      });
      expect(stdout).toMatch(/1\. Emissions of 40 sites/);
      expect(existsSync(join(cwd, 'reports', 'emissions-last-30-days.csv'))).toBe(true);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 120_000);

  it('pnpm --filter @ecostruxure-connector/node-red-nodes validate', async () => {
    const { code, stdout } = await runShell('pnpm --filter @ecostruxure-connector/node-red-nodes validate');
    expect(code, stdout).toBe(0);
    expect(stdout).toContain('Complete');
    expect(stdout).not.toMatch(/❌/);
  }, 90_000);
});
