/**
 * A real n8n (2.41.1, installed once into the cache by @ecostruxure-connector/n8n-host) with the package
 * loaded from packages/n8n-nodes, its owner set up and a personal access token credential on the
 * simulator: what the n8n benchmarks run their workflows in.
 */
import { fileURLToPath } from 'node:url';
import {
  installN8n,
  startN8n,
  type Execution,
  type N8nProcess,
  type N8nRestClient,
  type WorkflowJson,
} from '@ecostruxure-connector/n8n-host';
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';

/** packages/n8n-nodes, built: the folder n8n loads as a custom extension (node types `CUSTOM.<name>`). */
const NODE_PACKAGE = fileURLToPath(new URL('../../../packages/n8n-nodes', import.meta.url));

export const PAT_CREDENTIAL_TYPE = 'ecoStruxurePersonalAccessTokenApi';

export interface N8nBenchHost {
  n8n: N8nProcess;
  rest: N8nRestClient;
  /** The personal access token credential on the simulator at `origin`, created once per origin. */
  credentialFor(origin: string): Promise<{ id: string; name: string }>;
  /**
   * Imports and runs a workflow from its manual trigger; the finished execution, its duration in n8n and
   * its start and stop (wall-clock ms).
   */
  run(
    workflow: WorkflowJson,
    timeoutMs: number,
  ): Promise<{ execution: Execution; executionMs: number; window: ExecutionWindow }>;
  stop(): Promise<void>;
}

export interface ExecutionWindow {
  fromMs: number;
  toMs: number;
}

export interface N8nBenchHostOptions {
  /** Runs n8n with V8's CPU profiler, which writes its profile into this folder when n8n exits. */
  cpuProfileDir?: string;
}

/** n8n's own start and stop times of the execution (what its execution list shows). */
function executionWindow(execution: Execution): ExecutionWindow {
  const stored = JSON.parse(execution.raw) as { data?: { startedAt?: string; stoppedAt?: string } };
  const startedAt = Date.parse(stored.data?.startedAt ?? '');
  const stoppedAt = Date.parse(stored.data?.stoppedAt ?? '');
  if (!Number.isFinite(startedAt) || !Number.isFinite(stoppedAt)) {
    throw new Error(`execution ${execution.id} has no start or stop time`);
  }
  return { fromMs: startedAt, toMs: stoppedAt };
}

export async function startN8nBenchHost(options: N8nBenchHostOptions = {}): Promise<N8nBenchHost> {
  const installation = await installN8n({ onProgress: (line) => console.error(line) });
  const n8n = await startN8n({
    n8nDir: installation.dir,
    extensionsDir: NODE_PACKAGE,
    ...(options.cpuProfileDir === undefined
      ? {}
      : { env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${options.cpuProfileDir}` } }),
  });
  const rest = n8n.restClient();
  await rest.setupOwner();
  const credentials = new Map<string, { id: string; name: string }>();
  const workflows = new Map<string, string>();
  return {
    n8n,
    rest,
    async credentialFor(origin) {
      const known = credentials.get(origin);
      if (known) return known;
      const created = await rest.createCredential(`PAT ${origin}`, PAT_CREDENTIAL_TYPE, {
        baseUrl: origin,
        token: DEMO_CREDENTIALS.personalAccessToken.value,
      });
      const credential = { id: created.id, name: created.name };
      credentials.set(origin, credential);
      return credential;
    },
    async run(workflow, timeoutMs) {
      // The same workflow is imported once and run again on later rounds.
      const key = JSON.stringify(workflow);
      let id = workflows.get(key);
      if (id === undefined) {
        id = (await rest.importWorkflow(workflow)).id;
        workflows.set(key, id);
      }
      const execution = await rest.runManually(id, 'Start', timeoutMs);
      if (execution.status !== 'success') {
        throw new Error(
          `n8n execution ${execution.id} ended "${execution.status}": ${JSON.stringify(execution.error ?? execution.nodeErrors)}`,
        );
      }
      const window = executionWindow(execution);
      return { execution, executionMs: window.toMs - window.fromMs, window };
    },
    stop: () => n8n.stop(),
  };
}
