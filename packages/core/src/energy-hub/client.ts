/**
 * Client for the Energy Hub System Integration API (contract §6): GraphQL over POST, checked locally
 * before sending, with typed errors, Relay-connection pagination and the named queries users need
 * (alarms, organization, things, time series).
 */
import type { z } from 'zod';
import { parseInstant } from '../carbon/params.js';
import { InvalidResponseError, ValidationError } from '../errors/errors.js';
import type { HttpClient } from '../http/types.js';
import { formatIssuePath, parseResponse } from '../schema/parse-response.js';
import {
  ALARMS_QUERY,
  ORGANIZATION_QUERY,
  THING_QUERY,
  THINGS_QUERY,
  TIMESERIES_QUERY,
} from './documents.js';
import { analyzeDocument, errorFromGraphQL, type AnalyzedDocument } from './graphql.js';
import {
  alarmSchema,
  connectionSchema,
  graphqlResponseSchema,
  organizationSchema,
  thingSchema,
  timeSeriesSchema,
  type Alarm,
  type Organization,
  type Thing,
  type TimeSeries,
} from './schemas.js';

export type GraphQLVariables = Record<string, unknown>;

export interface QueryOptions {
  /** Which operation to run when the document holds several. */
  operationName?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface PaginateOptions<TNode> extends QueryOptions {
  /** Items per request, 1..100 (the API's bounds). Default 50. */
  pageSize?: number | undefined;
  /** Stop after this many items. Default: all of them. */
  maxItems?: number | undefined;
  /** Checks each node; a mismatch names the field. Default: nodes are passed through unchecked. */
  node?: z.ZodType<TNode> | undefined;
}

export interface ConnectionResult<TNode> {
  items: TNode[];
  /** What the server reported as the total for the filter, when it did. */
  totalCount: number | undefined;
  /** True when `maxItems` stopped the collection before the end. */
  truncated: boolean;
}

export interface AlarmFilter {
  active?: boolean | undefined;
  acknowledged?: boolean | undefined;
  /** `high`, `medium`, `low`. */
  priority?: string[] | undefined;
  category?: string[] | undefined;
  thingId?: string | undefined;
  startedAfter?: string | Date | undefined;
  startedBefore?: string | Date | undefined;
}

export interface ThingFilter {
  /** A concept URN, or just its level (`Site`), which is expanded to `urn:se:eedm:concept:Site`. */
  concept?: string | undefined;
  parentId?: string | undefined;
  nameContains?: string | undefined;
}

export type ListOptions = Omit<PaginateOptions<never>, 'node' | 'operationName'>;

export interface TimeseriesRequest {
  thingId: string;
  measurements: readonly string[];
  from: string | Date;
  to: string | Date;
  /** e.g. `PT15M`; the server's default when left out. */
  interval?: string | undefined;
}

export interface EnergyHubClient {
  /** Runs a GraphQL query or mutation and resolves with its `data`. */
  query<T = unknown>(document: string, variables?: GraphQLVariables, options?: QueryOptions): Promise<T>;
  /**
   * Iterates the nodes of a Relay connection (`edges { cursor node }`, `pageInfo { hasNextPage endCursor }`)
   * found at `connectionPath` in the data, requesting page after page with `$first` and `$after`.
   */
  paginate<TNode = unknown>(
    document: string,
    variables: GraphQLVariables | undefined,
    connectionPath: readonly string[],
    options?: PaginateOptions<TNode>,
  ): AsyncGenerator<TNode, void, undefined>;
  /** Like `paginate`, collected into one array. */
  collectAll<TNode = unknown>(
    document: string,
    variables: GraphQLVariables | undefined,
    connectionPath: readonly string[],
    options?: PaginateOptions<TNode>,
  ): Promise<ConnectionResult<TNode>>;
  listAlarms(filter?: AlarmFilter, options?: ListOptions): Promise<ConnectionResult<Alarm>>;
  iterateAlarms(filter?: AlarmFilter, options?: ListOptions): AsyncGenerator<Alarm, void, undefined>;
  getOrganization(options?: Pick<QueryOptions, 'signal'>): Promise<Organization>;
  listThings(filter?: ThingFilter, options?: ListOptions): Promise<ConnectionResult<Thing>>;
  /** One thing with its parent and children; null when it does not exist or is not visible. */
  getThing(id: string, options?: Pick<QueryOptions, 'signal'>): Promise<Thing | null>;
  getTimeseries(request: TimeseriesRequest, options?: Pick<QueryOptions, 'signal'>): Promise<TimeSeries[]>;
}

export const CONNECTION_DEFAULT_PAGE_SIZE = 50;
export const CONNECTION_MAX_PAGE_SIZE = 100;
const CONCEPT_PREFIX = 'urn:se:eedm:concept:';

export function createEnergyHubClient(http: HttpClient): EnergyHubClient {
  const endpoint = `POST ${new URL(http.baseUrl).pathname.replace(/\/+$/, '')}/graphql`;

  async function send(
    analyzed: AnalyzedDocument,
    source: string,
    variables: GraphQLVariables | undefined,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const operationLabel = analyzed.operationName
      ? `the ${analyzed.operationName} ${analyzed.operationType}`
      : `the ${analyzed.operationType}`;
    const response = await http.request<unknown>({
      method: 'POST',
      path: '/graphql',
      json: {
        query: source,
        // Values always travel as variables: text pasted into a document could change the query itself.
        variables: variables ?? {},
        ...(analyzed.operationName === undefined ? {} : { operationName: analyzed.operationName }),
      },
      // Queries only read, so a retry after a lost answer is harmless; a mutation might apply twice.
      idempotent: analyzed.operationType === 'query',
      ...(signal === undefined ? {} : { signal }),
    });
    const context = {
      request: endpoint,
      // GraphQL errors arrive with status 200, past the HTTP client's redaction: the access client's secret
      // and tokens must be masked in them too, not only secret-shaped text.
      redact: (text: string) => http.secrets.redact(text),
      ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
    };
    const body = parseResponse(graphqlResponseSchema, response.data, { ...context, status: response.status });
    if (body.errors !== undefined && body.errors.length > 0) {
      throw errorFromGraphQL(body.errors, body.data ?? null, context, operationLabel, analyzed.builtIn);
    }
    if (body.data === undefined || body.data === null) {
      throw new InvalidResponseError(
        `Energy Hub answered ${operationLabel} with neither data nor errors. Check that the base URL points at the GraphQL API.`,
        response.status,
        context,
      );
    }
    return body.data;
  }

  function checkVariables(variables: GraphQLVariables | undefined): void {
    if (
      variables !== undefined &&
      (typeof variables !== 'object' || variables === null || Array.isArray(variables))
    ) {
      throw new ValidationError(
        'variables',
        'GraphQL variables must be an object of names to values: pass e.g. { "first": 10 }, or nothing.',
      );
    }
  }

  async function query<T = unknown>(
    document: string,
    variables?: GraphQLVariables,
    options: QueryOptions = {},
  ): Promise<T> {
    const analyzed = analyzeDocument(document, options.operationName);
    checkVariables(variables);
    return (await send(analyzed, document, variables, options.signal)) as T;
  }

  async function* paginate<TNode = unknown>(
    document: string,
    variables: GraphQLVariables | undefined,
    connectionPath: readonly string[],
    options: PaginateOptions<TNode> = {},
  ): AsyncGenerator<TNode, void, undefined> {
    const prepared = preparePagination(document, variables, connectionPath, options);
    for await (const page of pages(prepared, options)) yield* page.items;
  }

  interface PreparedPagination {
    analyzed: AnalyzedDocument;
    document: string;
    variables: GraphQLVariables;
    connectionPath: readonly string[];
    pageSize: number;
    maxItems: number | undefined;
  }

  function preparePagination<TNode>(
    document: string,
    variables: GraphQLVariables | undefined,
    connectionPath: readonly string[],
    options: PaginateOptions<TNode>,
  ): PreparedPagination {
    const analyzed = analyzeDocument(document, options.operationName);
    checkVariables(variables);
    for (const name of ['first', 'after']) {
      if (!analyzed.variables.has(name)) {
        throw new ValidationError(
          'query',
          `A paginated query must declare $first and $after and pass them to the connection (missing $${name}).`,
        );
      }
    }
    if (connectionPath.length === 0 || connectionPath.some((key) => typeof key !== 'string' || key === '')) {
      throw new ValidationError(
        'connectionPath',
        'The connection path must name the field holding the connection, e.g. ["alarms"].',
      );
    }
    const pageSize = options.pageSize ?? CONNECTION_DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > CONNECTION_MAX_PAGE_SIZE) {
      throw new ValidationError(
        'pageSize',
        `"pageSize" must be a whole number from 1 to ${CONNECTION_MAX_PAGE_SIZE}; got ${String(pageSize)}.`,
      );
    }
    const { maxItems } = options;
    if (maxItems !== undefined && (!Number.isInteger(maxItems) || maxItems < 1)) {
      throw new ValidationError(
        'maxItems',
        `"maxItems" must be a whole number of at least 1; got ${String(maxItems)}.`,
      );
    }
    return { analyzed, document, variables: variables ?? {}, connectionPath, pageSize, maxItems };
  }

