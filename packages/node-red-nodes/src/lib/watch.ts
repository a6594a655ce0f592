/**
 * A node that watches on an interval: each tick goes through the node's input loop like a message (so
 * errors reach Catch nodes the same way), a tick is skipped while a check is still running (a slow API is
 * not doubled up), and checks run one at a time, each from the state the previous one left, so a timer tick
 * and a message arriving together never report the same change twice.
 */
import type { Node } from './node-red.js';

export interface Watch {
  /** Runs one check after the ones before it. */
  check<T>(work: () => Promise<T>): Promise<T>;
}

export function startWatch(node: Node, seconds: number): Watch {
  let queue: Promise<unknown> = Promise.resolve();
  let checking = false;
  const tick = () => {
    if (!checking) node.receive({ topic: 'poll' });
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, seconds * 1000);
  node.on('close', (_removed: boolean, done: () => void) => {
    clearTimeout(first);
    clearInterval(timer);
    done();
  });
  return {
    async check(work) {
      checking = true;
      const next = queue.then(work);
      queue = next.catch(() => undefined);
      try {
        return await next;
      } finally {
        checking = false;
      }
    },
  };
}
