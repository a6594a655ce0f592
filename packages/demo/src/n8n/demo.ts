/**
 * `npm run demo -- --n8n`: the simulator and a real n8n with the package loaded from its build, the owner
 * set up, credentials pointed at the simulator, the templates imported and run once, their results printed;
 * then n8n serves until Ctrl-C (or the demo exits, with --once). Reports go to stdout, progress to stderr.
 */
import { startSimulator } from '@ecostruxure-connector/simulator';
import {
  DEFAULT_OWNER,
  defaultN8nCacheDir,
  installN8n,
  isN8nInstalled,
  N8N_VERSION,
  startN8n,
  type N8nInstallation,
  type N8nProcess,
} from '@ecostruxure-connector/n8n-host';
import type { DemoOptions } from '../args.js';
import { startChatWebhook } from './chat-webhook.js';
import { createDemoCredentials, demoCredentials } from './credentials.js';
import { templateReport } from './reports.js';
import { runTemplate, TemplateRunError } from './run-templates.js';
import { N8N_PACKAGE_DIST, TEMPLATES } from './templates.js';
import { whereToLookInN8n } from './where-to-look.js';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** How often a first install says it is still going: npm itself is quiet for minutes. */
const INSTALL_HEARTBEAT_MS = 30_000;

/** Installs n8n into the cache on first use, saying so, with the installer's steps and the time it took. */
async function ensureN8n(): Promise<N8nInstallation> {
  const cacheDir = defaultN8nCacheDir();
  let heartbeat: NodeJS.Timeout | undefined;
  if (!isN8nInstalled(cacheDir)) {
    console.error(
      `Installing n8n ${N8N_VERSION} into ${cacheDir} (first run only: about 5 minutes and 2.9 GB)`,
    );
    const started = performance.now();
    heartbeat = setInterval(
      () => console.error(`  still installing n8n: ${seconds(performance.now() - started)}`),
      INSTALL_HEARTBEAT_MS,
    );
  }
  const installation = await installN8n({
    cacheDir,
    onProgress: (line) => console.error(`  ${line}`),
  }).finally(() => clearInterval(heartbeat));
  console.error(
    installation.installedNow
      ? `n8n ${N8N_VERSION} installed in ${seconds(installation.elapsedMs)}`
      : `n8n ${N8N_VERSION} found in ${installation.dir}`,
  );
  return installation;
}

const untilInterrupted = (): Promise<void> =>
  new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

export async function runN8nDemo(options: DemoOptions): Promise<number> {
  let installation: N8nInstallation;
  try {
    installation = await ensureN8n();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(
      'The install needs the npm registry, and make, a C++ compiler and Python 3 for two native modules ' +
        "(Debian's build-essential and python3 packages). Run the demo again once they are there: it resumes.",
    );
    return 1;
  }
  const simulator = await startSimulator({ port: 0, seed: options.seed, sites: options.sites });
  const chat = await startChatWebhook();
  console.error('Starting n8n');
  let n8n: N8nProcess;
  try {
    n8n = await startN8n({
      n8nDir: installation.dir,
      extensionsDir: N8N_PACKAGE_DIST,
      // n8n's default is New York time: the templates' "yesterday" should be the user's.
      env: { GENERIC_TIMEZONE: Intl.DateTimeFormat().resolvedOptions().timeZone },
    });
  } catch (error) {
    // n8n's own output is in the message: what it said is what to act on.
    console.error(error instanceof Error ? error.message : String(error));
    await chat.close();
    await simulator.close();
    return 1;
  }
  try {
    console.log(`EcoStruxure simulator at ${simulator.url} (seed ${options.seed}, ${options.sites} sites)`);
    console.log(`n8n ${N8N_VERSION} at ${n8n.url}, ready after ${seconds(n8n.startupMs)}`);
    const rest = n8n.restClient();
    await rest.setupOwner(DEFAULT_OWNER);
    console.error('Creating the credentials and connecting the OAuth2 one through the consent page');
    const credentials = await createDemoCredentials(rest, demoCredentials(simulator.urls));
    console.log(
      `Credentials created: ${Object.values(credentials)
        .map((ref) => ref.name)
        .join(', ')}\n`,
    );
    for (const template of TEMPLATES) {
      console.error(`Running the template ${template.file}`);
      const run = await runTemplate(rest, template, { credentials, chat });
      console.log(`${templateReport(template.name, run)}\n`);
    }
    // n8n builds its OAuth2 callback on `localhost`: the browser must use the same host to keep its sign-in.
    const editorUrl = `http://localhost:${n8n.port}`;
    console.log(whereToLookInN8n(editorUrl, DEFAULT_OWNER, simulator, chat.url));
    if (!options.once) {
      chat.onMessage((text) => console.log(`Chat message: ${text}`));
      console.log('\nServing until Ctrl-C.');
      await untilInterrupted();
      console.log('\nStopping n8n and the simulator.');
    }
    return 0;
  } catch (error) {
    console.error(error instanceof TemplateRunError ? error.message : error);
    return 1;
  } finally {
    await n8n.stop();
    await chat.close();
    await simulator.close();
  }
}
