/**
 * The input loop every EcoStruxure node shares: each message runs as one promise whose failure is
 * always caught (a rejection escaping an input handler crashes Node-RED), reported on the node's status
 * and passed to `done(err)` so Catch nodes see it with the message. `close` aborts the work in flight:
 * nothing is sent after a node stops, and an aborted run is not reported as a failure.
 */
import { reportFailure } from './errors.js';
import { sharedTranslator } from './messages.js';
import { progressThrottle } from './progress-throttle.js';
import type { Node, NodeAPI, NodeMessage, NodeStatus, Send } from './node-red.js';

export interface InputRun {
  msg: NodeMessage;
  signal: AbortSignal;
  send: Send;
  /** Shows progress under the node, e.g. "page 3" or "2/5 sites". */
  progress(text: string): void;
}

/**
 * What the node shows when a message was handled: a short summary, e.g. "25 sites" (green), or a whole
 * status when the result is only partly good (yellow, e.g. "24 rows, 1 site failed").
 */
export type InputWork = (run: InputRun) => Promise<string | NodeStatus | undefined>;

export function handleInput(RED: NodeAPI, node: Node, work: InputWork): void {
  const translate = sharedTranslator(RED);
  const inFlight = new Set<AbortController>();
  let closed = false;

  node.on('input', (msg, send, done) => {
    const controller = new AbortController();
    inFlight.add(controller);
    const show = (status: NodeStatus) => {
      if (!controller.signal.aborted) node.status(status);
    };
    show({ fill: 'blue', shape: 'dot', text: translate('status.working') });
    const progressDue = progressThrottle();
    const run: InputRun = {
      msg,
      signal: controller.signal,
      send: (out) => {
        if (!controller.signal.aborted) send(out);
      },
      progress: (text) => {
        if (progressDue()) show({ fill: 'blue', shape: 'dot', text });
      },
    };
    // Any throw, synchronous or not, ends up in the one rejection handler below.
    Promise.resolve()
      .then(() => work(run))
      .then(
        (summary) => {
          show(
            typeof summary === 'object'
              ? summary
              : { fill: 'green', shape: 'dot', text: summary ?? translate('status.done') },
          );
          done();
        },
        (error: unknown) => {
          if (controller.signal.aborted || closed) {
            done();
            return;
          }
          const failure = reportFailure(error, translate);
          node.status(failure.status);
          done(failure.error);
        },
      )
      .finally(() => inFlight.delete(controller));
  });

  node.on('close', (_removed, done) => {
    closed = true;
    for (const controller of inFlight) controller.abort(new Error('The node was stopped.'));
    inFlight.clear();
    node.status({});
    done();
  });
}

/** Reads a TypedInput value (msg, flow, global, env, str, num, json...) with Node-RED's own evaluator. */
export function evaluateProperty(
  RED: NodeAPI,
  node: Node,
  msg: NodeMessage,
  value: string,
  type: string,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    RED.util.evaluateNodeProperty(value, type, node, msg, (error, result) => {
      if (error) reject(error);
      else resolve(result);
    });
  });
}
