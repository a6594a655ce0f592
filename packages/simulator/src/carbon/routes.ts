/** The Carbon Emission Data API routes (contract §5). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthorizationServer, SimulatorContext } from '../context.js';
import { badRequest, notFound } from '../problem.js';
import { DIALECTS } from './dialect.js';
import { buildEmissions } from './emissions.js';
import { globalRate, GRID_PROFILES, gridProfile } from './global-rates.js';
import { type Query, validateEmissionsQuery, validateGlobalRatesQuery } from './params.js';
import { siblingSeries, siblingSite } from './sibling.js';
import type { SiteModel } from './sites.js';
import { registerVariantRoutes } from './variant-routes.js';

export const CARBON_BASE = '/ecostruxure/carbon-emission/v1';

interface SiteParams {
  siteId: string;
}

export function registerCarbonRoutes(
  app: FastifyInstance,
  ctx: SimulatorContext,
  auth: AuthorizationServer,
  sites: ReadonlyMap<string, SiteModel>,
): void {
  const findSite = (request: FastifyRequest<{ Params: SiteParams }>): SiteModel => {
    const model = sites.get(request.params.siteId);
    if (!model) throw notFound(`No site with id '${request.params.siteId}'.`);
    return model;
  };
  const sibling = ctx.options.carbonDialect !== 'contract';
  const dialect = DIALECTS[ctx.options.carbonDialect === 'contract' ? 'contract' : 'sibling'];
  const shown = (model: SiteModel) => (sibling ? siblingSite(model.site) : model.site);
  const sorted = [...sites.values()].sort((a, b) => a.site.id.localeCompare(b.site.id)).map(shown);

  app.get(`${CARBON_BASE}/sites`, async (request) => {
    auth.authenticate(request, { audience: 'carbon', scope: 'read:site' });
    return sorted;
  });

  app.get<{ Params: SiteParams }>(`${CARBON_BASE}/sites/:siteId`, async (request) => {
    auth.authenticate(request, { audience: 'carbon', scope: 'read:site' });
    return shown(findSite(request));
  });

  if (ctx.options.carbonDialect === 'variant') {
    registerVariantRoutes(app, ctx, auth, findSite, CARBON_BASE);
    return;
  }

  app.get<{ Params: SiteParams; Querystring: Query }>(
    `${CARBON_BASE}/sites/:siteId/carbon-emissions`,
    async (request) => {
      auth.authenticate(request, { audience: 'carbon', scope: 'read:carbon-emission' });
      const model = findSite(request);
      const query = validateEmissionsQuery(request.query, dialect);
      if (!query.ok) throw badRequest(query.invalidParams);
      const emissions = buildEmissions(ctx.options.seed, model, query.value, ctx.clock.now());
      return sibling ? siblingSeries(emissions, query.value.granularity) : emissions;
    },
  );

  app.get<{ Querystring: Query }>(`${CARBON_BASE}/global-rates`, async (request) => {
    auth.authenticate(request, { audience: 'carbon', scope: 'read:carbon-emission' });
    const query = validateGlobalRatesQuery(request.query, ctx.clock.nowDate().getUTCFullYear());
    if (!query.ok) throw badRequest(query.invalidParams);
    const { countryIsoCode, year } = query.value;
    if (countryIsoCode === undefined) return GRID_PROFILES.map((profile) => globalRate(profile, year));
    const profile = gridProfile(countryIsoCode);
    if (!profile) throw notFound(`No global rate for country '${countryIsoCode}'.`);
    return [globalRate(profile, year)];
  });
}