  interface Page<TNode> {
    items: TNode[];
    totalCount: number | undefined;
    /** More items exist beyond what was yielded (the server has more, or maxItems cut the page). */
    more: boolean;
  }

  async function* pages<TNode>(
    prepared: PreparedPagination,
    options: PaginateOptions<TNode>,
  ): AsyncGenerator<Page<TNode>, void, undefined> {
    const { analyzed, connectionPath, pageSize, maxItems } = prepared;
    const pathText = connectionPath.join('.');
    const seenCursors = new Set<string>();
    let after = typeof prepared.variables.after === 'string' ? prepared.variables.after : undefined;
    let yielded = 0;
    for (;;) {
      const first = maxItems === undefined ? pageSize : Math.min(pageSize, maxItems - yielded);
      const data = await send(
        analyzed,
        prepared.document,
        { ...prepared.variables, first, after: after ?? null },
        options.signal,
      );
      const connection = parseResponse(connectionSchema, valueAt(data, connectionPath), {
        request: `${endpoint} (${pathText})`,
      });
      const items: TNode[] = connection.edges.map((edge, index) =>
        options.node === undefined
          ? (edge.node as TNode)
          : parseNode(options.node, edge.node, `${pathText}.edges[${index}].node`),
      );
      const { hasNextPage, endCursor } = connection.pageInfo;
      const kept = maxItems === undefined ? items : items.slice(0, maxItems - yielded);
      yielded += kept.length;
      const reachedMax = maxItems !== undefined && yielded >= maxItems;
      yield {
        items: kept,
        totalCount: connection.totalCount,
        more: hasNextPage || kept.length < items.length,
      };
      if (!hasNextPage || reachedMax) return;
      // Without these guards a server that repeats a cursor (or sends none) would be polled forever.
      if (endCursor === undefined || endCursor === null || endCursor === '') {
        throw new InvalidResponseError(
          `Energy Hub said more ${pathText} follow but sent no endCursor to continue from (${yielded} items read so far). Try again; if it persists, set maxItems to read what arrives first, and report it to Schneider Electric support.`,
          undefined,
          { request: endpoint },
        );
      }
      if (seenCursors.has(endCursor) || endCursor === after) {
        throw new InvalidResponseError(
          `Energy Hub returned the cursor "${endCursor}" for ${pathText} twice; stopping to avoid an endless loop (${yielded} items read so far). Try again; if it persists, set maxItems to read what arrives first, and report it to Schneider Electric support.`,
          undefined,
          { request: endpoint },
        );
      }
      if (items.length === 0) {
        throw new InvalidResponseError(
          `Energy Hub sent an empty page of ${pathText} but said more follow; stopping (${yielded} items read so far). Try again; if it persists, report it to Schneider Electric support.`,
          undefined,
          {
            request: endpoint,
          },
        );
      }
      seenCursors.add(endCursor);
      after = endCursor;
    }
  }

