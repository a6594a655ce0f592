/** Starts the simulator on a worker thread (see sim-worker.ts for why) and stops it again. */
import { Worker } from 'node:worker_threads';
import type { SimWorkerMessage, SimWorkerOptions } from './sim-worker.js';

export interface SimulatorThread {
  /** The simulator's origin, what `createEcoStruxureClient({ baseUrl })` takes. */
  url: string;
  carbonApi: string;
  siteIds: string[];
  close(): Promise<void>;
}

export async function startSimulatorThread(options: SimWorkerOptions = {}): Promise<SimulatorThread> {
  const worker = new Worker(new URL('./sim-worker.js', import.meta.url), { workerData: options });
  const ready = await new Promise<Extract<SimWorkerMessage, { kind: 'ready' }>>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the simulator worker exited with code ${code}`)));
    worker.once('message', (message: SimWorkerMessage) => {
      if (message.kind === 'ready') resolve(message);
    });
  });
  worker.removeAllListeners();
  return {
    url: ready.url,
    carbonApi: ready.carbonApi,
    siteIds: ready.siteIds,
    async close() {
      // Let the simulator close its server and sockets, then stop the thread whatever it still holds.
      const closed = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}
