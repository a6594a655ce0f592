/** The `ecostruxure-sim` binary (bin/ shim over dist/cli.js), run as a user would. Needs `pnpm build` first. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../bin/ecostruxure-sim.js', import.meta.url));
/** What the committed bin shim imports; it exists only after a build. */
const BUILT_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const children: ChildProcessWithoutNullStreams[] = [];

function start(args: string[]): {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  finished: Promise<Finished>;
} {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const finished = new Promise<Finished>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, output: () => stdout, finished };
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('ecostruxure-sim', () => {
  beforeAll(() => {
    if (!existsSync(BUILT_CLI))
      throw new Error(`${BUILT_CLI} is missing: run "pnpm build" before the CLI tests.`);
  });
  afterEach(() => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('starts with a node shebang so the bin runs directly', () => {
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('prints its URLs and demo credentials, serves, applies --fault and stops on SIGTERM', async () => {
    const { child, output, finished } = start([
      '--port', '0',
      '--seed', '5',
      '--sites', '3',
      '--clock-skew', '-5m',
      '--fault', 'kind=status,status=503,count=1,route=GET /cli-test*',
    ]); // prettier-ignore
    await waitFor(() => output().includes('Press Ctrl+C to stop.'), 'the start-up banner');
    const text = output();
    const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    expect(origin).toBeDefined();
    expect(text).toContain('seed 5, 3 sites');
    expect(text).toContain('The Carbon API accepts authorization-code tokens and personal access tokens');
    for (const path of [
      '/ecostruxure/v1/oauth/authorize',
      '/ecostruxure/v1/oauth/token',
      '/ecostruxure/v1/sign-in',
      '/ecostruxure/v1/consents',
      '/ecostruxure/carbon-emission/v1',
      '/energy-hub/v1/oauth/token',
      '/energy-hub/v1/graphql',
      '/_sim',
    ]) {
      expect(text).toContain(`${origin}${path}`);
    }
    for (const value of [
      'demo-isv-app',
      'demo-isv-app-secret',
      'demo-partner-secret',
      'demo-access-client-secret',
      'demo-personal-access-token',
      'demo-api-key',
      'username=demo-customer password=demo-customer-password',
    ]) {
      expect(text).toContain(value);
    }
    // The printed admin token opens the consent JSON API, which is closed without it.
    const adminToken = /\b(esx_admin_[\w-]+)/.exec(text)?.[1] ?? '';
    const consents = (authorization?: string) =>
      fetch(`${origin}/ecostruxure/v1/consents`, {
        headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
      });
    expect((await consents(`Bearer ${adminToken}`)).status).toBe(200);
    expect((await consents()).status).toBe(401);
    expect((await fetch(`${origin}/_sim`)).status).toBe(200);
    expect(text).toMatch(/fault-1\s+kind=status route=GET \/cli-test\* count=1 status=503/);

    expect((await fetch(`${origin}/_sim/health`)).status).toBe(200);
    expect((await fetch(`${origin}/cli-test/a`)).status).toBe(503);
    expect((await fetch(`${origin}/cli-test/a`)).status).toBe(404);
    const date = Date.parse((await fetch(`${origin}/_sim/health`)).headers.get('date') ?? '');
    expect(Date.now() - date).toBeGreaterThan(290_000);

    child.kill('SIGTERM');
    const result = await finished;
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stdout).toContain('Received SIGTERM, stopping.');
    await expect(fetch(`${origin}/_sim/health`)).rejects.toThrow();
  });

  it('--pat and --api-key mint credentials that the APIs accept', async () => {
    const { child, output, finished } = start([
      '--port', '0',
      '--pat', 'read:site',
      '--api-key', '',
      // API keys are not documented for the Carbon API: the flag lets it accept them.
      '--carbon-credentials', 'all',
      '--carbon-dialect', 'sibling',
    ]); // prettier-ignore
    await waitFor(() => output().includes('Press Ctrl+C to stop.'), 'the start-up banner');
    const text = output();
    const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1] ?? '';
    expect(text).toContain('The Carbon API accepts every credential above (--carbon-credentials all).');
    expect(text).toContain('Emissions are served in the sibling dialect');
    const pat = /Minted personal access token\s+(\S+) \(read:site\)/.exec(text)?.[1];
    const apiKey = /Minted API key\s+(\S+) \(read:site read:carbon-emission\)/.exec(text)?.[1];
    expect(pat).toBeDefined();
    expect(apiKey).toBeDefined();
    const sites = `${origin}/ecostruxure/carbon-emission/v1/sites`;
    expect((await fetch(sites, { headers: { authorization: `Bearer ${pat}` } })).status).toBe(200);
    expect((await fetch(`${sites}?apikey=${encodeURIComponent(apiKey ?? '')}`)).status).toBe(200);
    child.kill('SIGTERM');
    expect((await finished).code).toBe(0);
  });

  it('--rate-limit and a state --fault are seen by a client', async () => {
    const { child, output, finished } = start([
      '--port', '0',
      '--rate-limit', '3/1m',
      '--fault', 'kind=expire-tokens,count=1,route=GET /ecostruxure/carbon-emission/v1/sites',
    ]); // prettier-ignore
    await waitFor(() => output().includes('Press Ctrl+C to stop.'), 'the start-up banner');
    const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1] ?? '';
    expect(output()).toMatch(/fault-1\s+kind=expire-tokens/);
    const token = await fetch(`${origin}/ecostruxure/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=demo-partner&client_secret=demo-partner-secret',
    });
    expect(token.status).toBe(200);
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const sites = `${origin}/ecostruxure/carbon-emission/v1/sites`;
    const headers = { authorization: `Bearer ${accessToken}` };
    // The fault expires the token just before the first call; the PAT then has its own window of three.
    const expired = await fetch(sites, { headers });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ detail: 'The access token has expired.' });
    const pat = { authorization: 'Bearer demo-personal-access-token' };
    expect((await fetch(sites, { headers: pat })).status).toBe(200);
    expect((await fetch(sites, { headers: pat })).status).toBe(200);
    expect((await fetch(sites, { headers: pat })).status).toBe(200);
    const limited = await fetch(sites, { headers: pat });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    child.kill('SIGTERM');
    expect((await finished).code).toBe(0);
  });

  it('stops on SIGINT too', async () => {
    const { child, output, finished } = start(['--port', '0']);
    await waitFor(() => output().includes('Press Ctrl+C to stop.'), 'the start-up banner');
    child.kill('SIGINT');
    expect((await finished).code).toBe(0);
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await start(['--help']).finished;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: npm run simulator -- [options]');
    expect(result.stdout).toContain('--fault SPEC');
  });

  it('bad arguments exit 2 with a message on stderr', async () => {
    const result = await start(['--port', 'eighty']).finished;
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--port must be an integer from 0 to 65535, got "eighty".');
    expect(result.stderr).toContain('Run "npm run simulator -- --help" for the options.');
  });

  it('a port in use exits 1 with the reason', async () => {
    const first = start(['--port', '0']);
    await waitFor(() => first.output().includes('Press Ctrl+C to stop.'), 'the first simulator');
    const port = /127\.0\.0\.1:(\d+)/.exec(first.output())?.[1] ?? '';
    const second = await start(['--port', port]).finished;
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/could not start: .*EADDRINUSE/);
    first.child.kill('SIGTERM');
    expect((await first.finished).code).toBe(0);
  });
});
