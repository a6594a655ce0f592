/**
 * GraphQL over HTTP for Energy Hub (contract §6): POST with a JSON body or GET with query parameters.
 * Credentials are checked before the query is looked at; a refused token answers with the HTTP status
 * the authorization server chose (401, 429, ...) and a GraphQL-shaped error body, so GraphQL clients
 * can read it and HTTP clients still see the status and `Retry-After`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  getOperationAST,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  parse,
  validate,
} from 'graphql';
import type { AuthorizationServer, SimulatorContext } from '../context.js';
import { ProblemError } from '../problem.js';
import { visibleThingIds, type Organization } from './organization.js';
import { costRefusal, type ListSizeEstimates, QUERY_LIMITS, shapeRefusal } from './query-limits.js';
import type { EnergyHubContext } from './resolvers.js';

export const ENERGY_HUB_GRAPHQL_PATH = '/energy-hub/v1/graphql';

interface GraphQLParams {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

const AUTH_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 429: 'RATE_LIMITED' };

function sendErrors(reply: FastifyReply, status: number, errors: GraphQLFormattedError[]): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').send({ errors });
}

const requestError = (message: string): GraphQLFormattedError => ({
  message,
  extensions: { code: 'BAD_REQUEST' },
});

/** The query, variables and operation name from a GET query string or a POST body. */
function readParams(request: FastifyRequest): GraphQLParams | string {
  const source = (request.method === 'GET' ? request.query : request.body) as
    Record<string, unknown> | undefined;
  if (!source || typeof source !== 'object')
    return 'Send a JSON body {query, variables, operationName} with Content-Type: application/json.';
  const { query, operationName } = source;
  let { variables } = source;
  if (typeof query !== 'string' || query.trim() === '') return 'The request has no query.';
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return 'operationName must be a string.';
  }
  if (typeof variables === 'string') {
    try {
      variables = JSON.parse(variables) as unknown;
    } catch {
      return 'variables is not valid JSON.';
    }
  }
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  ) {
    return 'variables must be a JSON object.';
  }
  return {
    query,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: operationName ?? undefined,
  };
}

/** The widest node of this organization: what a `children` or `properties` list is assumed to hold. */
function listSizeEstimates(organization: Organization): ListSizeEstimates {
  let children = organization.things.filter((thing) => thing.parentId === null).length;
  let properties = 1;
  for (const thing of organization.things) {
    children = Math.max(children, thing.childIds.length);
    properties = Math.max(properties, thing.properties.length);
  }
  return { children: Math.max(1, children), properties, other: 10 };
}

/** Every error carries a code clients can branch on; graphql-js's own errors get one here. */
function withCode(error: GraphQLError, fallback: string): GraphQLFormattedError {
  const formatted = error.toJSON();
  if (typeof formatted.extensions?.code === 'string') return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: fallback } };
}

/** graphql-js reports syntax errors as GraphQLError; anything else (a stack overflow) is still the query's fault. */
function parseFailure(error: unknown): GraphQLFormattedError {
  if (error instanceof GraphQLError) return withCode(error, 'GRAPHQL_PARSE_FAILED');
  return {
    message: 'The query could not be parsed: it is nested too deeply.',
    extensions: { code: 'GRAPHQL_PARSE_FAILED' },
  };
}

/**
 * graphql-js would answer `mutation { ... }` from inside execution, where it looks like a server fault;
 * the API is read-only, which is the caller's to know.
 */
function unsupportedOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
): GraphQLFormattedError | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation || schema.getRootType(operation.operation)) return undefined;
  return {
    message: `Energy Hub's GraphQL API is read-only: it has no ${operation.operation} operations. Send a query.`,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
  };
}

/** A body Fastify cannot parse still gets a GraphQL error, so GraphQL clients can show it. */
function bodyErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) throw error;
  return sendErrors(reply, status, [
    requestError(
      'The request body could not be read: send JSON {"query": "...", "variables": {...}} with Content-Type: application/json.',
    ),
  ]);
}

/** Runs a checked document and returns the response body: its data and errors, each error with a code. */
async function executeDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  params: Exclude<ReturnType<typeof readParams>, string>,
  contextValue: EnergyHubContext,
): Promise<Record<string, unknown>> {
  const result: ExecutionResult = await execute({
    schema,
    document,
    variableValues: params.variables,
    operationName: params.operationName,
    contextValue,
  });
  // Errors before execution (bad variables, unknown operation) come without data and are the caller's fault.
  const fallback = result.data === undefined ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR';
  const body: Record<string, unknown> = {};
  if (result.errors) body.errors = result.errors.map((error) => withCode(error, fallback));
  if (result.data !== undefined) body.data = result.data;
  return body;
}

export function registerEnergyHubRoutes(
  app: FastifyInstance,
  ctx: SimulatorContext,
  auth: AuthorizationServer,
  schema: GraphQLSchema,
  organization: Organization,
): void {
  const estimates = listSizeEstimates(organization);
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    let principal;
    try {
      principal = auth.authenticate(request, { audience: 'energy-hub' });
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      return sendErrors(reply.headers(error.headers), error.status, [
        { message: error.detail, extensions: { code: AUTH_CODES[error.status] ?? 'UNAUTHENTICATED' } },
      ]);
    }

    const params = readParams(request);
    if (typeof params === 'string') return sendErrors(reply, 400, [requestError(params)]);

    let document: DocumentNode;
    try {
      document = parse(params.query, { maxTokens: QUERY_LIMITS.maxTokens });
    } catch (error) {
      return sendErrors(reply, 200, [parseFailure(error)]);
    }
    const tooLarge = shapeRefusal(document);
    if (tooLarge) return sendErrors(reply, 200, [tooLarge]);
    const validationErrors = validate(schema, document);
    if (validationErrors.length > 0) {
      return sendErrors(
        reply,
        200,
        validationErrors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')),
      );
    }
    const unsupported = unsupportedOperation(schema, document, params.operationName);
    if (unsupported) return sendErrors(reply, 200, [unsupported]);
    const tooCostly = costRefusal(schema, document, params.variables, params.operationName, estimates);
    if (tooCostly) return sendErrors(reply, 200, [tooCostly]);

    // A token without a role or permissions sees nothing: failing closed beats leaking the organization.
    const contextValue: EnergyHubContext = {
      role: principal.role ?? 'no-access',
      visible: visibleThingIds(organization, principal.permissions ?? []),
      now: ctx.clock.now(),
    };
    const body = await executeDocument(schema, document, params, contextValue);
    return reply.status(200).type('application/json; charset=utf-8').send(body);
  };

  app.get(ENERGY_HUB_GRAPHQL_PATH, { errorHandler: bodyErrorHandler }, handler);
  app.post(ENERGY_HUB_GRAPHQL_PATH, { errorHandler: bodyErrorHandler }, handler);
}
