/** Global Rate: Get, the grid emission factors (gCO2e/kWh) sites are compared against. */
import { validateCountryIsoCode, validateYear } from '../../carbon-api/params.js';
import { globalRateListSchema } from '../../carbon-api/schemas.js';
import type { EcoStruxureClient } from '../../client/create-client.js';
import { shapeWarnings } from '../../schema/parse-response.js';
import { choice, optionalText } from '../helpers/form-values.js';
import { toJson } from '../helpers/json.js';
import type { JsonObject, OperationContext, OperationResult, ReadOutput } from '../helpers/types.js';

export interface GetGlobalRatesParams {
  /** Two-letter country code, e.g. FR; all countries when empty. */
  countryIsoCode?: string | undefined;
  /** 1990 to this year; the API's default (this year) when empty. */
  year?: number | string | undefined;
  output?: ReadOutput | undefined;
}

export async function getGlobalRates(
  client: EcoStruxureClient,
  params: GetGlobalRatesParams = {},
  context: OperationContext = {},
): Promise<OperationResult> {
  const countryIsoCode = validateCountryIsoCode(optionalText(params.countryIsoCode, 'countryIsoCode'));
  const year = validateYear(optionalText(params.year, 'year'), client.carbon.http.runtime.now());
  const output = choice(params.output, 'output', ['parsed', 'raw'] as const, 'parsed');
  if (output === 'raw') {
    const answer = await client.carbon.getRaw('/global-rates', { countryIsoCode, year }, context);
    const items = Array.isArray(answer.body) ? (answer.body as JsonObject[]) : [answer.body as JsonObject];
    return { items, warnings: shapeWarnings(globalRateListSchema, answer.body) };
  }
  const rates = await client.carbon.getGlobalRates({ countryIsoCode, year, signal: context.signal });
  return { items: rates.map((rate) => toJson(rate) as JsonObject), warnings: [] };
}
