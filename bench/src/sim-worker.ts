/**
 * Runs the simulator on a worker thread of the benchmark process. The benchmarks compare client-side
 * cost; with the server on the same event loop, every client millisecond would wait behind server work
 * (Fastify routing, data generation, request logging) that is identical for both sides, and the ratio
 * would be diluted towards 1. On its own thread the server answers in parallel, as a remote API does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator, type FaultRule } from '@ecostruxure-connector/simulator';

/** What the benchmark asks of the simulator: how many sites it serves, and faults installed at start. */
export interface SimWorkerOptions {
  sites?: number | undefined;
  faults?: FaultRule[] | undefined;
}

export type SimWorkerMessage =
  { kind: 'ready'; url: string; carbonApi: string; siteIds: string[] } | { kind: 'closed' };

if (parentPort === null) throw new Error('sim-worker.js runs as a worker thread only.');
const port = parentPort;
const options = (workerData ?? {}) as SimWorkerOptions;

const sim = await startSimulator({
  port: 0,
  rateLimit: false,
  ...(options.sites === undefined ? {} : { sites: options.sites }),
});
for (const fault of options.faults ?? []) sim.control.addFault(fault);
port.on('message', (message: unknown) => {
  if (message !== 'close') return;
  void sim.close().then(() => {
    port.postMessage({ kind: 'closed' } satisfies SimWorkerMessage);
    port.close();
  });
});
port.postMessage({
  kind: 'ready',
  url: sim.url,
  carbonApi: sim.urls.carbonApi,
  siteIds: sim.control.siteIds(),
} satisfies SimWorkerMessage);
