/**
 * `npm run demo -- --n8n --once` as a user runs it: a real n8n (installed into the cache on the first run,
 * about 5 minutes; reused afterwards), the package's templates imported and run against the simulator, their
 * results printed. Every template must have run to success with the data the simulator serves.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { N8nRestClient } from '@ecostruxure-connector/n8n-host';
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServing } from './support/serving-demo.js';

const run = promisify(execFile);
const main = join(import.meta.dirname, '..', 'dist', 'main.js');
const SITES = 5;

/** A first run installs n8n from the npm registry: minutes, more on a loaded machine. */
const FIRST_RUN_MS = 25 * 60_000;

describe('npm run demo -- --n8n --once', () => {
  let stdout = '';
  let stderr = '';
  let code = 0;

  beforeAll(async () => {
    try {
      ({ stdout, stderr } = await run(
        process.execPath,
        [main, '--n8n', '--once', '--sites', String(SITES), '--seed', '7'],
        { timeout: FIRST_RUN_MS, maxBuffer: 16 * 1024 * 1024 },
      ));
    } catch (error) {
      ({ stdout, stderr, code } = error as { stdout: string; stderr: string; code: number });
    }
  }, FIRST_RUN_MS + 10_000);

  it('exits 0 after a real n8n ran every template to success', () => {
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/n8n 2\.41\.1 (found in|installed in) /);
    expect(stdout).toMatch(/^n8n 2\.41\.1 at http:\/\/127\.0\.0\.1:\d+, ready after [\d.]+ s$/m);
    const statuses = [...stdout.matchAll(/^\d\. .+ \(n8n execution \d+: (\w+)\)$/gm)].map(
      (match) => match[1],
    );
    expect(statuses).toEqual(['success', 'success', 'success']);
  });

  it("prints yesterday's emissions of every site as the spreadsheet template's rows", () => {
    expect(stdout).toMatch(
      new RegExp(
        `^ {3}(${SITES * 23}|${SITES * 24}|${SITES * 25}) rows, one per site and hour of yesterday, in the spreadsheet file emissions-\\d{4}-\\d{2}-\\d{2}\\.csv$`,
        'm',
      ),
    );
    for (let site = 1; site <= SITES; site += 1) expect(stdout).toContain(`site-000${site}`);
  });

  it('prints the sites above their grid rate, and sends one chat alert for each', () => {
    const section = sectionOf(stdout, 2);
    const above = Number(
      /(\d+) of 5 sites run more than 10 % above their grid's global rate/.exec(section)?.[1],
    );
    expect(above).toBeGreaterThan(0);
    expect(section).toContain(`Chat messages sent: ${above}`);
    const alerts = section.split('\n').filter((line) => line.startsWith('  > '));
    expect(alerts).toHaveLength(above);
    for (const alert of alerts)
      expect(alert).toMatch(/runs [\d.]+% above the [A-Z]{2} grid rate \([\d.]+ vs [\d.]+ gCO2e\/kWh\)$/);
  });

  it("prints the alarm trigger's test event and the notification it sent", () => {
    const section = sectionOf(stdout, 3);
    expect(section).toContain('test event: 1 high-priority alarm');
    expect(section).toMatch(/│ high +│/);
    expect(section).toMatch(/^ {2}> High-priority alarm: .+ on .+ \(started \d{4}-/m);
  });

  it('prints the n8n URL, the owner sign-in and the consent dashboard, never a client secret, and exits', () => {
    expect(stdout).toMatch(/n8n editor \(the templates and credentials\) +http:\/\/localhost:\d+\//);
    expect(stdout).toMatch(/owner sign-in +email=\S+@\S+ password=\S+/);
    expect(stdout).toMatch(
      /Simulator consent dashboard +http:\/\/127\.0\.0\.1:\d+\/ecostruxure\/v1\/consents/,
    );
    for (const secret of [DEMO_CREDENTIALS.isvApp.clientSecret, DEMO_CREDENTIALS.accessClient.clientSecret])
      expect(stdout + stderr).not.toContain(secret);
    expect(stdout).not.toContain('Serving until Ctrl-C.');
  });
});

describe('npm run demo -- --n8n, serving until Ctrl-C', () => {
  let serving: Awaited<ReturnType<typeof startServing>>;
  let rest: N8nRestClient;

  beforeAll(async () => {
    serving = await startServing(['--n8n', '--sites', '3'], FIRST_RUN_MS);
    const text = serving.output();
    const port = /n8n editor \(the templates and credentials\) +http:\/\/localhost:(\d+)\//.exec(text)?.[1];
    const login = /owner sign-in +email=(\S+) password=(\S+)/.exec(text);
    rest = new N8nRestClient(`http://127.0.0.1:${port ?? ''}`);
    await rest.login(login?.[1] ?? '', login?.[2] ?? '');
  }, FIRST_RUN_MS + 10_000);
  afterAll(async () => {
    await serving?.stop();
  });

  it('leaves the owner signed in to an n8n holding the three templates', async () => {
    const workflows = await rest.data<Array<{ name: string }>>('GET', '/rest/workflows');
    expect(workflows.map((workflow) => workflow.name).sort()).toEqual(
      [
        'Energy Hub: notify new high-priority alarms',
        'EcoStruxure: alert when a site runs above its grid rate',
        'EcoStruxure: daily emissions of every site as spreadsheet rows',
      ].sort(),
    );
  });

  it('with the credentials on the simulator, the OAuth2 one already connected', async () => {
    const credentials = await rest.data<Array<{ id: string; type: string }>>('GET', '/rest/credentials');
    expect(credentials.map((credential) => credential.type).sort()).toEqual([
      'ecoStruxureOAuth2Api',
      'ecoStruxurePersonalAccessTokenApi',
      'energyHubOAuth2Api',
    ]);
    const oauth = credentials.find((credential) => credential.type === 'ecoStruxureOAuth2Api');
    const stored = await rest.data<{ data: Record<string, unknown> }>(
      'GET',
      `/rest/credentials/${oauth?.id ?? ''}?includeData=true`,
    );
    expect(stored.data.oauthTokenData).toBe(true);
  });

  it('stops n8n and the simulator on Ctrl-C and exits 0', async () => {
    expect(await serving.stop()).toBe(0);
    expect(serving.output()).toContain('Stopping n8n and the simulator.');
  }, 30_000);
});

/** The printed report of template `index`, up to the next one. */
function sectionOf(text: string, index: number): string {
  const start = text.search(new RegExp(`^${index}\\. `, 'm'));
  const next = text.slice(start + 1).search(/^(\d\. |Open:)/m);
  return next < 0 ? text.slice(start) : text.slice(start, start + 1 + next);
}
