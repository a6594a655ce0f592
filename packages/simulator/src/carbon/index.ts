/** The Carbon Emission Data API: seeded sites, their emissions, and national grid rates. */
import type { AuthorizationServer, CarbonApi, SimulatorContext } from '../context.js';
import { createEmissionEdits } from './edits.js';
import { registerCarbonRoutes } from './routes.js';
import { generateSites } from './sites.js';

export function createCarbonApi(ctx: SimulatorContext, auth: AuthorizationServer): CarbonApi {
  const sites = new Map(
    generateSites(ctx.options.seed, ctx.options.sites).map((model) => [model.site.id, model]),
  );
  const edits = createEmissionEdits();
  return {
    register: (app) => registerCarbonRoutes(app, ctx, auth, sites, edits),
    siteIds: () => [...sites.keys()].sort(),
    edits,
  };
}
