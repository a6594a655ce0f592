/**
 * Client for the Energy Hub System Integration API (contract §6): GraphQL checked locally before sending,
 * typed errors, Relay-connection pagination, and the named queries users need (alarms, organization,
 * things, time series). The HTTP client it is given points at the GraphQL URL itself.
 */
import { parseInstant } from '../seams/validate.js';
import { ValidationError } from '../errors/errors.js';
import type { HttpClient } from '../http/types.js';
import { parseResponse } from '../schema/parse-response.js';
import {
  ALARMS_QUERY,
  ORGANIZATION_QUERY,
  THING_QUERY,
  THINGS_QUERY,
  TIMESERIES_QUERY,
} from './documents.js';
import { alarmFilterVariables, thingFilterVariables } from './filters.js';
import { analyzeDocument } from './graphql.js';
import { collectConnection, connectionPages, preparePagination } from './pagination.js';
import {
  alarmSchema,
  organizationSchema,
  thingSchema,
  timeSeriesListSchema,
  type Alarm,
  type Organization,
  type Thing,
  type TimeSeries,
} from './schemas.js';
import { checkVariables, createGraphQLSender, type GraphQLSender } from './send.js';
import type { Leniency } from '../schema/lenient-values.js';
import {
  DEFAULT_ENERGY_HUB_DIALECT,
  energyHubLeniency,
  tolerateAlarms,
  tolerateTimeseries,
  type EnergyHubDialect,
} from './lenient.js';
import type {
  AlarmFilter,
  ConnectionResult,
  GraphQLVariables,
  IterateAlarmsOptions,
  ListOptions,
  PaginateOptions,
  QueryOptions,
  ThingFilter,
  TimeseriesOptions,
  TimeseriesRequest,
} from './types.js';

export * from './types.js';

export interface EnergyHubClient {
  /** Runs a GraphQL query or mutation and resolves with its `data`. */
  query<T = unknown>(document: string, variables?: GraphQLVariables, options?: QueryOptions): Promise<T>;
  /**
   * Iterates the nodes of a Relay connection found at `connectionPath` in the data, requesting page after
   * page with `$first` and `$after`.
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
  iterateAlarms(filter?: AlarmFilter, options?: IterateAlarmsOptions): AsyncGenerator<Alarm, void, undefined>;
  getOrganization(options?: Pick<QueryOptions, 'signal'>): Promise<Organization>;
  listThings(filter?: ThingFilter, options?: ListOptions): Promise<ConnectionResult<Thing>>;
  /** One thing with its parent and children; null when it does not exist or is not visible. */
  getThing(id: string, options?: Pick<QueryOptions, 'signal'>): Promise<Thing | null>;
  getTimeseries(request: TimeseriesRequest, options?: TimeseriesOptions): Promise<TimeSeries[]>;
}

function requireThingId(id: unknown): string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new ValidationError({
      field: 'thingId',
      message: '"thingId" must be a non-empty thing ID (e.g. site-1): pick one from the list of things.',
    });
  }
  return id.trim();
}

/** The items of `items`, then what `lenient` read handed to `onWarning`, however the iteration ends. */
async function* handingWarnings<T>(
  items: AsyncGenerator<T, void, undefined>,
  lenient: Leniency,
  onWarning: IterateAlarmsOptions['onWarning'],
): AsyncGenerator<T, void, undefined> {
  try {
    yield* items;
  } finally {
    for (const warning of lenient.warnings()) onWarning?.(warning);
  }
}

/** The alarms page by page; what was read leniently goes to `options.onWarning` once they end or are left. */
function alarmIterator(
  paginate: EnergyHubClient['paginate'],
  lenient: Leniency,
  filter: AlarmFilter,
  options: IterateAlarmsOptions,
): AsyncGenerator<Alarm, void, undefined> {
  // Checked now rather than on the first `next()`, so a bad filter fails where it was passed.
  const variables = { filter: alarmFilterVariables(filter) };
  const { onWarning, ...list } = options;
  const alarms = paginate(ALARMS_QUERY, variables, ['alarms'], alarmOptions(list, lenient));
  return handingWarnings(alarms, lenient, onWarning);
}

