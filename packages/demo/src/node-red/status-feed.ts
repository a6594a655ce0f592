/**
 * Follows a node's status the way the editor does, over Node-RED's comms websocket: the Get Emissions
 * node shows "completed/total" while it fetches, which the demo turns into its progress line.
 */
export interface StatusFeed {
  close(): void;
}

interface CommsMessage {
  topic: string;
  data?: { text?: string };
}

export async function followNodeStatus(
  nodeRedUrl: string,
  nodeId: string,
  onText: (text: string) => void,
): Promise<StatusFeed> {
  const socket = new WebSocket(`${nodeRedUrl.replace(/^http/, 'ws')}/comms`);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('Could not open the Node-RED comms socket')), {
      once: true,
    });
  });
  socket.addEventListener('message', (event) => {
    const messages = JSON.parse(String(event.data)) as CommsMessage[] | CommsMessage;
    for (const message of Array.isArray(messages) ? messages : [messages]) {
      if (message.topic === `status/${nodeId}` && message.data?.text) onText(message.data.text);
    }
  });
  socket.send(JSON.stringify({ subscribe: `status/${nodeId}` }));
  return { close: () => socket.close() };
}
