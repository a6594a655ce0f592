/**
 * Local checks on GraphQL documents and the mapping of GraphQL `errors` to typed errors. A syntax error
 * is caught here, before a token is fetched or a request sent, with the line and column to fix.
 */
// Per-module imports: only the parser goes into the n8n bundle, not graphql's execution and type system.
import type { DocumentNode, OperationDefinitionNode } from 'graphql/language/ast.js';
import { GraphQLError } from 'graphql/error/GraphQLError.js';
import { Kind } from 'graphql/language/kinds.js';
import { parse } from 'graphql/language/parser.js';
import {
  AuthenticationError,
  GraphQLResponseError,
  PermissionError,
  ValidationError,
  type EcoStruxureError,
  type ErrorContext,
  type GraphQLErrorEntry,
} from '../errors/errors.js';
import {
  ALARMS_QUERY,
  ORGANIZATION_QUERY,
  THING_QUERY,
  THINGS_QUERY,
  TIMESERIES_QUERY,
} from './documents.js';

/** The documents this package sends on its own; a server that rejects them has another schema. */
const BUILT_IN_DOCUMENTS: ReadonlySet<string> = new Set([
  ALARMS_QUERY,
  ORGANIZATION_QUERY,
  THING_QUERY,
  THINGS_QUERY,
  TIMESERIES_QUERY,
]);

export type OperationType = 'query' | 'mutation';

export interface AnalyzedDocument {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationType: OperationType;
  /** The operation's name, when it has one. */
  operationName: string | undefined;
  /** Names of the variables the operation declares, without `$`. */
  variables: ReadonlySet<string>;
  /** One of this package's own documents (listAlarms, getOrganization, ...), not a caller's query. */
  builtIn: boolean;
}

/** Parses a document and picks the operation to run, or throws a ValidationError saying what to fix. */
export function analyzeDocument(source: string, operationName?: string): AnalyzedDocument {
  if (typeof source !== 'string' || source.trim() === '') {
    throw new ValidationError({
      field: 'query',
      message: 'The GraphQL query is empty: enter a query such as "{ organization { id name } }".',
    });
  }
  const document = parseDocument(source);
  const operation = pickOperation(document, operationName);
  if (operation.operation === 'subscription') {
    throw new ValidationError({
      field: 'query',
      message: 'GraphQL subscriptions are not supported over HTTP: use a query and poll.',
    });
  }
  return {
    document,
    operation,
    operationType: operation.operation,
    operationName: operation.name?.value,
    variables: new Set(
      (operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value),
    ),
    builtIn: BUILT_IN_DOCUMENTS.has(source),
  };
}

/** The document's syntax tree, or a ValidationError that says where the syntax is wrong. */
function parseDocument(source: string): DocumentNode {
  try {
    return parse(source);
  } catch (error) {
    if (error instanceof GraphQLError) {
      const location = error.locations?.[0];
      const where = location ? ` at line ${location.line}, column ${location.column}` : '';
      // graphql prefixes "Syntax Error: "; the location goes in front so it reads like a compiler message.
      const reason = error.message.replace(/^Syntax Error:\s*/, '').replace(/\.$/, '');
      throw new ValidationError({
        field: 'query',
        message: `GraphQL syntax error${where}: ${reason}. Correct the query and try again.`,
      });
    }
    throw error;
  }
}

/** The operation to run: the one named, or the only one there is. */
function pickOperation(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  let operation: OperationDefinitionNode | undefined;
  if (operationName !== undefined && operationName !== '') {
    operation = operations.find((candidate) => candidate.name?.value === operationName);
    if (!operation) {
      const names = operations.map((candidate) => candidate.name?.value ?? '(anonymous)').join(', ');
      throw new ValidationError({
        field: 'operationName',
        message: `The document has no operation named "${operationName}"; it has: ${names || 'none'}.`,
      });
    }
  } else if (operations.length === 1) {
    operation = operations[0];
  } else {
    throw new ValidationError({
      field: operations.length === 0 ? 'query' : 'operationName',
      message:
        operations.length === 0
          ? 'The GraphQL document has no operation (only fragments): add a query.'
          : 'The GraphQL document has several operations: set the operation name to choose one.',
    });
  }
  if (!operation)
    throw new ValidationError({
      field: 'query',
      message: 'The GraphQL document has no operation: add a query.',
    });
  return operation;
}

