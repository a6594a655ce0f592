// Placeholder until the Energy Hub API lands.
import type { AuthorizationServer, EnergyHubApi, SimulatorContext } from '../context.js';

export function createEnergyHubApi(_ctx: SimulatorContext, _auth: AuthorizationServer): EnergyHubApi {
  return {
    register: () => undefined,
    injectAlarm: () => {
      throw new Error('Not implemented yet.');
    },
  };
}