  async function collectAll<TNode = unknown>(
    document: string,
    variables: GraphQLVariables | undefined,
    connectionPath: readonly string[],
    options: PaginateOptions<TNode> = {},
  ): Promise<ConnectionResult<TNode>> {
    const prepared = preparePagination(document, variables, connectionPath, options);
    const items: TNode[] = [];
    let totalCount: number | undefined;
    let truncated = false;
    for await (const page of pages(prepared, options)) {
      items.push(...page.items);
      totalCount ??= page.totalCount;
      truncated = page.more && prepared.maxItems !== undefined && items.length >= prepared.maxItems;
    }
    return { items, totalCount, truncated };
  }

  const alarmOptions = (options: ListOptions): PaginateOptions<Alarm> => ({ ...options, node: alarmSchema });
  const thingOptions = (options: ListOptions): PaginateOptions<Thing> => ({ ...options, node: thingSchema });

  return {
    query,
    paginate,
    collectAll,

    async listAlarms(filter = {}, options = {}) {
      return collectAll(
        ALARMS_QUERY,
        { filter: alarmFilterVariables(filter) },
        ['alarms'],
        alarmOptions(options),
      );
    },

    iterateAlarms(filter = {}, options = {}) {
      // Checked now rather than on the first `next()`, so a bad filter fails where it was passed.
      const variables = { filter: alarmFilterVariables(filter) };
      return paginate(ALARMS_QUERY, variables, ['alarms'], alarmOptions(options));
    },

    async getOrganization(options = {}) {
      const data = await query<{ organization?: unknown }>(ORGANIZATION_QUERY, {}, options);
      return parseResponse(organizationSchema, data.organization, { request: `${endpoint} (organization)` });
    },

    async listThings(filter = {}, options = {}) {
      return collectAll(
        THINGS_QUERY,
        { filter: thingFilterVariables(filter) },
        ['things'],
        thingOptions(options),
      );
    },

    async getThing(id, options = {}) {
      if (typeof id !== 'string' || id.trim() === '') {
        throw new ValidationError(
          'thingId',
          '"thingId" must be a non-empty thing ID (e.g. site-1): pick one from listThings().',
        );
      }
      const data = await query<{ thing?: unknown }>(THING_QUERY, { id }, options);
      if (data.thing === null || data.thing === undefined) return null;
      return parseResponse(thingSchema, data.thing, { request: `${endpoint} (thing)` });
    },

    async getTimeseries(request, options = {}) {
      const { thingId, measurements, interval } = request;
      if (typeof thingId !== 'string' || thingId.trim() === '') {
        throw new ValidationError(
          'thingId',
          '"thingId" must be a non-empty thing ID (e.g. site-1): pick one from listThings().',
        );
      }
      if (
        !Array.isArray(measurements) ||
        measurements.length === 0 ||
        measurements.some((name) => typeof name !== 'string' || name.trim() === '')
      ) {
        throw new ValidationError(
          'measurements',
          '"measurements" must list at least one measurement name (e.g. activePower).',
        );
      }
      const from = parseInstant('from', request.from);
      const to = parseInstant('to', request.to);
      if (from.getTime() >= to.getTime()) {
        throw new ValidationError(
          'to',
          `"to" (${to.toISOString()}) must be after "from" (${from.toISOString()}).`,
        );
      }
      const data = await query<{ timeseries?: unknown }>(
        TIMESERIES_QUERY,
        {
          thingId,
          measurements: [...measurements],
          from: from.toISOString(),
          to: to.toISOString(),
          ...(interval === undefined || interval === '' ? {} : { interval }),
        },
        options,
      );
      return parseResponse(timeSeriesListSchema, data.timeseries, { request: `${endpoint} (timeseries)` });
    },
  };
}

