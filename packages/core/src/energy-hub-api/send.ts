/**
 * Sends one GraphQL document over the HTTP client and unwraps the answer: `data`, or the `errors` as a
 * typed error. The client's base URL is the GraphQL endpoint itself, whatever its path.
 */
import { InvalidResponseError, ValidationError } from '../errors/errors.js';
import type { HttpClient } from '../http/types.js';
import { parseResponse } from '../schema/parse-response.js';
import { errorFromGraphQL, type AnalyzedDocument } from './graphql.js';
import { graphqlResponseSchema } from './schemas.js';
import type { GraphQLVariables } from './types.js';

export interface GraphQLSender {
  /** `POST /energy-hub/v1/graphql`: how requests to this endpoint are named in messages. */
  readonly label: string;
  send(
    analyzed: AnalyzedDocument,
    source: string,
    variables: GraphQLVariables | undefined,
    signal: AbortSignal | undefined,
  ): Promise<unknown>;
}

export function checkVariables(variables: unknown): asserts variables is GraphQLVariables | undefined {
  if (
    variables !== undefined &&
    (typeof variables !== 'object' || variables === null || Array.isArray(variables))
  ) {
    throw new ValidationError({
      field: 'variables',
      message:
        'GraphQL variables must be an object of names to values: pass e.g. { "first": 10 }, or nothing.',
    });
  }
}

export function createGraphQLSender(http: HttpClient): GraphQLSender {
  const label = `POST ${new URL(http.baseUrl).pathname}`;
  return {
    label,
    async send(analyzed, source, variables, signal) {
      const operationLabel = analyzed.operationName
        ? `the ${analyzed.operationName} ${analyzed.operationType}`
        : `the ${analyzed.operationType}`;
      const response = await http.request<unknown>({
        method: 'POST',
        path: '',
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
        request: label,
        // GraphQL errors arrive with status 200, past the HTTP client's redaction: the access client's
        // secret and tokens must be masked in them too, not only secret-shaped text.
        redact: (text: string) => http.secrets.redact(text),
        ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
      };
      const body = parseResponse(graphqlResponseSchema, response.data, {
        ...context,
        status: response.status,
      });
      if (body.errors !== undefined && body.errors.length > 0) {
        throw errorFromGraphQL(body.errors, body.data ?? null, context, operationLabel, analyzed.builtIn);
      }
      if (body.data === undefined || body.data === null) {
        throw new InvalidResponseError({
          ...context,
          message: `Energy Hub answered ${operationLabel} with neither data nor errors. Check that the GraphQL URL points at the Energy Hub GraphQL API.`,
          status: response.status,
        });
      }
      return body.data;
    },
  };
}
