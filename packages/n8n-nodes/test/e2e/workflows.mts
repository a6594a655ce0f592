/** Importing, running and activating workflows over n8n's REST API, and reading their executions. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { N8nRestClient } from './rest-client.mjs';

const templatesDir = fileURLToPath(new URL('../../templates', import.meta.url));

export interface WorkflowJson {
  name: string;
  nodes: Array<{
    name: string;
    type: string;
    typeVersion: number;
    position: number[];
    parameters: Record<string, unknown>;
    credentials?: Record<string, { id: string; name: string }>;
  }>;
  connections: Record<string, unknown>;
  settings?: Record<string, unknown>;
}

export function readTemplate(file: string): WorkflowJson {
  return JSON.parse(readFileSync(join(templatesDir, file), 'utf8')) as WorkflowJson;
}

/**
 * A template as a user imports it into an n8n that loaded the package through N8N_CUSTOM_EXTENSIONS (node
 * types `CUSTOM.<name>`), with their own credentials and webhook URL filled in.
 */
export function prepare(
  workflow: WorkflowJson,
  options: { credentials: Record<string, { id: string; name: string }>; webhookUrl?: string },
): WorkflowJson {
  const copy = structuredClone(workflow);
  for (const node of copy.nodes) {
    node.type = node.type.replace(/^n8n-nodes-ecostruxure\./, 'CUSTOM.');
    for (const type of Object.keys(node.credentials ?? {})) {
      const credential = options.credentials[type];
      if (!credential) throw new Error(`No ${type} credential for node "${node.name}"`);
      node.credentials = { ...node.credentials, [type]: credential };
    }
    if (
      options.webhookUrl &&
      typeof node.parameters.url === 'string' &&
      node.parameters.url.includes('hooks.example.com')
    ) {
      node.parameters.url = options.webhookUrl;
    }
  }
  return copy;
}

export async function importWorkflow(rest: N8nRestClient, workflow: WorkflowJson) {
  return await rest.data<{ id: string; versionId: string }>('POST', '/rest/workflows', workflow);
}

export interface Execution {
  id: string;
  status: string;
  finished: boolean;
  /** Output items of each node that ran (first run, main output 0). */
  output: Record<string, Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }>>;
  error?: { message?: string; description?: string | null };
  nodeErrors: Record<string, { message?: string; description?: string | null; httpCode?: string | null }>;
}

/** Executions are stored with `flatted`; n8n's own copy reads them. */
function flattedOf(cacheDir: string): { parse(text: string): unknown } {
  return createRequire(join(cacheDir, 'node_modules/n8n/package.json'))('flatted') as {
    parse(text: string): unknown;
  };
}

export async function readExecution(rest: N8nRestClient, cacheDir: string, id: string): Promise<Execution> {
  const execution = await rest.data<{ id: string; status: string; finished: boolean; data: string }>(
    'GET',
    `/rest/executions/${id}`,
  );
  const data = flattedOf(cacheDir).parse(execution.data) as {
    resultData: {
      error?: { message?: string; description?: string | null };
      runData: Record<
        string,
        Array<{ data?: { main?: unknown[][] }; error?: Execution['nodeErrors'][string] }>
      >;
    };
  };
  const output: Execution['output'] = {};
  const nodeErrors: Execution['nodeErrors'] = {};
  for (const [node, runs] of Object.entries(data.resultData.runData)) {
    output[node] = (runs[0]?.data?.main?.[0] ?? []) as Execution['output'][string];
    if (runs[0]?.error) nodeErrors[node] = runs[0].error;
  }
  return {
    id: execution.id,
    status: execution.status,
    finished: execution.finished,
    output,
    ...(data.resultData.error ? { error: data.resultData.error } : {}),
    nodeErrors,
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Runs a workflow as the editor's "Execute workflow" button does, and waits for it to finish. */
export async function runManually(
  rest: N8nRestClient,
  cacheDir: string,
  workflowId: string,
  triggerName: string,
): Promise<Execution> {
  const started = await rest.data<{ executionId: string }>('POST', `/rest/workflows/${workflowId}/run`, {
    triggerToStartFrom: { name: triggerName },
  });
  return await finishedExecution(rest, cacheDir, started.executionId);
}

/** The execution once it has finished (an execution is listed as soon as it starts). */
export async function finishedExecution(
  rest: N8nRestClient,
  cacheDir: string,
  executionId: string,
  timeoutMs?: number,
): Promise<Execution> {
  return await waitFor(
    `execution ${executionId} to finish`,
    async () => {
      const response = await rest.request<{ data: { status: string } }>(
        'GET',
        `/rest/executions/${executionId}`,
      );
      if (response.status !== 200 || ['new', 'running', 'waiting'].includes(response.body.data.status))
        return undefined;
      return await readExecution(rest, cacheDir, executionId);
    },
    timeoutMs,
  );
}

/** The first execution of a workflow (a trigger firing), once it has finished. */
export async function firstExecution(
  rest: N8nRestClient,
  cacheDir: string,
  workflowId: string,
  timeoutMs = 60_000,
): Promise<Execution> {
  const [id] = await waitFor(
    `an execution of workflow ${workflowId}`,
    async () => {
      const ids = await executionIds(rest, workflowId);
      return ids.length > 0 ? ids : undefined;
    },
    timeoutMs,
  );
  return await finishedExecution(rest, cacheDir, id ?? '', 30_000);
}

/** Execution ids of a workflow, newest first. */
export async function executionIds(rest: N8nRestClient, workflowId: string): Promise<string[]> {
  const filter = encodeURIComponent(JSON.stringify({ workflowId }));
  const list = await rest.data<{ results: Array<{ id: string }> }>(
    'GET',
    `/rest/executions?filter=${filter}`,
  );
  return list.results.map((execution) => execution.id);
}

/** A chat webhook stand-in on loopback: records every JSON body posted to it. */
export async function startWebhookSink(): Promise<{
  url: string;
  received: unknown[];
  close(): Promise<void>;
}> {
  const received: unknown[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(body || 'null'));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
