// Placeholder until the request log lands.
import type { RequestLog, SimulatorContext } from '../context.js';

export function createRequestLog(_ctx: SimulatorContext): RequestLog {
  return { register: () => undefined, entries: () => [], clear: () => undefined };
}
