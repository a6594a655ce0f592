// Placeholder until fault injection lands.
import type { FaultInjector, SimulatorContext } from '../context.js';

export function createFaultInjector(_ctx: SimulatorContext): FaultInjector {
  return {
    register: () => undefined,
    add: () => {
      throw new Error('Not implemented yet.');
    },
    list: () => [],
    remove: () => false,
    clear: () => undefined,
    releaseHungRequests: () => undefined,
  };
}