export function createEnergyHubClient(
  http: HttpClient,
  dialect: EnergyHubDialect = DEFAULT_ENERGY_HUB_DIALECT,
): EnergyHubClient {
  const sender = createGraphQLSender(http);
  const { query, paginate, collectAll } = graphQLRequests(sender);

  return {
    query,
    paginate,
    collectAll,

    async listAlarms(filter = {}, options = {}) {
      const lenient = energyHubLeniency(dialect, `${sender.label} (alarms)`);
      const result = await collectAll(
        ALARMS_QUERY,
        { filter: alarmFilterVariables(filter) },
        ['alarms'],
        alarmOptions(options, lenient),
      );
      return { ...result, warnings: lenient.warnings() };
    },

    iterateAlarms(filter = {}, options = {}) {
      const lenient = energyHubLeniency(dialect, `${sender.label} (alarms)`);
      return alarmIterator(paginate, lenient, filter, options);
    },

    async getOrganization(options = {}) {
      const data = await query<{ organization?: unknown }>(ORGANIZATION_QUERY, {}, options);
      return parseResponse(organizationSchema, data.organization, {
        request: `${sender.label} (organization)`,
      });
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
      const thingId = requireThingId(id);
      const data = await query<{ thing?: unknown }>(THING_QUERY, { id: thingId }, options);
      if (data.thing === null || data.thing === undefined) return null;
      return parseResponse(thingSchema, data.thing, { request: `${sender.label} (thing)` });
    },

    async getTimeseries(request, options = {}) {
      const thingId = requireThingId(request.thingId);
      const data = await query<{ timeseries?: unknown }>(
        TIMESERIES_QUERY,
        timeseriesVariables(thingId, request),
        options,
      );
      const label = `${sender.label} (timeseries)`;
      const lenient = energyHubLeniency(dialect, label);
      tolerateTimeseries(lenient, data.timeseries);
      for (const warning of lenient.warnings()) options.onWarning?.(warning);
      return parseResponse(timeSeriesListSchema, data.timeseries, { request: label });
    },
  };
}

/** Alarms are checked node by node, what the dialect tolerates noted as warnings on `lenient`. */
function alarmOptions(options: ListOptions, lenient: Leniency): PaginateOptions<Alarm> {
  return { ...options, node: alarmSchema, tolerate: tolerateAlarms(lenient) };
}

function thingOptions(options: ListOptions): PaginateOptions<Thing> {
  return { ...options, node: thingSchema };
}

/** The three ways to send any document: one query, a connection's nodes one by one, or all collected. */
function graphQLRequests(sender: GraphQLSender): Pick<EnergyHubClient, 'query' | 'paginate' | 'collectAll'> {
  async function query<T = unknown>(
    document: string,
    variables?: GraphQLVariables,
    options: QueryOptions = {},
  ): Promise<T> {
    const analyzed = analyzeDocument(document, options.operationName);
    checkVariables(variables);
    return (await sender.send(analyzed, document, variables, options.signal)) as T;
  }

  async function* paginate<TNode = unknown>(
    document: string,
    variables: GraphQLVariables | undefined,
    connectionPath: readonly string[],
    options: PaginateOptions<TNode> = {},
  ): AsyncGenerator<TNode, void, undefined> {
    const prepared = preparePagination(document, variables, connectionPath, options);
    for await (const page of connectionPages(sender, prepared, options)) yield* page.items;
  }

  async function collectAll<TNode = unknown>(
    document: string,
    variables: GraphQLVariables | undefined,
    connectionPath: readonly string[],
    options: PaginateOptions<TNode> = {},
  ): Promise<ConnectionResult<TNode>> {
    return collectConnection(
      sender,
      preparePagination(document, variables, connectionPath, options),
      options,
    );
  }

  return { query, paginate, collectAll };
}

/** The time series query's variables, checked: at least one measurement, and `from` before `to`. */
function timeseriesVariables(thingId: string, request: TimeseriesRequest): GraphQLVariables {
  const { measurements, interval } = request;
  if (
    !Array.isArray(measurements) ||
    measurements.length === 0 ||
    measurements.some((name) => typeof name !== 'string' || name.trim() === '')
  ) {
    throw new ValidationError({
      field: 'measurements',
      message: '"measurements" must list at least one measurement name (e.g. ActivePower).',
    });
  }
  const from = parseInstant('from', request.from);
  const to = parseInstant('to', request.to);
  if (from.getTime() >= to.getTime()) {
    throw new ValidationError({
      field: 'to',
      message: `"to" (${to.toISOString()}) must be after "from" (${from.toISOString()}).`,
    });
  }
  return {
    thingId,
    measurements: [...measurements],
    from: from.toISOString(),
    to: to.toISOString(),
    ...(interval === undefined || interval === '' ? {} : { interval }),
  };
}
