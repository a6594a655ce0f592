/**
 * Runs workflow JSON with n8n's own engine (n8n-core's WorkflowExecute and PollContext, published on npm)
 * and our built package, against the simulator. Credentials live in the harness's store; n8n-core fetches,
 * applies and refreshes them through the same code paths as in an n8n instance.
 */
import './env.mjs';
import { randomUUID } from 'node:crypto';
import type {
  IConnections,
  IDataObject,
  INode,
  INodeExecutionData,
  IPollFunctions,
  IRun,
  IWorkflowBase,
  IWorkflowExecuteAdditionalData,
  IWorkflowSettings,
  Workflow,
} from 'n8n-workflow';
import { HarnessCredentialsHelper } from './credentials-helper.mjs';
import { n8nCore, n8nWorkflow } from './n8n.mjs';
import { loadPackageTypes } from './package-types.mjs';

export interface WorkflowJson {
  name?: string;
  nodes: INode[];
  connections: IConnections;
  /** The workflow's settings, e.g. its time zone, which nodes read through `this.getTimezone()`. */
  settings?: IWorkflowSettings;
}

export interface NodeRun {
  items: INodeExecutionData[];
  error?: { message: string; description?: string | null; httpCode?: string | null };
  /** What the node added above its output (n8n's execution hints). */
  hints: Array<{ message: string; type?: string; location?: string }>;
}

export class EngineHarness {
  readonly types = loadPackageTypes();
  readonly credentials = new HarnessCredentialsHelper(this.types.credentialTypes, this.types.nodeTypes);

  /** Runs the workflow from `startNode`, which receives `items` (default: one empty item). */
  async run(
    json: WorkflowJson,
    startNode: string,
    items: IDataObject[] = [{}],
  ): Promise<{ run: IRun; output: (node: string) => NodeRun }> {
    const workflow = this.workflow(json);
    const node = workflow.getNode(startNode);
    if (!node) throw new Error(`The workflow has no node "${startNode}"`);
    const runExecutionData = n8nWorkflow.createRunExecutionData({
      executionData: {
        nodeExecutionStack: [{ node, data: { main: [items.map((json) => ({ json }))] }, source: null }],
      },
    });
    const execution = new n8nCore.WorkflowExecute(this.additionalData(json), 'manual', runExecutionData);
    const run = await execution.processRunExecutionData(workflow);
    return { run, output: (name) => nodeRun(run, name) };
  }

  /**
   * One poll of a trigger node, as n8n's poller runs it for an active workflow (`trigger` mode) or for the
   * editor's "Fetch test event" (`manual`). `staticData` is the workflow's saved static data; pass the returned
   * value to the next poll (or to a new harness, to simulate a restart).
   */
  async poll(
    json: WorkflowJson,
    nodeName: string,
    staticData: IDataObject = {},
    mode: 'trigger' | 'manual' = 'trigger',
  ): Promise<{ items: INodeExecutionData[] | null; staticData: IDataObject }> {
    const workflow = this.workflow(json, structuredClone(staticData));
    const node = workflow.getNode(nodeName);
    if (!node) throw new Error(`The workflow has no node "${nodeName}"`);
    const context = new n8nCore.PollContext(workflow, node, this.additionalData(json), mode, 'activate');
    const nodeType = this.types.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
    if (!nodeType.poll) throw new Error(`${node.type} is not a polling trigger`);
    const result = await nodeType.poll.call(context as unknown as IPollFunctions);
    return {
      items: result?.[0] ?? null,
      staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
    };
  }

  private workflow(json: WorkflowJson, staticData: IDataObject = {}): Workflow {
    return new n8nWorkflow.Workflow({
      id: 'engine-test',
      name: json.name ?? 'engine test',
      nodes: json.nodes,
      connections: json.connections,
      active: false,
      nodeTypes: this.types.nodeTypes,
      staticData,
      ...(json.settings === undefined ? {} : { settings: json.settings }),
    });
  }

  private additionalData(json: WorkflowJson): IWorkflowExecuteAdditionalData {
    const workflowData = {
      id: 'engine-test',
      name: json.name ?? 'engine test',
      nodes: json.nodes,
      connections: json.connections,
      active: false,
      activeVersionId: null,
      isArchived: false,
      createdAt: new Date(),
      updatedAt: new Date(),
    } as unknown as IWorkflowBase;
    const unavailable = (what: string) => () => {
      throw new Error(`${what} is not available in the engine tests`);
    };
    return {
      credentialsHelper: this.credentials,
      hooks: new n8nCore.ExecutionLifecycleHooks('manual', randomUUID(), workflowData),
      executeWorkflow: unavailable('Sub-workflows'),
      getRunExecutionData: async () => undefined,
      getRuntimeCredential: async () => undefined,
      startRunnerTask: unavailable('The code task runner'),
      logAiEvent: () => undefined,
      currentNodeExecutionIndex: 0,
      variables: {},
      restApiUrl: 'http://127.0.0.1:5678/rest',
      instanceBaseUrl: 'http://127.0.0.1:5678',
      formBaseUrl: 'http://127.0.0.1:5678/form',
      formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
      formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
      webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
      webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
      webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
      mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
      mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
      userId: 'engine-test-user',
    } as unknown as IWorkflowExecuteAdditionalData;
  }
}

function nodeRun(run: IRun, name: string): NodeRun {
  const task = run.data.resultData.runData[name]?.[0];
  if (!task) throw new Error(`"${name}" did not run: ${run.data.resultData.error?.message ?? 'no error'}`);
  const error = task.error as
    { message: string; description?: string | null; httpCode?: string | null } | undefined;
  return {
    items: task.data?.main?.[0] ?? [],
    hints: task.hints ?? [],
    ...(error
      ? {
          error: {
            message: error.message,
            description: error.description ?? null,
            httpCode: error.httpCode ?? null,
          },
        }
      : {}),
  };
}
