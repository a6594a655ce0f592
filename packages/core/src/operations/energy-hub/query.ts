/** Energy Hub Query: any GraphQL document with variables, optionally following one connection to the end. */
import type { EcoStruxureClient } from '../../client/create-client.js';
import { ValidationError } from '../../errors/errors.js';
import { itemLimit, jsonObject, optionalText, requiredText } from '../helpers/form-values.js';
import type { JsonObject, OperationContext, OperationResult } from '../helpers/types.js';

export interface RunQueryParams {
  query: string;
  /** An object, or JSON text. */
  variables?: Record<string, unknown> | string | undefined;
  operationName?: string | undefined;
  /**
   * The field holding a Relay connection to read to the end, as a dotted path (`alarms`,
   * `organization.things`). The document must declare `$first` and `$after` and pass them to it.
   */
  followConnection?: string | undefined;
  returnAll?: boolean | string | undefined;
  limit?: number | string | undefined;
}

export async function runQuery(
  client: EcoStruxureClient,
  params: RunQueryParams,
  context: OperationContext = {},
): Promise<OperationResult> {
  const query = requiredText(params?.query, 'query', 'a GraphQL query such as { organization { id name } }');
  const variables = jsonObject(params.variables, 'variables');
  const operationName = optionalText(params.operationName, 'operationName');
  const follow = optionalText(params.followConnection, 'followConnection');
  if (follow === undefined) {
    const data = await client.energyHub.query<unknown>(query, variables, {
      operationName,
      signal: context.signal,
    });
    return { items: [data as JsonObject], warnings: [] };
  }
  const path = follow.split('.').map((part) => part.trim());
  if (path.some((part) => part === '')) {
    throw new ValidationError({
      field: 'followConnection',
      message: `"followConnection" must be a field path such as alarms or a.b; got "${follow}".`,
    });
  }
  const limit = itemLimit(params);
  const result = await client.energyHub.collectAll<unknown>(query, variables, path, {
    operationName,
    signal: context.signal,
    ...(limit === undefined ? {} : { maxItems: limit }),
  });
  return {
    items: result.items.map((node) =>
      typeof node === 'object' && node !== null ? (node as JsonObject) : { value: node },
    ),
    warnings: [],
  };
}