export interface RawGraphQLError {
  message: string;
  path?: Array<string | number> | undefined;
  extensions?: { code?: string | undefined; [key: string]: unknown } | undefined;
}

const codeOf = (error: RawGraphQLError) => error.extensions?.code;

/** Codes a server gives a document it refuses for its size or shape, before running it. */
const TOO_COMPLEX_CODES = new Set(['QUERY_TOO_COMPLEX', 'GRAPHQL_PARSE_FAILED']);
/** graphql-js's (and most servers') validation message for a field the schema does not have. */
const UNKNOWN_FIELD = /Cannot query field "[^"]+" on type "[^"]+"/;

function entryOf(error: RawGraphQLError): GraphQLErrorEntry {
  return {
    message: error.message,
    ...(error.path === undefined ? {} : { path: error.path }),
    ...(codeOf(error) === undefined ? {} : { code: codeOf(error) }),
  };
}

/** The first three errors, each with its path and code, for a message (the rest counted). */
function describe(list: readonly GraphQLErrorEntry[]): string {
  return (
    list
      .slice(0, 3)
      .map(
        (entry) =>
          `${entry.path ? `${entry.path.join('.')}: ` : ''}${entry.message}${entry.code ? ` (${entry.code})` : ''}`,
      )
      .join('; ') + (list.length > 3 ? `; and ${list.length - 3} more` : '')
  );
}

/**
 * One typed error for the `errors` of a response: authentication and permission problems get the same
 * classes as their REST counterparts, so callers handle "fix the credential" and "ask for access" alike
 * whichever API they called.
 */
export function errorFromGraphQL(
  errors: readonly RawGraphQLError[],
  partialData: unknown,
  context: ErrorContext,
  operationLabel: string,
  builtIn = false,
): EcoStruxureError {
  const entries = errors.map(entryOf);

  const unauthenticated = entries.filter((entry) => entry.code === 'UNAUTHENTICATED');
  if (unauthenticated.length > 0) {
    return new AuthenticationError({
      ...context,
      message:
        `Energy Hub did not accept the access client's token for ${operationLabel}: ${describe(unauthenticated)}. ` +
        'Check the access client ID and secret, and that the client still exists in Energy Hub.',
    });
  }
  const forbidden = entries.filter((entry) => entry.code === 'FORBIDDEN');
  if (forbidden.length > 0) {
    return new PermissionError({
      ...context,
      message:
        `Energy Hub refused ${operationLabel}: ${describe(forbidden)}. The access client's role or access ` +
        'permissions do not allow this; ask an Energy Hub administrator to grant read access.',
      problem: {},
    });
  }
  const tooComplex = entries.filter((entry) => entry.code !== undefined && TOO_COMPLEX_CODES.has(entry.code));
  if (tooComplex.length > 0) {
    return new GraphQLResponseError({
      ...context,
      message:
        `Energy Hub refused ${operationLabel} as too large or too complex to run: ${describe(tooComplex)}. ` +
        'Narrow the query: select fewer fields, nest less, use fewer aliases, and ask for smaller pages ' +
        '(first) or shorter time ranges.',
      errors: entries,
      partialData,
    });
  }
  const unknownFields = entries.filter((entry) => UNKNOWN_FIELD.test(entry.message));
  if (builtIn && unknownFields.length > 0) {
    return new GraphQLResponseError({
      ...context,
      message:
        `Energy Hub rejected the built-in ${operationLabel.replace(/^the /, '')}: ${describe(unknownFields)}. ` +
        "The built-in query does not match this server's schema; use the custom query operation (Energy Hub " +
        "Query) with a query written for this server's schema.",
      errors: entries,
      partialData,
    });
  }
  return new GraphQLResponseError({
    ...context,
    message: `Energy Hub answered ${operationLabel} with ${entries.length === 1 ? 'an error' : `${entries.length} errors`}: ${describe(entries)}.`,
    errors: entries,
    partialData,
  });
}
