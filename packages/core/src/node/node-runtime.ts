/** The Runtime for plain Node.js (Node-RED, scripts, tests): the real clock, real timers, Math.random. */
import type { Runtime } from '../seams/runtime.js';

export const nodeRuntime: Runtime = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      // Not unref'd: a script waiting out a Retry-After must not exit before the retry.
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  random: () => Math.random(),
};
