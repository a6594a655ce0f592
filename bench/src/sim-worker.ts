/**
 * Runs the simulator on a worker thread of the benchmark process. The benchmarks compare client-side
 * cost; with the server on the same event loop, every client millisecond would wait behind server work
 * (Fastify routing, data generation, request logging) that is identical for both sides, and the ratio
 * would be diluted towards 1. On its own thread the server answers in parallel, as a remote API does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator, type FaultRule, type RateLimitConfig } from '@ecostruxure-connector/simulator';

/** What the benchmark asks of the simulator: how many sites it serves, and faults installed at start. */
export interface SimWorkerOptions {
  sites?: number | undefined;
  faults?: FaultRule[] | undefined;
  /** A per-credential limit (rate-limited sync); none by default. */
  rateLimit?: RateLimitConfig | undefined;
  /** Requests the log keeps: enough for every request of a run that is counted afterwards. */
  requestLogCapacity?: number | undefined;
}

/** The Carbon API requests the server saw since the log was last cleared, by answer. */
export interface ServedRequests {
  total: number;
  ok: number;
  limited: number;
  other: number;
  /** Server time of the first and last request, ms since the epoch (NaN without requests). */
  firstAtMs: number;
  lastAtMs: number;
}

export type SimWorkerRequest = 'close' | 'served' | 'clear';

export type SimWorkerMessage =
  | { kind: 'ready'; url: string; carbonApi: string; siteIds: string[] }
  | { kind: 'closed' }
  | { kind: 'served'; served: ServedRequests }
  | { kind: 'cleared' };

if (parentPort === null) throw new Error('sim-worker.js runs as a worker thread only.');
const port = parentPort;
const options = (workerData ?? {}) as SimWorkerOptions;

const sim = await startSimulator({
  port: 0,
  rateLimit: options.rateLimit ?? false,
  ...(options.sites === undefined ? {} : { sites: options.sites }),
  ...(options.requestLogCapacity === undefined ? {} : { requestLogCapacity: options.requestLogCapacity }),
});
for (const fault of options.faults ?? []) sim.control.addFault(fault);

function served(): ServedRequests {
  const entries = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission/' });
  const times = entries.map((entry) => Date.parse(entry.at));
  const ok = entries.filter((entry) => entry.status === 200).length;
  const limited = entries.filter((entry) => entry.status === 429).length;
  return {
    total: entries.length,
    ok,
    limited,
    other: entries.length - ok - limited,
    firstAtMs: times.length === 0 ? NaN : Math.min(...times),
    lastAtMs: times.length === 0 ? NaN : Math.max(...times),
  };
}

port.on('message', (message: SimWorkerRequest) => {
  if (message === 'served') port.postMessage({ kind: 'served', served: served() } satisfies SimWorkerMessage);
  if (message === 'clear') {
    sim.control.clearRequests();
    port.postMessage({ kind: 'cleared' } satisfies SimWorkerMessage);
  }
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