const timeSeriesListSchema = timeSeriesSchema.array();

function valueAt(data: unknown, path: readonly string[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function parseNode<TNode>(schema: z.ZodType<TNode>, node: unknown, where: string): TNode {
  const result = schema.safeParse(node);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? `${where}.${formatIssuePath(issue.path)}`.replace(/\.\(root\)$/, '') : where;
  throw new InvalidResponseError(
    `Energy Hub sent an item that does not have the expected shape: ${field}: ${issue?.message ?? 'invalid'}. Check that the base URL points at the Energy Hub API this connector supports, and that the query selects the fields the item needs.`,
  );
}

function alarmFilterVariables(filter: AlarmFilter): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  if (filter.active !== undefined) variables.active = filter.active;
  if (filter.acknowledged !== undefined) variables.acknowledged = filter.acknowledged;
  if (filter.priority !== undefined && filter.priority.length > 0) variables.priority = [...filter.priority];
  if (filter.category !== undefined && filter.category.length > 0) variables.category = [...filter.category];
  if (filter.thingId !== undefined && filter.thingId !== '') variables.thingId = filter.thingId;
  if (filter.startedAfter !== undefined && filter.startedAfter !== '') {
    variables.startedAfter = parseInstant('startedAfter', filter.startedAfter).toISOString();
  }
  if (filter.startedBefore !== undefined && filter.startedBefore !== '') {
    variables.startedBefore = parseInstant('startedBefore', filter.startedBefore).toISOString();
  }
  return variables;
}

function thingFilterVariables(filter: ThingFilter): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  if (filter.concept !== undefined && filter.concept !== '') {
    variables.concept = filter.concept.includes(':') ? filter.concept : `${CONCEPT_PREFIX}${filter.concept}`;
  }
  if (filter.parentId !== undefined && filter.parentId !== '') variables.parentId = filter.parentId;
  if (filter.nameContains !== undefined && filter.nameContains !== '')
    variables.nameContains = filter.nameContains;
  return variables;
}
