/**
 * scripts/system-packages.sh, the one way the repository installs Debian packages. turbo runs the demo's and
 * the Node-RED package's tests side by side and both want Chromium on a fresh machine; two apt-gets at once
 * stop on dpkg's lock. The real apt-get cannot be run twice here without changing the machine, so the test
 * puts stand-ins for `apt-get` and `dpkg-query` first on PATH that behave like them in the part that matters:
 * a second apt-get while one is running fails with dpkg's "Could not get lock" message, and an install marks
 * the package as installed.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'system-packages.sh');
let dir: string;

function standIns(): void {
  // apt-get: holds "dpkg's lock" for a second per call; a call that finds it held fails as apt does.
  writeFileSync(
    join(dir, 'apt-get'),
    `#!/usr/bin/env bash
echo "$*" >>"${dir}/calls"
if ! mkdir "${dir}/dpkg-lock" 2>/dev/null; then
  echo "E: Could not get lock /var/lib/dpkg/lock-frontend" >&2
  exit 100
fi
sleep 1
if [ "$1" != "update" ] && [[ " $* " == *" install "* ]]; then
  for p in "$@"; do case "$p" in -*|install|update|DPkg*) ;; *) touch "${dir}/installed-$p" ;; esac; done
fi
rmdir "${dir}/dpkg-lock"
`,
  );
  writeFileSync(
    join(dir, 'dpkg-query'),
    `#!/usr/bin/env bash
package="\${@: -1}"
if [ -f "${dir}/installed-$package" ]; then printf 'install ok installed'; else exit 1; fi
`,
  );
  chmodSync(join(dir, 'apt-get'), 0o755);
  chmodSync(join(dir, 'dpkg-query'), 0o755);
}

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn('bash', [script, ...args], {
    env: {
      ...process.env,
      PATH: `${dir}:${process.env.PATH ?? ''}`,
      ECOSTRUXURE_APT_LOCK: join(dir, 'apt.lock'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const asRoot = process.getuid?.() === 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'system-packages-'));
  standIns();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!asRoot)('system-packages.sh', () => {
  it('serializes two installs that start together: both succeed, the second waits and installs nothing', async () => {
    const [first, second] = await Promise.all([run(['chromium']), run(['chromium'])]);
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);
    expect(first.output + second.output).not.toContain('Could not get lock');
    expect(existsSync(join(dir, 'installed-chromium'))).toBe(true);
    // One update and one install in all: the waiting run found Chromium installed and stopped there.
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    expect(calls.filter((call) => call.includes('install'))).toHaveLength(1);
    expect(calls.filter((call) => call.includes('update'))).toHaveLength(1);
  }, 30_000);

  it('does nothing when the packages are installed already', async () => {
    writeFileSync(join(dir, 'installed-redis-server'), '');
    const result = await run(['--no-recommends', 'redis-server']);
    expect(result.code, result.output).toBe(0);
    expect(existsSync(join(dir, 'calls'))).toBe(false);
  });

  it('installs only what is missing, without recommended packages when asked', async () => {
    writeFileSync(join(dir, 'installed-redis-server'), '');
    const result = await run(['--no-recommends', 'redis-server', 'postgresql']);
    expect(result.code, result.output).toBe(0);
    const install = readFileSync(join(dir, 'calls'), 'utf8')
      .split('\n')
      .find((call) => call.includes('install'));
    expect(install).toContain('--no-install-recommends postgresql');
    expect(install).not.toContain('redis-server');
    // Waits for dpkg's own lock when something outside the project holds it, rather than failing at once.
    expect(install).toContain('DPkg::Lock::Timeout=600');
  });
});
