/** Starts the simulator on a worker thread (see sim-worker.ts for why) and stops it again. */
import { Worker } from 'node:worker_threads';
import type { ServedRequests, SimWorkerMessage, SimWorkerOptions, SimWorkerRequest } from './sim-worker.js';

export interface SimulatorThread {
  /** The simulator's origin, what `createEcoStruxureClient({ baseUrl })` takes. */
  url: string;
  carbonApi: string;
  siteIds: string[];
  /** The Carbon API requests the server logged since the last `clearRequests`, by answer. */
  served(): Promise<ServedRequests>;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
}

export async function startSimulatorThread(options: SimWorkerOptions = {}): Promise<SimulatorThread> {
  const worker = new Worker(new URL('./sim-worker.js', import.meta.url), { workerData: options });
  // Only our own listeners are removed afterwards: removeAllListeners() would also drop the Worker's
  // internal ones that start its message port, and later answers would never arrive.
  const ready = await new Promise<Extract<SimWorkerMessage, { kind: 'ready' }>>((resolve, reject) => {
    const onExit = (code: number) => {
      cleanUp();
      reject(new Error(`the simulator worker exited with code ${code}`));
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const onMessage = (message: SimWorkerMessage) => {
      if (message.kind !== 'ready') return;
      cleanUp();
      resolve(message);
    };
    const cleanUp = () => {
      worker.off('exit', onExit);
      worker.off('error', onError);
      worker.off('message', onMessage);
    };
    worker.on('exit', onExit);
    worker.on('error', onError);
    worker.on('message', onMessage);
  });
  /** One question at a time: each answer is the next message of the kind asked for. */
  const ask = <K extends SimWorkerMessage['kind']>(
    request: SimWorkerRequest,
    kind: K,
  ): Promise<Extract<SimWorkerMessage, { kind: K }>> =>
    new Promise((resolve) => {
      const onMessage = (message: SimWorkerMessage) => {
        if (message.kind !== kind) return;
        worker.off('message', onMessage);
        resolve(message as Extract<SimWorkerMessage, { kind: K }>);
      };
      worker.on('message', onMessage);
      worker.postMessage(request);
    });
  return {
    url: ready.url,
    carbonApi: ready.carbonApi,
    siteIds: ready.siteIds,
    served: async () => (await ask('served', 'served')).served,
    clearRequests: async () => void (await ask('clear', 'cleared')),
    async close() {
      // Let the simulator close its server and sockets, then stop the thread whatever it still holds.
      await ask('close', 'closed');
      await worker.terminate();
    },
  };
}
