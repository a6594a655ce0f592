/**
 * Limits on what one GraphQL request may ask for, checked before anything runs, as GraphQL gateways do:
 * without them a few hundred bytes of nested `parent`/`children`, or aliased `timeseries`, make the server
 * build gigabytes and stop answering everyone else (docs/api-contract.md §6, "Query limits").
 *
 * The shape (depth, aliases, root fields, expanded fields) is checked on the parsed document before
 * validation, because validation's overlapping-fields rule is itself quadratic in aliases. The cost needs
 * types and argument values, so it is estimated after validation.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLFormattedError,
  GraphQLList,
  type GraphQLSchema,
  isCompositeType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { INTERVALS, DEFAULT_INTERVAL, MAX_POINTS } from './measurements.js';
import { DEFAULT_FIRST, MAX_FIRST } from './resolvers.js';

export const QUERY_LIMITS = {
  /** Passed to graphql-js `parse`: bounds the parser's work and its recursion. */
  maxTokens: 5000,
  /** Fields on the deepest path, leaf and fragments included; the standard introspection query needs 15. */
  maxDepth: 15,
  maxAliases: 30,
  /** Root fields of one operation, aliases and fragments included. */
  maxRootFields: 10,
  /** Field selections once fragments are expanded, before any list multiplies them. */
  maxExpandedFields: 2000,
  /** Estimated result fields: every list multiplies what is selected inside it. */
  maxCost: 50_000,
} as const;

export type QueryLimit = 'depth' | 'aliases' | 'rootFields' | 'expandedFields' | 'cost';

/** The list sizes the estimate assumes where the request does not say (the organization's widest node). */
export interface ListSizeEstimates {
  children: number;
  properties: number;
  /** Any other list, including introspection's. */
  other: number;
}

class LimitExceeded extends Error {
  constructor(
    readonly limit: QueryLimit,
    readonly maximum: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function refusal(error: LimitExceeded): GraphQLFormattedError {
  return {
    message: `${error.reason} Narrow the query: select fewer fields, nest less, use fewer aliases or smaller pages.`,
    extensions: { code: 'QUERY_TOO_COMPLEX', limit: error.limit, maximum: error.maximum },
  };
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return fragments;
}

/**
 * The fields a selection set selects, with fragments and inline fragments flattened; like execution, a
 * fragment spread twice in one selection set is collected once, and a spread cycle ends the descent.
 */
function collectFields(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visited = new Set<string>(),
  into: FieldNode[] = [],
): FieldNode[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) into.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      collectFields(selection.selectionSet, fragments, visited, into);
    else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (visited.has(name) || !fragment) continue;
      visited.add(name);
      collectFields(fragment.selectionSet, fragments, visited, into);
    }
  }
  return into;
}

