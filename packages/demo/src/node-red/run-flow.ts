/**
 * Runs one of the demo's flows by calling its HTTP-in endpoint and reads the reply. A flow that fails
 * answers through its Catch node with `{error}`, which becomes a FlowError carrying the node's message.
 */
export class FlowError extends Error {}

/** Far longer than a demo flow takes; only reached if Node-RED stops answering. */
const REPLY_TIMEOUT_MS = 180_000;

export async function runFlow<Result>(nodeRedUrl: string, path: string, body: object = {}): Promise<Result> {
  const response = await fetch(`${nodeRedUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
  });
  const reply = (await response.json().catch(() => ({}))) as Result & { error?: string };
  if (!response.ok) {
    throw new FlowError(`The flow at ${path} failed: ${reply.error ?? `HTTP ${response.status}`}`);
  }
  return reply;
}
