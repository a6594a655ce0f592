/** The package's templates as a user imports them, and a chat webhook stand-in for their messages. */
import type { WorkflowJson, WorkflowNode } from '@ecostruxure-connector/n8n-host';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const templatesDir = fileURLToPath(new URL('../../templates', import.meta.url));

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

/**
 * Start (a manual trigger) -> "Get emissions" (the Carbon node, last 24 hours, hourly rows), as a user
 * builds it to try the node; `node` changes what differs.
 */
export function getEmissionsAfterStart(
  name: string,
  node: Partial<WorkflowNode> & { parameters: Record<string, unknown> } & Record<string, unknown>,
): WorkflowJson {
  const { parameters, ...rest } = node;
  return {
    name,
    nodes: [
      {
        name: 'Start',
        type: 'n8n-nodes-base.manualTrigger',
        typeVersion: 1,
        position: [0, 0],
        parameters: {},
      },
      {
        name: 'Get emissions',
        type: 'CUSTOM.ecoStruxureCarbon',
        typeVersion: 1,
        position: [240, 0],
        ...rest,
        parameters: {
          resource: 'emission',
          operation: 'get',
          range: 'last24Hours',
          granularity: 'PT1H',
          output: 'rows',
          ...parameters,
        },
      },
    ],
    connections: { Start: { main: [[{ node: 'Get emissions', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  };
}

export interface WebhookSink {
  url: string;
  received: unknown[];
  /** Resolves once `count` bodies have arrived in total. */
  waitForMessages(count: number, timeoutMs?: number): Promise<unknown[]>;
  close(): Promise<void>;
}

/** A chat webhook stand-in on loopback: records every JSON body posted to it. */
export async function startWebhookSink(): Promise<WebhookSink> {
  const received: unknown[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(body || 'null'));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    async waitForMessages(count, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`Timed out waiting for ${count} webhook message(s)`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received;
    },
    close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
