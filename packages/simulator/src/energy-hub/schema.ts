/**
 * The executable Energy Hub schema: the contract's SDL built by graphql-js, with the DateTime scalar and
 * the field resolvers attached. Building from the SDL text keeps the served schema identical to the one
 * clients are written against.
 */
import {
  buildSchema,
  GraphQLError,
  type GraphQLFieldResolver,
  GraphQLObjectType,
  GraphQLScalarType,
  type GraphQLSchema,
  Kind,
} from 'graphql';
import { parseIsoDateTime } from '../shared/iso-time.js';
import type { ThingRecord } from './organization.js';
import type {
  AlarmFilter,
  AlarmNode,
  EnergyHubContext,
  PageArgs,
  Resolvers,
  ThingFilter,
} from './resolvers.js';
import { ENERGY_HUB_SDL } from './schema-sdl.js';

type Resolver<TSource, TArgs> = GraphQLFieldResolver<TSource, EnergyHubContext, TArgs>;

const dateTimeError = (value: unknown): GraphQLError =>
  new GraphQLError(
    `DateTime must be an ISO 8601 date-time with a UTC offset; got ${JSON.stringify(value)}.`,
    {
      extensions: { code: 'BAD_USER_INPUT' },
    },
  );

/** DateTime travels as an ISO 8601 string with offset and is an epoch-ms number inside the resolvers. */
function configureDateTime(scalar: GraphQLScalarType): void {
  scalar.description = 'An ISO 8601 date-time with a UTC offset, e.g. 2025-01-31T12:00:00Z.';
  scalar.serialize = (value: unknown): string => {
    if (typeof value === 'number') return new Date(value).toISOString();
    if (value instanceof Date) return value.toISOString();
    throw new GraphQLError('DateTime cannot represent this value.');
  };
  scalar.parseValue = (value: unknown): number => {
    const ms = typeof value === 'string' ? parseIsoDateTime(value) : undefined;
    if (ms === undefined) throw dateTimeError(value);
    return ms;
  };
  scalar.parseLiteral = (node): number => {
    const ms = node.kind === Kind.STRING ? parseIsoDateTime(node.value) : undefined;
    if (ms === undefined) throw dateTimeError(node.kind === Kind.STRING ? node.value : node.kind);
    return ms;
  };
}

function objectType(schema: GraphQLSchema, name: string): GraphQLObjectType {
  const type = schema.getType(name);
  if (!(type instanceof GraphQLObjectType)) throw new Error(`The SDL has no object type ${name}.`);
  return type;
}

function setResolver<TSource, TArgs>(
  schema: GraphQLSchema,
  typeName: string,
  fieldName: string,
  resolve: Resolver<TSource, TArgs>,
): void {
  const field = objectType(schema, typeName).getFields()[fieldName];
  if (!field) throw new Error(`The SDL has no field ${typeName}.${fieldName}.`);
  field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
}

export function buildEnergyHubSchema(resolvers: Resolvers): GraphQLSchema {
  const schema = buildSchema(ENERGY_HUB_SDL);
  const dateTime = schema.getType('DateTime');
  if (!(dateTime instanceof GraphQLScalarType)) throw new Error('The SDL has no DateTime scalar.');
  configureDateTime(dateTime);

  setResolver<unknown, Record<string, never>>(schema, 'Query', 'organization', (_s, _a, ctx) =>
    resolvers.organization(ctx),
  );
  setResolver<unknown, PageArgs & { filter?: ThingFilter | null }>(
    schema,
    'Query',
    'things',
    (_s, args, ctx) => resolvers.things(ctx, args),
  );
  setResolver<unknown, { id: string }>(schema, 'Query', 'thing', (_s, args, ctx) =>
    resolvers.thing(ctx, args.id),
  );
  setResolver<unknown, PageArgs & { filter?: AlarmFilter | null }>(
    schema,
    'Query',
    'alarms',
    (_s, args, ctx) => resolvers.alarms(ctx, args),
  );
  setResolver<
    unknown,
    { thingId: string; measurements: string[]; from: number; to: number; interval?: string | null }
  >(schema, 'Query', 'timeseries', (_s, args, ctx) => resolvers.timeseries(ctx, args));
  setResolver<ThingRecord, Record<string, never>>(schema, 'Thing', 'parent', (thing, _a, ctx) =>
    resolvers.thingParent(ctx, thing),
  );
  setResolver<ThingRecord, Record<string, never>>(schema, 'Thing', 'children', (thing, _a, ctx) =>
    resolvers.thingChildren(ctx, thing),
  );
  setResolver<AlarmNode, Record<string, never>>(schema, 'Alarm', 'thing', (alarm, _a, ctx) =>
    resolvers.alarmThing(ctx, alarm),
  );
  return schema;
}
