// Placeholder until the Carbon Emission Data API lands.
import type { AuthorizationServer, CarbonApi, SimulatorContext } from '../context.js';

export function createCarbonApi(_ctx: SimulatorContext, _auth: AuthorizationServer): CarbonApi {
  return { register: () => undefined, siteIds: () => [] };
}
