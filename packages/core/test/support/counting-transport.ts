/** Wraps a Transport to observe what the client does: requests sent and the most in flight at once. */
import type { Transport, TransportRequest } from '../../src/index.js';

export interface CountingTransport extends Transport {
  readonly sent: TransportRequest[];
  readonly inFlight: number;
  readonly peak: number;
}

export function countingTransport(inner: Transport): CountingTransport {
  const sent: TransportRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  return {
    sent,
    get inFlight() {
      return inFlight;
    },
    get peak() {
      return peak;
    },
    async send(request) {
      sent.push(request);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await inner.send(request);
      } finally {
        inFlight -= 1;
      }
    },
  };
}
