import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = join(import.meta.dirname, '..', 'dist', 'main.js');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function demo(args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [main, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the demo, end to end against the simulator', () => {
  let outDir: string;
  let outcome: Outcome;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'ecostruxure-demo-'));
    outcome = await demo(['--once', '--out', outDir, '--days', '2', '--sites', '12', '--seed', '7']);
  }, 90_000);
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('exits 0 and reports progress on stderr', () => {
    expect(outcome.stderr).toContain('Fetching 2 days of emissions: 12/12');
    expect(outcome.code).toBe(0);
  });

  it('writes one CSV row per site and hour, each consistent with its energy and emission factor', async () => {
    const lines = (await readFile(join(outDir, 'emissions-last-2-days.csv'), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe(
      'siteId,siteName,countryIsoCode,timestamp,granularity,kgCO2e,kWh,gCO2ePerKWh,estimated,method',
    );
    // The repository README lists the columns the demo writes: the ones in this file, in its order.
    const readme = (await readFile(join(import.meta.dirname, '../../../README.md'), 'utf8')).replace(
      /\s+/g,
      ' ',
    );
    const columns = lines[0]!.split(',').map((column) => `\`${column}\``);
    expect(readme).toContain(`with the columns ${columns.join(', ')})`);
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(12 * 48);
    expect(new Set(rows.map((row) => row[0])).size).toBe(12);
    expect(new Set(rows.map((row) => `${row[0]}|${row[3]}`)).size).toBe(rows.length);
    for (const row of rows) {
      const [kg, kWh, factor] = [Number(row[5]), Number(row[6]), Number(row[7])];
      expect(Math.abs(kg - (kWh * factor) / 1000)).toBeLessThan(0.001);
    }
    expect(outcome.stdout).toContain(
      `${rows.length} rows written to ${join(outDir, 'emissions-last-2-days.csv')}`,
    );
  });

  it('prints the emissions table, the sites above their grid rate and the active alarms', () => {
    expect(outcome.stdout).toMatch(/1\. Emissions of 12 sites/);
    expect(outcome.stdout).toContain('site-0012');
    const above =
      /2\. Sites whose latest hourly interval \(PT1H\) is more than 25 % above their grid's global rate: (\d+) of 12/.exec(
        outcome.stdout,
      );
    // site-0003 and site-0008 run well above their grid by design.
    expect(Number(above?.[1])).toBeGreaterThanOrEqual(2);
    expect(outcome.stdout).toMatch(/site-0003 .*\+\d+ %/);
    const alarms = /3\. Active Energy Hub alarms: (\d+)/.exec(outcome.stdout);
    expect(Number(alarms?.[1])).toBeGreaterThan(0);
  });

  it('runs the stories in Node-RED, then prints where to look and the demo credentials, and exits (--once)', () => {
    expect(outcome.stdout).toMatch(/^Node-RED at http:\/\/127\.0\.0\.1:\d+ with the demo flows deployed$/m);
    const editor = /^Node-RED at (\S+) /m.exec(outcome.stdout)?.[1];
    expect(outcome.stdout).toContain(`Node-RED editor (the demo flows)  ${editor}/`);
    expect(outcome.stdout).toMatch(new RegExp(`Dashboard\\s+${editor}/dashboard/emissions`));
    expect(outcome.stdout).toMatch(
      /Simulator consent dashboard\s+http:\/\/127\.0\.0\.1:\d+\/ecostruxure\/v1\/consents/,
    );
    expect(outcome.stdout).toContain('username=demo-customer password=demo-customer-password');
    expect(outcome.stdout).toContain('client_id=demo-access-client client_secret=demo-access-client-secret');
    expect(outcome.stdout).not.toContain('Serving until Ctrl-C.');
  });

  it('rejects bad options with a usage message and exit code 2', async () => {
    const bad = await demo(['--granularity', 'PT5M']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--granularity must be PT15M, PT1H or P1D; got "PT5M".');
    expect(bad.stderr).toContain('usage: npm run demo -- ');
  });
});

/** Longer than starting Node.js on a busy machine, shorter than starting the simulator with Node-RED or n8n. */
const STARTED_NO_WORK_MS = 20_000;

describe('the demo refuses bad options before any work', () => {
  it.each([
    [['--days', '1e1'], '--days must be a whole number from 1 to 366; got "1e1".'],
    [['--days', '0x7'], '--days must be a whole number from 1 to 366; got "0x7".'],
    [['--days', '-3'], '--days must be a whole number from 1 to 366; got "-3".'],
    [['--days', '367'], '--days must be a whole number from 1 to 366; got "367".'],
    [['--threshold-percent='], '--threshold-percent must be a decimal number from 0 to 1000; got "".'],
    [['--threshold-percent=-50'], '--threshold-percent must be a decimal number from 0 to 1000; got "-50".'],
    [['--sites', ' 5'], '--sites must be a whole number from 1 to 500; got " 5".'],
    [
      ['--n8n', '--days', '3'],
      '--days belongs to the Node-RED demo; with --n8n the templates run with their own settings. ' +
        'Leave out --days, or drop --n8n.',
    ],
    [
      ['--threshold-percent', '5', '--n8n', '--out', 'x'],
      'Leave out --out, --threshold-percent, or drop --n8n.',
    ],
    [['--n8n', '--sites', '0'], '--sites must be a whole number from 1 to 500; got "0".'],
    [['--n8n=yes'], "Option '--n8n' does not take an argument"],
  ])('%j', async (args, message) => {
    const started = Date.now();
    const bad = await demo(args);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(message);
    expect(bad.stdout).not.toContain('EcoStruxure simulator at');
    // No simulator, Node-RED or n8n was started: those take tens of seconds. The bound is loose on purpose,
    // since a loaded machine takes seconds just to start Node.js; the output checks above are the main proof.
    expect(Date.now() - started).toBeLessThan(STARTED_NO_WORK_MS);
  });

  it.each([
    ['/proc/forbidden', '--out: cannot create the folder "/proc/forbidden"'],
    ['/etc/passwd/x', '--out: cannot use "/etc/passwd/x" (a part of the path is a file)'],
    ['/etc/passwd', '--out: "/etc/passwd" is a file, not a folder'],
  ])('--out %s fails fast with one line and no stack trace', async (out, message) => {
    const started = Date.now();
    const bad = await demo(['--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain(message);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(bad.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(STARTED_NO_WORK_MS);
  });

  it('keeps --out, --days, --granularity, --threshold-percent and --sites working together', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'ecostruxure-demo-'));
    try {
      const nested = join(outDir, 'a', 'b');
      const run = await demo([
        '--once',
        '--out', nested,
        '--days', '3',
        '--granularity', 'P1D',
        '--threshold-percent', '12.5',
        '--sites', '3',
      ]); // prettier-ignore
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/1\. Emissions of 3 sites, .* \(P1D\)/);
      expect(run.stdout).toMatch(/2\. Sites whose latest daily interval \(P1D\) is more than 12\.5 % above/);
      const csv = (await readFile(join(nested, 'emissions-last-3-days.csv'), 'utf8')).trim().split('\n');
      const rows = csv.slice(1);
      expect(rows.length).toBeGreaterThanOrEqual(3 * 2);
      expect(rows.every((line) => line.includes(',P1D,'))).toBe(true);
      expect(new Set(rows.map((line) => line.split(',')[0])).size).toBe(3);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 60_000);
});
