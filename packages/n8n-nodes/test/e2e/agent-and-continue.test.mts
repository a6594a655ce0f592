/**
 * In a real n8n 2.41.1 process: the Carbon node as an AI agent's tool, and Continue On Fail.
 *  - The "Ask about your sites' emissions" template, its chat model n8n's OpenAI Chat Model node pointed at
 *    a loopback stand-in model: the model calls our tool with arguments, n8n fills the tool's $fromAI()
 *    parameters from them, the tool reads the simulator, and its (simplified) output reaches the model.
 *  - A failing site item with On Error -> Continue becomes an error item; the other items go on.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import {
  installN8n,
  startN8n,
  type N8nProcess,
  type N8nRestClient,
  type WorkflowJson,
} from '@ecostruxure-connector/n8n-host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackage, type PackedPackage } from './package-tarball.mjs';
import { startStandInModel, type StandInModel } from './stand-in-model.mjs';
import { getEmissionsAfterStart, prepare, readTemplate } from './workflows.mjs';

let sim: SimulatorHandle;
let n8n: N8nProcess;
let rest: N8nRestClient;
let packed: PackedPackage;
const credentials: Record<string, { id: string; name: string }> = {};
const PAT = 'ecoStruxurePersonalAccessTokenApi';

beforeAll(async () => {
  const installation = await installN8n({ onProgress: (line) => console.error(line) });
  packed = packPackage();
  sim = await startSimulator({ port: 0 });
  n8n = await startN8n({ n8nDir: installation.dir, extensionsDir: packed.directory });
  rest = n8n.restClient();
  await rest.setupOwner();
  const pat = await rest.createCredential('Sites token', PAT, {
    baseUrl: sim.url,
    token: DEMO_CREDENTIALS.personalAccessToken.value,
  });
  credentials[PAT] = { id: pat.id, name: pat.name };
});

afterAll(async () => {
  await n8n?.stop();
  await sim?.close();
  packed?.remove();
});

/** The template with the user's credentials: a personal access token, and an OpenAI account at `modelUrl`. */
async function agentWorkflow(modelUrl: string, simplify: boolean): Promise<WorkflowJson> {
  const openAi = await rest.createCredential('Stand-in model', 'openAiApi', {
    apiKey: 'sk-stand-in',
    url: modelUrl,
  });
  const workflow = prepare(readTemplate('ask-about-your-sites-emissions.json'), {
    credentials: { openAiApi: { id: openAi.id, name: openAi.name }, ecoStruxureOAuth2Api: credentials[PAT]! },
  });
  for (const node of workflow.nodes) {
    if (node.name !== 'Get emissions') continue;
    node.parameters = { ...node.parameters, authentication: 'personalAccessToken', simplify };
    node.credentials = { [PAT]: credentials[PAT]! };
  }
  // The chat message a user would type, pinned on the chat trigger as the editor does for a manual run.
  const chatInput = 'How much did site-0002 emit over the last 7 days?';
  return {
    ...workflow,
    pinData: {
      'When chat message received': [{ json: { sessionId: 's1', action: 'sendMessage', chatInput } }],
    },
  } as WorkflowJson;
}

async function askTheAgent(simplify: boolean) {
  const siteId = sim.control.siteIds()[1] ?? '';
  const model = await startStandInModel({
    pickTool: (tools) => tools.find((tool) => /emission/i.test(tool.function.name))?.function.name ?? 'none',
    arguments: { site: siteId, range: 'last7Days', granularity: 'PT1H' },
    answer: (toolResult) => {
      const total = /"kgCO2e"\s*:\s*([\d.]+)/.exec(toolResult)?.[1] ?? 'unknown';
      return `${siteId} emitted ${total} kgCO2e over the last 7 days.`;
    },
  });
  try {
    const { id } = await rest.importWorkflow(await agentWorkflow(model.url, simplify));
    sim.control.clearRequests();
    const execution = await rest.runManually(id, 'When chat message received', 120_000);
    return {
      execution,
      model,
      siteId,
      emissionRequests: sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' }),
    };
  } finally {
    await model.close();
  }
}

