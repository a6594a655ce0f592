/** Global Rate: Get, the grid emission factors (gCO2e/kWh) sites are compared against. */
import { validateCountryIsoCode, validateYear } from '../../carbon-api/params.js';
import { globalRateListSchema } from '../../carbon-api/schemas.js';
import type { EcoStruxureClient } from '../../client/create-client.js';
import { globalRatesRequest } from '../../carbon-api/site-reader.js';
import { shapeWarnings, type ShapeWarning } from '../../schema/parse-response.js';
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
    // The dialect's path and parameter names, as the typed read uses them.
    const { path, query } = globalRatesRequest(client.carbon.dialect, countryIsoCode, year);
    const answer = await client.carbon.getRaw(path, query, context);
    const items = Array.isArray(answer.body) ? (answer.body as JsonObject[]) : [answer.body as JsonObject];
    return { items, warnings: shapeWarnings(globalRateListSchema, answer.body) };
  }
  const warnings: ShapeWarning[] = [];
  const rates = await client.carbon.getGlobalRates({
    countryIsoCode,
    year,
    signal: context.signal,
    onWarning: (warning) => warnings.push(warning),
  });
  return { items: rates.map((rate) => toJson(rate) as JsonObject), warnings };
}
