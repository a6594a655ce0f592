/**
 * Publishing as the release workflow does: its own `Pack` and `Publish with provenance` steps, read from
 * .github/workflows/release.yml and run by bash as written, with two differences only: npm's registry is
 * the local one (the workflow's setup-node `registry-url`, written the way setup-node writes it), and
 * `--provenance` is dropped (provenance needs the CI's OIDC token, which a local run has not).
 *
 * A later version is published by re-versioning the released tarball in a temporary copy: the repository's
 * own versions never change.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { withoutNpmSettings, writeNpmrc, type LocalRegistry } from './local-registry.js';

const run = promisify(execFile);

export const repositoryRoot = join(import.meta.dirname, '..', '..', '..', '..', '..');
const WORKFLOW = join(repositoryRoot, '.github', 'workflows', 'release.yml');

interface Step {
  name?: string;
  run?: string;
}

/** The `run` script of the release job's step with this name. */
export function releaseStep(name: string): string {
  const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const script = steps.find((step) => step.name === name)?.run;
  if (!script) throw new Error(`${WORKFLOW} has no step "${name}" with a run script`);
  return script;
}

async function bash(script: string, cwd: string, env: Record<string, string>): Promise<string> {
  try {
    const { stdout, stderr } = await run('bash', ['-e', '-c', script], { cwd, env });
    return stdout + stderr;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`This step failed in ${cwd}:\n${script}\n${stdout}${stderr}`, { cause: error });
  }
}

/**
 * Runs the `Pack` step in the repository (its packages must be built) and moves the tarballs it leaves in
 * `release/` to `<folder>/release/`, where the publish step looks for them. Returns their paths.
 */
export async function packAsReleased(folder: string): Promise<string[]> {
  const released = join(repositoryRoot, 'release');
  if (existsSync(released)) {
    throw new Error(`${released} exists already (left by an earlier run?): remove it and run again`);
  }
  try {
    await bash(releaseStep('Pack'), repositoryRoot, withoutNpmSettings());
    mkdirSync(join(folder, 'release'), { recursive: true });
    return readdirSync(released)
      .filter((name) => name.endsWith('.tgz'))
      .map((name) => {
        renameSync(join(released, name), join(folder, 'release', name));
        return join(folder, 'release', name);
      });
  } finally {
    rmSync(released, { recursive: true, force: true });
  }
}

/** Runs the publish step on `<folder>/release/*.tgz` against the local registry, without provenance. */
export async function publishAsReleased(folder: string, registry: LocalRegistry): Promise<string> {
  const script = releaseStep('Publish with provenance');
  if (!script.includes(' --provenance')) throw new Error('The publish step no longer asks for provenance');
  const userconfig = writeNpmrc(join(folder, '.npmrc'), registry, 'NODE_AUTH_TOKEN');
  return await bash(script.replaceAll(' --provenance', ''), folder, {
    ...withoutNpmSettings(),
    npm_config_userconfig: userconfig,
    NODE_AUTH_TOKEN: registry.token,
  });
}

/**
 * The same package at another version: the tarball unpacked into a temporary folder, its package.json's
 * version changed, packed again into `<folder>/release/`. Returns the new tarball's path.
 */
export async function reversioned(tarball: string, version: string, folder: string): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const unpacked = mkdtempSync(join(folder, 'unpacked-'));
  await run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
  const manifestPath = join(unpacked, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
  manifest.version = version;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const destination = join(folder, 'release');
  mkdirSync(destination, { recursive: true });
  const { stdout } = await run('npm', ['pack', '--pack-destination', destination, '--silent'], {
    cwd: unpacked,
    env: withoutNpmSettings(),
  });
  return join(destination, stdout.trim().split('\n').at(-1) ?? '');
}

/** The repository's versions packed and published to the registry; returns the tarballs. */
export async function releaseToRegistry(work: string, registry: LocalRegistry): Promise<string[]> {
  const folder = join(work, 'release-1');
  const tarballs = await packAsReleased(folder);
  await publishAsReleased(folder, registry);
  return tarballs;
}

/** The package of a released tarball at the next version, published to the registry as a release. */
export async function releaseNextVersion(
  tarball: string,
  version: string,
  work: string,
  registry: LocalRegistry,
): Promise<void> {
  const folder = join(work, `release-${version}`);
  await reversioned(tarball, version, folder);
  await publishAsReleased(folder, registry);
}
