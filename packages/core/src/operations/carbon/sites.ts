/** List Sites and Get Site. */
import { validateCountryIsoCode, validateSiteId } from '../../carbon-api/params.js';
import { siteListSchema, siteSchema, type Site } from '../../carbon-api/schemas.js';
import { CARBON_RESOURCES } from '../../carbon-api/paths.js';
import { shapeWarnings, type ShapeWarning } from '../../schema/parse-response.js';
import type { EcoStruxureClient } from '../../client/create-client.js';
import { choice, itemLimit, optionalText } from '../helpers/form-values.js';
import { toJson } from '../helpers/json.js';
import type { JsonObject, OperationContext, OperationResult, ReadOutput } from '../helpers/types.js';

export interface ListSitesParams {
  /** Sites whose name contains this text (any case). */
  nameContains?: string | undefined;
  /** Two-letter country code, e.g. FR. */
  countryIsoCode?: string | undefined;
  /** Site type, e.g. office. */
  type?: string | undefined;
  returnAll?: boolean | string | undefined;
  limit?: number | string | undefined;
  output?: ReadOutput | undefined;
}

export interface GetSiteParams {
  siteId: string;
  output?: ReadOutput | undefined;
}

const OUTPUTS: readonly ReadOutput[] = ['parsed', 'raw'];

interface SiteFilter {
  nameContains: string | undefined;
  countryIsoCode: string | undefined;
  type: string | undefined;
}

/** Filters read from raw objects too, where a field may be missing or of another type. */
function matches(site: Record<string, unknown>, filter: SiteFilter): boolean {
  const text = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '');
  const address = (site.postalAddress ?? {}) as Record<string, unknown>;
  if (filter.nameContains !== undefined && !text(site.name).includes(filter.nameContains.toLowerCase()))
    return false;
  if (
    filter.countryIsoCode !== undefined &&
    text(address.countryIsoCode) !== filter.countryIsoCode.toLowerCase()
  )
    return false;
  if (filter.type !== undefined && text(site.type) !== filter.type.toLowerCase()) return false;
  return true;
}

export async function listSites(
  client: EcoStruxureClient,
  params: ListSitesParams = {},
  context: OperationContext = {},
): Promise<OperationResult> {
  const filter: SiteFilter = {
    nameContains: optionalText(params.nameContains, 'nameContains'),
    countryIsoCode: validateCountryIsoCode(optionalText(params.countryIsoCode, 'countryIsoCode')),
    type: optionalText(params.type, 'type'),
  };
  const limit = itemLimit(params);
  const output = choice(params.output, 'output', OUTPUTS, 'parsed');
  if (output === 'raw') {
    const answer = await client.carbon.getRaw(CARBON_RESOURCES.sites().path, undefined, context);
    const warnings = shapeWarnings(siteListSchema, answer.body);
    const all = Array.isArray(answer.body) ? (answer.body as unknown[]) : [answer.body];
    const items = all.filter(
      (site): site is JsonObject =>
        typeof site === 'object' && site !== null && matches(site as JsonObject, filter),
    );
    return { items: items.slice(0, limit), warnings };
  }
  const warnings: ShapeWarning[] = [];
  const sites: Site[] = await client.carbon.listSites({
    signal: context.signal,
    onWarning: (warning) => warnings.push(warning),
  });
  const items = sites.filter((site) => matches(site, filter)).map((site) => toJson(site) as JsonObject);
  return { items: items.slice(0, limit), warnings };
}

export async function getSite(
  client: EcoStruxureClient,
  params: GetSiteParams,
  context: OperationContext = {},
): Promise<OperationResult> {
  const siteId = validateSiteId(optionalText(params?.siteId, 'siteId'));
  const output = choice(params.output, 'output', OUTPUTS, 'parsed');
  if (output === 'raw') {
    const answer = await client.carbon.getRaw(CARBON_RESOURCES.site(siteId).path, undefined, context);
    return { items: [answer.body as JsonObject], warnings: shapeWarnings(siteSchema, answer.body) };
  }
  const warnings: ShapeWarning[] = [];
  const site = await client.carbon.getSite(siteId, {
    signal: context.signal,
    onWarning: (warning) => warnings.push(warning),
  });
  return { items: [toJson(site) as JsonObject], warnings };
}
