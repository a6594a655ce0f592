/**
 * A stand-in for the chat webhook the templates post to (Slack, Teams, Mattermost...): records every message
 * on loopback so the demo can print what a chat channel would have received.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatWebhook {
  url: string;
  /** The `text` of every message received so far, oldest first. */
  messages: string[];
  /** Calls `listener` with each message received from now on. */
  onMessage(listener: (text: string) => void): void;
  close(): Promise<void>;
}

export async function startChatWebhook(): Promise<ChatWebhook> {
  const messages: string[] = [];
  const listeners: Array<(text: string) => void> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const text = textOf(body);
      messages.push(text);
      for (const listener of listeners) listener(text);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/chat`,
    messages,
    onMessage: (listener) => listeners.push(listener),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The message's `text`, as chat webhooks take it; anything else is shown as it came. */
function textOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { text?: unknown };
    if (typeof parsed.text === 'string') return parsed.text;
  } catch {
    // not JSON: shown as received
  }
  return body;
}
