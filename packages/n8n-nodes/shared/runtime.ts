/** Core's clock and sleep for n8n: community nodes wait with n8n's own `sleep`, never with timers. */
import { sleep } from 'n8n-workflow';

import type { Runtime } from './ecostruxure-core';

export const n8nRuntime: Runtime = {
  now: () => Date.now(),
  // n8n's sleep cannot be cut short, so a wait that was cancelled ends when it would have ended anyway and
  // then reports the cancellation; core's waits are short back-offs (seconds).
  sleep: async (ms, signal) => {
    await sleep(ms);
    signal?.throwIfAborted();
  },
  random: () => Math.random(),
};
