/**
 * A loopback stand-in for an OpenAI-compatible chat model, for n8n's OpenAI Chat Model node: asked with
 * tools, it first calls the tool `pickTool` chooses with `arguments`, then answers with `answer(toolResult)`
 * once the tool's result is in the conversation. Every request body is kept for the test to read.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface ChatRequest {
  model?: string;
  stream?: boolean;
  messages: Array<{ role: string; content?: unknown; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
}

export interface StandInModel {
  /** The base URL for n8n's OpenAI credential (its "Base URL" field). */
  url: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

export interface Script {
  pickTool(tools: NonNullable<ChatRequest['tools']>): string;
  arguments: Record<string, unknown>;
  answer(toolResult: string): string;
}

export async function startStandInModel(script: Script): Promise<StandInModel> {
  const requests: ChatRequest[] = [];
  const server = createServer((request, response) => {
    void readJson(request).then((body) => {
      if (!request.url?.endsWith('/chat/completions')) {
        response
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"message":"not found"}}');
        return;
      }
      requests.push(body);
      reply(response, body, turnOf(body, script));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Turn = { toolCall: { name: string; arguments: string } } | { content: string };

/** A tool call until the conversation holds a tool result, then the answer built from it. */
function turnOf(body: ChatRequest, script: Script): Turn {
  const toolResult = body.messages.find((message) => message.role === 'tool');
  if (toolResult) return { content: script.answer(textOf(toolResult.content)) };
  return {
    toolCall: { name: script.pickTool(body.tools ?? []), arguments: JSON.stringify(script.arguments) },
  };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? '').join('');
  return JSON.stringify(content);
}

function reply(response: ServerResponse, body: ChatRequest, turn: Turn): void {
  const message =
    'toolCall' in turn
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: turn.toolCall }],
        }
      : { role: 'assistant', content: turn.content };
  const finish = 'toolCall' in turn ? 'tool_calls' : 'stop';
  const base = {
    id: `chatcmpl-${Date.now()}`,
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? 'stand-in',
  };
  if (body.stream) {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const delta =
      'toolCall' in turn ? { ...message, tool_calls: [{ index: 0, ...message.tool_calls?.[0] }] } : message;
    const chunk = (choice: unknown) =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice] })}\n\n`;
    response.write(chunk({ index: 0, delta, finish_reason: null }));
    response.write(chunk({ index: 0, delta: {}, finish_reason: finish }));
    response.end('data: [DONE]\n\n');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message, finish_reason: finish }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    }),
  );
}

async function readJson(request: IncomingMessage): Promise<ChatRequest> {
  let text = '';
  for await (const chunk of request) text += (chunk as Buffer).toString();
  return JSON.parse(text || '{}') as ChatRequest;
}
