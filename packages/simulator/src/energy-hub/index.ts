/** The Energy Hub System Integration API: a seeded organization, alarms that keep arriving, GraphQL. */
import type { AuthorizationServer, EnergyHubApi, SimulatorContext } from '../context.js';
import { createAlarmStore } from './alarms.js';
import { generateOrganization } from './organization.js';
import { createResolvers } from './resolvers.js';
import { registerEnergyHubRoutes } from './routes.js';
import { buildEnergyHubSchema } from './schema.js';

export function createEnergyHubApi(ctx: SimulatorContext, auth: AuthorizationServer): EnergyHubApi {
  const organization = generateOrganization(ctx.options.seed);
  const alarms = createAlarmStore(ctx.options.seed, organization, ctx.options.alarmIntervalMs);
  const schema = buildEnergyHubSchema(createResolvers({ seed: ctx.options.seed, organization, alarms }));
  return {
    register: (app) => registerEnergyHubRoutes(app, ctx, auth, schema, organization),
    injectAlarm: (input) => alarms.inject(input, ctx.clock.now()),
  };
}
