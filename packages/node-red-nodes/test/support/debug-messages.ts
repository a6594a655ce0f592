/**
 * What the editor's debug sidebar receives, collected over the same websocket (`/comms`): the tests see
 * node output exactly as a user does, without extra nodes in the flow.
 */
export interface DebugMessage {
  /** The debug node's id. */
  id: string;
  msg: string;
  format: string;
  property?: string;
}

export interface NodeStatusEvent {
  id: string;
  fill?: string;
  shape?: string;
  text?: string;
}

export interface DebugFeed {
  messages: DebugMessage[];
  /** Every node status the editor was sent, in order. */
  statuses: NodeStatusEvent[];
  /** Resolves once node `id` shows a status whose text matches. */
  waitForStatus(id: string, text: RegExp, timeoutMs?: number): Promise<NodeStatusEvent>;
  /** Resolves once `count` messages from debug node `id` (or any) have arrived. */
  waitFor(count: number, id?: string, timeoutMs?: number): Promise<DebugMessage[]>;
  close(): void;
}

export async function openDebugFeed(nodeRedUrl: string, token: string): Promise<DebugFeed> {
  const socket = new WebSocket(`${nodeRedUrl.replace(/^http/, 'ws')}/comms`);
  const messages: DebugMessage[] = [];
  const statuses: NodeStatusEvent[] = [];
  let authorized: () => void = () => undefined;
  const authOk = new Promise<void>((resolve) => (authorized = resolve));
  socket.addEventListener('message', (event) => {
    const parsed = JSON.parse(String(event.data)) as unknown;
    if ((parsed as { auth?: string }).auth === 'ok') authorized();
    const batch = (Array.isArray(parsed) ? parsed : [parsed]) as { topic?: string; data: unknown }[];
    for (const item of batch) {
      if (item.topic === 'debug') messages.push(item.data as DebugMessage);
      if (item.topic?.startsWith('status/')) {
        statuses.push({ id: item.topic.slice('status/'.length), ...(item.data as object) });
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('Could not open the comms websocket.')), {
      once: true,
    });
  });
  socket.send(JSON.stringify({ auth: token }));
  // Subscriptions sent before the login is accepted are ignored.
  await authOk;
  socket.send(JSON.stringify({ subscribe: 'debug' }));
  socket.send(JSON.stringify({ subscribe: 'status/#' }));
  const matching = (id?: string) => messages.filter((message) => id === undefined || message.id === id);
  return {
    messages,
    statuses,
    async waitForStatus(id, text, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = statuses.find((status) => status.id === id && text.test(status.text ?? ''));
        if (found) return found;
        if (Date.now() > deadline) {
          throw new Error(
            `Node ${id} never showed ${text}; it showed: ${JSON.stringify(statuses.filter((s) => s.id === id))}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async waitFor(count, id, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (matching(id).length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `Waited for ${count} debug messages${id ? ` from ${id}` : ''}, got: ${JSON.stringify(messages).slice(0, 2000)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return matching(id);
    },
    close: () => socket.close(),
  };
}
