/** The `variant` dialect's emissions and grid-factor routes (see variant.ts for what it varies). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthorizationServer, SimulatorContext } from '../context.js';
import { badRequest, notFound } from '../problem.js';
import { globalRate, gridProfile } from './global-rates.js';
import { type Query, validateGlobalRatesQuery } from './params.js';
import type { SiteModel } from './sites.js';
import { revisedStarts, validateVariantQuery, variantPage, variantRate, variantSeries } from './variant.js';

type SiteRequest = FastifyRequest<{ Params: { siteId: string }; Querystring: Query }>;

export function registerVariantRoutes(
  app: FastifyInstance,
  ctx: SimulatorContext,
  auth: AuthorizationServer,
  findSite: (request: SiteRequest) => SiteModel,
  base: string,
): void {
  const paging = ctx.options.carbonPaging;
  app.get<{ Params: { siteId: string }; Querystring: Query }>(
    `${base}/sites/:siteId/carbon-emissions`,
    async (request, reply) => {
      auth.authenticate(request, { audience: 'carbon', scope: 'read:carbon-emission' });
      const model = findSite(request);
      const query = validateVariantQuery(request.query, paging);
      const now = ctx.clock.now();
      const starts = revisedStarts(ctx.options.seed, model, query, now);
      const series = variantSeries(ctx.options.seed, model, query, starts, now);
      return variantPage(request, reply, paging, query, series, starts.length);
    },
  );

  // Grid factors under another path and other parameter names (`country`, `year`), in tCO2e/MWh.
  app.get<{ Querystring: Query }>(`${base}/emission-factors`, async (request) => {
    auth.authenticate(request, { audience: 'carbon', scope: 'read:carbon-emission' });
    const { country, year, ...rest } = request.query;
    if (Object.keys(rest).length > 0)
      throw badRequest(
        Object.keys(rest).map((name) => ({ name, reason: 'is not a parameter of this route' })),
      );
    const query = validateGlobalRatesQuery(
      {
        ...(country === undefined ? {} : { countryIsoCode: country }),
        ...(year === undefined ? {} : { year }),
      },
      ctx.clock.nowDate().getUTCFullYear(),
    );
    if (!query.ok) throw badRequest(query.invalidParams);
    const profile =
      query.value.countryIsoCode === undefined ? undefined : gridProfile(query.value.countryIsoCode);
    if (!profile) throw notFound(`No emission factor for country '${String(country)}'.`);
    const rate = globalRate(profile, query.value.year);
    return [variantRate(rate.countryIsoCode, query.value.year, rate.value)];
  });
}
