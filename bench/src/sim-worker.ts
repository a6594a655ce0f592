/**
 * Runs the simulator on a worker thread of the benchmark process. The client-overhead benchmark compares
 * client-side CPU cost; with the server on the same event loop, every client millisecond would wait
 * behind server work (Fastify routing, data generation, request logging) that is identical for both
 * sides, and the ratio would be diluted towards 1. On its own thread the server answers in parallel,
 * as a remote API does.
 */
import { parentPort } from 'node:worker_threads';
import { startSimulator } from '@ecostruxure-connector/simulator';

export type SimWorkerMessage = { kind: 'ready'; carbonApi: string; siteIds: string[] } | { kind: 'closed' };

if (parentPort === null) throw new Error('sim-worker.js runs as a worker thread only.');
const port = parentPort;

const sim = await startSimulator({ port: 0, rateLimit: false });
port.on('message', (message: unknown) => {
  if (message !== 'close') return;
  void sim.close().then(() => {
    port.postMessage({ kind: 'closed' } satisfies SimWorkerMessage);
    port.close();
  });
});
port.postMessage({
  kind: 'ready',
  carbonApi: sim.urls.carbonApi,
  siteIds: sim.control.siteIds(),
} satisfies SimWorkerMessage);
