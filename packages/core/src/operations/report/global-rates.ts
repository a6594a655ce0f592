/**
 * The grid's global rate each site is compared with: its country's, for the year of the bucket. One
 * request per country and year, not per site; a country the API has no rate for leaves the comparison
 * empty with a warning saying so, never a guessed rate.
 */
import type { EcoStruxureClient } from '../../client/create-client.js';
import { ApiError } from '../../errors/errors.js';
import { mapWithConcurrency } from '../../http/concurrency.js';
import type { ShapeWarning } from '../../schema/parse-response.js';
import { gramsPerKWh, pickGlobalRate } from '../carbon/grid-comparison.js';
import type { OperationContext } from '../helpers/types.js';
import type { ReportPeriod } from './period.js';
import type { SitePlan } from './rows.js';

export interface ReportRates {
  /** gCO2e/kWh, or null when there is none for the country and year. */
  rateOf(countryIsoCode: string | null, year: number): number | null;
}

export async function globalRatesFor(
  client: EcoStruxureClient,
  plans: readonly SitePlan[],
  period: ReportPeriod,
  context: OperationContext,
  warnings: ShapeWarning[],
): Promise<ReportRates> {
  const years = [...new Set(period.buckets.map((bucket) => bucket.start.year))];
  const countries = [...new Set(plans.flatMap((plan) => (plan.countryIsoCode ? [plan.countryIsoCode] : [])))];
  const keys = countries.flatMap((country) => years.map((year) => ({ country, year })));
  const rates = new Map<string, number | null>();
  await mapWithConcurrency(
    keys,
    client.carbon.http.maxConcurrency,
    async ({ country, year }) => {
      let rate: number | null = null;
      try {
        const listed = await client.carbon.getGlobalRates({
          countryIsoCode: country,
          year,
          signal: context.signal,
          onWarning: (warning) => warnings.push(warning),
        });
        const picked = pickGlobalRate(listed, country);
        rate = picked === undefined ? null : (gramsPerKWh(picked) ?? null);
        if (picked !== undefined && rate === null)
          warnings.push({
            path: `globalRates[countryIsoCode=${country}][year=${year}].unit`,
            message: `The global rate for ${country} in ${year} is in "${String(picked.unit)}", a unit core cannot convert to gCO2e/kWh: its sites are not compared with the grid.`,
          });
      } catch (error) {
        if (context.signal?.aborted === true) throw error;
        const why =
          error instanceof ApiError && error.status === 404 ? 'the API has none' : (error as Error).message;
        warnings.push({
          path: `globalRates[countryIsoCode=${country}][year=${year}]`,
          message: `No global rate for ${country} in ${year} (${why}): its sites are not compared with the grid.`,
        });
      }
      rates.set(`${country}:${year}`, rate);
    },
    context.signal === undefined ? {} : { signal: context.signal },
  );
  for (const plan of plans)
    if (plan.countryIsoCode === null)
      warnings.push({
        path: `sites[id=${plan.siteId}].postalAddress.countryIsoCode`,
        message: `Site ${plan.siteId} has no country, so it is not compared with a grid rate and is totalled under no country.`,
      });
  return {
    rateOf: (country, year) => (country === null ? null : (rates.get(`${country}:${year}`) ?? null)),
  };
}
