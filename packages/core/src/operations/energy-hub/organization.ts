/** The organization tree, and things: Get, Get Many. */
import type { EcoStruxureClient } from '../../client/create-client.js';
import { ApiError } from '../../errors/errors.js';
import { organizationSchema } from '../../energy-hub-api/schemas.js';
import { parseResponse } from '../../schema/parse-response.js';
import { itemLimit, optionalNumber, optionalText, requiredText } from '../helpers/form-values.js';
import { toJson } from '../helpers/json.js';
import type { JsonObject, OperationContext, OperationResult } from '../helpers/types.js';

export interface GetOrganizationParams {
  /** Levels below the organization to include, 1..8. Default 3 (regions, sites, buildings). */
  depth?: number | string | undefined;
}

const THING_FIELDS = 'id name concept properties { name value unit }';

/** A document asking for `depth` levels of children: GraphQL has no recursion, so each level is spelled out. */
export function organizationDocument(depth: number): string {
  let children = '';
  for (let level = 0; level < depth; level += 1) children = `children { ${THING_FIELDS} ${children} }`;
  return `query OrganizationTree { organization { id name ${children} } }`;
}

export async function getOrganization(
  client: EcoStruxureClient,
  params: GetOrganizationParams = {},
  context: OperationContext = {},
): Promise<OperationResult> {
  const depth = optionalNumber(params.depth, 'depth', { min: 1, max: 8, whole: true }) ?? 3;
  const data = await client.energyHub.query<{ organization?: unknown }>(
    organizationDocument(depth),
    {},
    context,
  );
  const organization = parseResponse(organizationSchema, data.organization, {
    request: 'Energy Hub (organization)',
  });
  return { items: [toJson(organization) as JsonObject], warnings: [] };
}

export interface GetThingParams {
  thingId: string;
}

export async function getThing(
  client: EcoStruxureClient,
  params: GetThingParams,
  context: OperationContext = {},
): Promise<OperationResult> {
  const thingId = requiredText(params?.thingId, 'thingId', 'a thing ID such as site-1 (Get Many lists them)');
  const thing = await client.energyHub.getThing(thingId, context);
  if (thing === null) {
    throw new ApiError({
      status: 404,
      message: `Energy Hub has no thing "${thingId}" that this access client may see: check the ID (Get Many lists them) and the access client's access permissions.`,
    });
  }
  return { items: [toJson(thing) as JsonObject], warnings: [] };
}

export interface ListThingsParams {
  /** A concept URN or just its level, e.g. Site, Meter. */
  concept?: string | undefined;
  parentId?: string | undefined;
  nameContains?: string | undefined;
  returnAll?: boolean | string | undefined;
  limit?: number | string | undefined;
}

export async function listThings(
  client: EcoStruxureClient,
  params: ListThingsParams = {},
  context: OperationContext = {},
): Promise<OperationResult> {
  const limit = itemLimit(params);
  const result = await client.energyHub.listThings(
    {
      concept: optionalText(params.concept, 'concept'),
      parentId: optionalText(params.parentId, 'parentId'),
      nameContains: optionalText(params.nameContains, 'nameContains'),
    },
    { signal: context.signal, ...(limit === undefined ? {} : { maxItems: limit }) },
  );
  return { items: result.items.map((thing) => toJson(thing) as JsonObject), warnings: [] };
}