/** Depth, aliases, root fields and expanded fields of every operation, stopping at the first excess. */
function checkShape(document: DocumentNode): void {
  const fragments = fragmentsOf(document);
  let aliases = 0;
  let expanded = 0;
  const walk = (selectionSet: SelectionSetNode, depth: number): void => {
    for (const field of collectFields(selectionSet, fragments)) {
      expanded += 1;
      if (expanded > QUERY_LIMITS.maxExpandedFields) {
        throw new LimitExceeded(
          'expandedFields',
          QUERY_LIMITS.maxExpandedFields,
          `The query selects more than ${QUERY_LIMITS.maxExpandedFields} fields once its fragments are expanded.`,
        );
      }
      if (field.alias) aliases += 1;
      if (aliases > QUERY_LIMITS.maxAliases) {
        throw new LimitExceeded(
          'aliases',
          QUERY_LIMITS.maxAliases,
          `The query uses more than ${QUERY_LIMITS.maxAliases} aliases.`,
        );
      }
      if (!field.selectionSet) continue;
      if (depth + 1 > QUERY_LIMITS.maxDepth) {
        throw new LimitExceeded(
          'depth',
          QUERY_LIMITS.maxDepth,
          `The query nests fields more than ${QUERY_LIMITS.maxDepth} levels deep.`,
        );
      }
      walk(field.selectionSet, depth + 1);
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const roots = collectFields(definition.selectionSet, fragments).length;
    if (roots > QUERY_LIMITS.maxRootFields) {
      throw new LimitExceeded(
        'rootFields',
        QUERY_LIMITS.maxRootFields,
        `The operation asks for ${roots} root fields; at most ${QUERY_LIMITS.maxRootFields} are allowed.`,
      );
    }
    walk(definition.selectionSet, 1);
  }
}

/** Refuses a parsed document whose shape is over a limit; run before validation. */
export function shapeRefusal(document: DocumentNode): GraphQLFormattedError | undefined {
  try {
    checkShape(document);
    return undefined;
  } catch (error) {
    if (error instanceof LimitExceeded) return refusal(error);
    throw error;
  }
}

type Args = Record<string, unknown>;

/** How many series points a `timeseries` field asks for; the resolver refuses more than MAX_POINTS. */
function pointsPerSeries(args: Args): number {
  const { from, to } = args;
  const intervalMs = INTERVALS[typeof args.interval === 'string' ? args.interval : DEFAULT_INTERVAL];
  if (typeof from !== 'number' || typeof to !== 'number' || intervalMs === undefined) return MAX_POINTS;
  return Math.min(MAX_POINTS, Math.max(0, Math.ceil((to - from) / intervalMs)));
}

/**
 * The page size a connection field asks for, as the resolver serves it: at most MAX_FIRST, never fewer
 * than one. Taken as sent, `first: -2147483648` made the estimate negative and let any query through
 * (the resolver never refuses it when the field sits under `@skip(if: true)`).
 */
function pageSizeOf(args: Args): number {
  const asked =
    typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : undefined;
  if (asked === undefined || !Number.isFinite(asked)) return DEFAULT_FIRST;
  return Math.min(MAX_FIRST, Math.max(1, Math.trunc(asked)));
}

/** What a list field inside the current field multiplies by, set by the field that knows (paging, series). */
interface Pending {
  edges?: number;
  points?: number;
}

class CostEstimator {
  private readonly fragments: Map<string, FragmentDefinitionNode>;

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Args,
    private readonly estimates: ListSizeEstimates,
  ) {
    this.fragments = fragmentsOf(document);
  }

  /**
   * Estimated result fields of a selection set on `type`, each list multiplying what it contains. Fields
   * under `@skip`/`@include` count as if included: the directive's condition may come from a variable, and
   * an estimate that trusts it is one a caller can steer.
   */
  cost(selectionSet: SelectionSetNode, type: GraphQLCompositeType, pending: Pending): number {
    let total = 0;
    for (const node of collectFields(selectionSet, this.fragments)) {
      total += 1;
      const field = 'getFields' in type ? type.getFields()[node.name.value] : undefined;
      if (!field || !node.selectionSet) continue;
      const args = this.argumentsOf(field, node);
      const inner = getNamedType(field.type);
      if (!isCompositeType(inner)) continue;
      const next: Pending = {};
      if (node.name.value === 'things' || node.name.value === 'alarms') {
        next.edges = pageSizeOf(args);
      }
      if (node.name.value === 'timeseries') next.points = pointsPerSeries(args);
      total += this.listSize(field, node, args, pending) * this.cost(node.selectionSet, inner, next);
      if (total > QUERY_LIMITS.maxCost) return total;
    }
    return total;
  }

  private listSize(field: GraphQLField<unknown, unknown>, node: FieldNode, args: Args, pending: Pending) {
    if (!(getNullableType(field.type) instanceof GraphQLList)) return 1;
    switch (node.name.value) {
      case 'edges':
        return pending.edges ?? this.estimates.other;
      case 'points':
        return pending.points ?? MAX_POINTS;
      case 'timeseries':
        return Array.isArray(args.measurements) ? args.measurements.length : this.estimates.other;
      case 'children':
        return this.estimates.children;
      case 'properties':
        return this.estimates.properties;
      default:
        return this.estimates.other;
    }
  }

  private argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode): Args {
    try {
      return getArgumentValues(field, node, this.variables);
    } catch {
      // Execution reports bad arguments itself; the estimate then falls back to the defaults.
      return {};
    }
  }
}

/** Refuses a validated document whose estimated result is too large; run before execution. */
export function costRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  rawVariables: Args | undefined,
  operationName: string | undefined,
  estimates: ListSizeEstimates,
): GraphQLFormattedError | undefined {
  const operation = getOperationAST(document, operationName);
  const root = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !root) return undefined; // execution explains the missing operation
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (variables.errors) return undefined; // execution reports the variables, and runs nothing
  const cost = new CostEstimator(schema, document, variables.coerced, estimates).cost(
    operation.selectionSet,
    root,
    {},
  );
  if (cost <= QUERY_LIMITS.maxCost) return undefined;
  return refusal(
    new LimitExceeded(
      'cost',
      QUERY_LIMITS.maxCost,
      `The query could return more than ${QUERY_LIMITS.maxCost} fields (estimated from page sizes, children and time-series points).`,
    ),
  );
}