/** What the model received from the tool, as the text n8n put in the conversation. */
function toolResultOf(model: StandInModel): string {
  const content = model.requests[1]?.messages.find((message) => message.role === 'tool')?.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

describe("the Carbon node as an AI agent's tool in a real n8n", () => {
  it("runs with the model's $fromAI() arguments, and its simplified output reaches the model", async () => {
    const { execution, model, siteId, emissionRequests } = await askTheAgent(true);
    expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');

    // The tool n8n offered the model carries the three $fromAI() parameters.
    const offered = model.requests[0]?.tools?.find((tool) => /emission/i.test(tool.function.name));
    expect(JSON.stringify(offered?.function.parameters)).toMatch(/"site"[\s\S]*"range"[\s\S]*"granularity"/);

    // Our tool read the simulator with the model's arguments: that site, 7 days, hourly.
    const emissionsCalls = emissionRequests.filter((entry) => entry.url.includes(`/sites/${siteId}/`));
    expect(emissionsCalls.length).toBeGreaterThan(0);
    expect(emissionsCalls.every((entry) => entry.url.includes('PT1H'))).toBe(true);

    // Its output reached the model: one summary item for the site, with its total in kgCO2e.
    expect(model.requests).toHaveLength(2);
    const toolText = toolResultOf(model);
    expect(toolText).toContain(siteId);
    expect(toolText).toMatch(/"kgCO2e"\s*:\s*\d/);
    expect(toolText).toMatch(/"intervals"\s*:\s*168\b/);

    // The agent's answer is the model's, built from the tool's result.
    const answer = String(execution.output['AI Agent']?.[0]?.json.output);
    const total = /"kgCO2e"\s*:\s*([\d.]+)/.exec(toolText)?.[1];
    expect(answer).toBe(`${siteId} emitted ${total} kgCO2e over the last 7 days.`);
  });

  it('keeps the tool answer small with Simplify: one item instead of 168 hourly rows', async () => {
    const simplified = await askTheAgent(true);
    const rows = await askTheAgent(false);
    const toolText = (run: typeof rows) => toolResultOf(run.model);
    expect(toolText(rows).match(/"timestamp"/g)).toHaveLength(168);
    expect(toolText(simplified)).not.toContain('"timestamp"');
    expect(toolText(simplified).length).toBeLessThan(toolText(rows).length / 50);
  });
});

describe('Continue On Fail in a real n8n', () => {
  it('turns a failing site item into an error item and runs the other items', async () => {
    const [first, second] = sim.control.siteIds();
    const workflow = {
      ...getEmissionsAfterStart('Emissions of listed sites, going on past failures', {
        onError: 'continueRegularOutput',
        parameters: {
          authentication: 'personalAccessToken',
          site: { __rl: true, mode: 'id', value: '={{ $json.siteId }}' },
          simplify: true,
        },
        credentials: { [PAT]: credentials[PAT]! },
      }),
      // Three site items, pinned on the trigger as a user tries a node with sample input.
      pinData: { Start: [first, 'site-does-not-exist', second].map((siteId) => ({ json: { siteId } })) },
    };
    const { id } = await rest.importWorkflow(workflow);
    const execution = await rest.runManually(id, 'Start');
    expect(execution.status, JSON.stringify(execution.nodeErrors)).toBe('success');
    const items = execution.output['Get emissions'] ?? [];
    expect(items.map((item) => item.json.siteId ?? 'error')).toEqual([first, 'error', second]);
    const error = items[1]?.json.error as { message?: string; httpCode?: string };
    expect(error.message).toMatch(/site-does-not-exist|not found/i);
    expect(error.httpCode).toBe('404');
  });
});
