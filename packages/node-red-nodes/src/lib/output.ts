/**
 * How an operation's result becomes messages: everything in one message (msg.payload is the list), or
 * one message per item with `msg.parts` set the way Node-RED's split node does, so a join node can
 * put them back together. Warnings from core travel with the messages, never dropped.
 */
import type { NodeAPI, NodeMessage } from './node-red.js';
import type { OperationResult } from './operations.js';

/** Emission results also say which window they cover. */
type Result = OperationResult & { window?: unknown };

export type OutputMode = 'message' | 'row';

export function resultMessage(RED: NodeAPI, msg: NodeMessage, result: Result, payload: unknown): NodeMessage {
  const out: NodeMessage = { ...msg, payload };
  if (result.warnings.length > 0) out.warnings = result.warnings;
  if (result.window !== undefined) out.window = result.window;
  return RED.util.cloneMessage(out);
}

export function itemMessages(RED: NodeAPI, msg: NodeMessage, result: Result): NodeMessage[] {
  const id = RED.util.generateId();
  const count = result.items.length;
  return result.items.map((item, index) => ({
    ...resultMessage(RED, msg, { ...result, items: [] }, item),
    parts: { id, index, count, type: 'array', len: 1 },
  }));
}
