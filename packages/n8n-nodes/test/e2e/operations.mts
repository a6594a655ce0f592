/** Workflows of one of our nodes after a manual trigger, as a user builds them to try an operation. */
import type { Execution, ExecutionItem, N8nRestClient, WorkflowJson } from '@ecostruxure-connector/n8n-host';

export interface NodeRun {
  items: ExecutionItem[];
  error: Execution['nodeErrors'][string] | undefined;
  execution: Execution;
}

/**
 * Imports and runs Start -> `first` (-> `second`), our node types given without the package prefix, with
 * the credentials of `credentials` by type; returns the output of the last node.
 */
export async function runNodes(
  rest: N8nRestClient,
  credentials: Record<string, { id: string; name: string }>,
  nodes: Array<{ name: string; type: string; parameters: Record<string, unknown>; credentialType?: string }>,
  settings?: WorkflowJson['settings'],
): Promise<NodeRun> {
  const workflow: WorkflowJson = {
    name: nodes.map((node) => node.name).join(' -> '),
    nodes: [
      {
        name: 'Start',
        type: 'n8n-nodes-base.manualTrigger',
        typeVersion: 1,
        position: [0, 0],
        parameters: {},
      },
      ...nodes.map((node, index) => {
        const credential = node.credentialType ? credentials[node.credentialType] : undefined;
        if (node.credentialType && !credential) throw new Error(`No ${node.credentialType} credential`);
        return {
          name: node.name,
          type: `CUSTOM.${node.type}`,
          typeVersion: 1,
          position: [220 * (index + 1), 0],
          parameters: node.parameters,
          ...(node.credentialType && credential
            ? { credentials: { [node.credentialType]: credential } }
            : {}),
        };
      }),
    ],
    connections: Object.fromEntries(
      ['Start', ...nodes.map((node) => node.name)]
        .slice(0, -1)
        .map((from, index) => [from, { main: [[{ node: nodes[index]?.name, type: 'main', index: 0 }]] }]),
    ),
    settings: { executionOrder: 'v1', ...settings },
  };
  const { id } = await rest.importWorkflow(workflow);
  const execution = await rest.runManually(id, 'Start');
  const last = nodes[nodes.length - 1]?.name ?? '';
  return { items: execution.output[last] ?? [], error: execution.nodeErrors[last], execution };
}
