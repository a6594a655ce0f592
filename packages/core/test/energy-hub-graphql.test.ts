import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  GraphQLResponseError,
  InvalidResponseError,
  PermissionError,
  ValidationError,
} from '../src/index.js';
import { createEnergyHubClient } from '../src/advanced.js';
import {
  ALARMS_QUERY,
  ORGANIZATION_QUERY,
  THING_QUERY,
  THINGS_QUERY,
  TIMESERIES_QUERY,
} from '../src/energy-hub-api/documents.js';
import { analyzeDocument, errorFromGraphQL } from '../src/energy-hub-api/graphql.js';
import { stubHttp } from './helpers/stub-http.js';

const BASE = 'http://hub.test/energy-hub/v1/graphql';

describe('analyzeDocument', () => {
  it('reports a syntax error with its line and column', () => {
    let caught: unknown;
    try {
      analyzeDocument('query {\n  alarms(first: 2 {\n    totalCount\n  }\n}');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).field).toBe('query');
    expect((caught as Error).message).toMatch(/^GraphQL syntax error at line 2, column 19: /);
  });

  it('picks the operation and its kind', () => {
    const twoOps = 'query A { organization { id } } mutation B { noop }';
    expect(analyzeDocument(twoOps, 'B').operationType).toBe('mutation');
    expect(() => analyzeDocument(twoOps)).toThrow(expect.objectContaining({ field: 'operationName' }));
    expect(() => analyzeDocument(twoOps, 'C')).toThrow(/no operation named "C"/);
    expect(() => analyzeDocument('subscription { alarms { id } }')).toThrow(/subscriptions/);
    expect(() => analyzeDocument('   ')).toThrow(ValidationError);
    const alarms = analyzeDocument(ALARMS_QUERY);
    expect(alarms.operationName).toBe('Alarms');
    expect([...alarms.variables].sort()).toEqual(['after', 'filter', 'first']);
  });

  it('parses every bundled document', () => {
    for (const document of [ALARMS_QUERY, ORGANIZATION_QUERY, THING_QUERY, THINGS_QUERY, TIMESERIES_QUERY]) {
      expect(analyzeDocument(document).operationType).toBe('query');
    }
  });
});

describe('errorFromGraphQL', () => {
  const context = { request: 'POST /energy-hub/v1/graphql' };

  it('maps FORBIDDEN and UNAUTHENTICATED to the REST error classes', () => {
    const forbidden = errorFromGraphQL(
      [{ message: 'Not allowed', path: ['alarms'], extensions: { code: 'FORBIDDEN' } }],
      null,
      context,
      'the Alarms query',
    );
    expect(forbidden).toBeInstanceOf(PermissionError);
    expect(forbidden.message).toContain('alarms: Not allowed (FORBIDDEN)');
    const unauthenticated = errorFromGraphQL(
      [{ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } }],
      null,
      context,
      'the query',
    );
    expect(unauthenticated).toBeInstanceOf(AuthenticationError);
  });

  it('keeps paths, codes and partial data otherwise', () => {
    const error = errorFromGraphQL(
      [
        { message: 'No such thing', path: ['thing'], extensions: { code: 'NOT_FOUND' } },
        { message: 'Bad first', path: ['alarms'], extensions: { code: 'BAD_USER_INPUT' } },
      ],
      { organization: { id: 'org-1' } },
      context,
      'the query',
    );
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).errors).toEqual([
      { message: 'No such thing', path: ['thing'], code: 'NOT_FOUND' },
      { message: 'Bad first', path: ['alarms'], code: 'BAD_USER_INPUT' },
    ]);
    expect((error as GraphQLResponseError).partialData).toEqual({ organization: { id: 'org-1' } });
    expect(error.message).toContain('2 errors');
  });
});

/** A connection page as a server would send it. */
const connectionPage = (ids: string[], hasNextPage: boolean, endCursor: string | null) => ({
  data: {
    alarms: {
      totalCount: 10,
      pageInfo: { hasNextPage, endCursor },
      edges: ids.map((id) => ({ cursor: `c-${id}`, node: { id } })),
    },
  },
});

const PAGED = 'query P($first: Int, $after: String) { alarms(first: $first, after: $after) { totalCount } }';

describe('pagination guards', () => {
  it('stops with an error when the server repeats a cursor', async () => {
    const http = stubHttp(BASE, (_request, call) => connectionPage([`a${call}`], true, 'same'));
    const hub = createEnergyHubClient(http);
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const node of hub.paginate(PAGED, {}, ['alarms'], { pageSize: 1 })) seen.push(node);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/cursor "same" for alarms twice/);
    expect(http.calls).toHaveLength(2);
    expect(seen).toEqual([{ id: 'a1' }, { id: 'a2' }]);
  });

  it('stops with an error when more pages are announced without a cursor', async () => {
    const hub = createEnergyHubClient(stubHttp(BASE, () => connectionPage(['a'], true, null)));
    await expect(hub.collectAll(PAGED, {}, ['alarms'])).rejects.toThrow(/no endCursor/);
  });

  it('passes first and after as variables and honours maxItems', async () => {
    const http = stubHttp(BASE, (_request, call) =>
      connectionPage([`a${call * 2 - 1}`, `a${call * 2}`], true, `cur${call}`),
    );
    const result = await createEnergyHubClient(http).collectAll(PAGED, { filter: { x: 1 } }, ['alarms'], {
      pageSize: 2,
      maxItems: 5,
    });
    expect(result.items).toHaveLength(5);
    expect(result.truncated).toBe(true);
    expect(result.totalCount).toBe(10);
    const variables = http.calls.map((call) => (call.json as { variables: unknown }).variables);
    expect(variables).toEqual([
      { filter: { x: 1 }, first: 2, after: null },
      { filter: { x: 1 }, first: 2, after: 'cur1' },
      { filter: { x: 1 }, first: 1, after: 'cur2' },
    ]);
  });

  it('checks the query and options before sending', async () => {
    const http = stubHttp(BASE, () => connectionPage([], false, null));
    const hub = createEnergyHubClient(http);
    await expect(hub.collectAll('query { alarms { totalCount } }', {}, ['alarms'])).rejects.toThrow(
      /\$first and \$after/,
    );
    await expect(hub.collectAll(PAGED, {}, ['alarms'], { pageSize: 101 })).rejects.toMatchObject({
      field: 'pageSize',
    });
    await expect(hub.collectAll(PAGED, {}, [])).rejects.toMatchObject({ field: 'connectionPath' });
    await expect(hub.query('{ organization { id }')).rejects.toMatchObject({ field: 'query' });
    await expect(
      hub.getTimeseries({ thingId: 'm', measurements: [], from: '2025-01-01', to: '2025-01-02' }),
    ).rejects.toMatchObject({
      field: 'measurements',
    });
    expect(http.calls).toHaveLength(0);
  });

  it('names the field of a node that does not match the model', async () => {
    const http = stubHttp(BASE, () => ({
      data: {
        alarms: {
          totalCount: 1,
          pageInfo: { hasNextPage: false, endCursor: 'x' },
          edges: [{ cursor: 'x', node: { id: 'alarm-1', category: 'General', priority: 'high' } }],
        },
      },
    }));
    await expect(createEnergyHubClient(http).listAlarms()).rejects.toThrow(/alarms\.edges\[0\]\.node\.type/);
  });

  it('marks mutations as not safe to resend', async () => {
    const http = stubHttp(BASE, () => ({ data: { ok: true } }));
    const hub = createEnergyHubClient(http);
    await hub.query('mutation Ack($id: ID!) { acknowledge(id: $id) }', { id: 'a' });
    await hub.query('query Q { organization { id } }');
    expect(http.calls.map((call) => [call.method, call.path, call.idempotent])).toEqual([
      ['POST', '', false],
      ['POST', '', true],
    ]);
    expect(http.calls[0]?.json).toEqual({
      query: 'mutation Ack($id: ID!) { acknowledge(id: $id) }',
      variables: { id: 'a' },
      operationName: 'Ack',
    });
  });
});

describe('a server whose schema differs from the built-in documents', () => {
  const unknownField = {
    errors: [
      {
        message: 'Cannot query field "durationSeconds" on type "Alarm".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ],
  };

  it('says the built-in query does not match and points to the custom query operation', async () => {
    const hub = createEnergyHubClient(stubHttp(BASE, () => unknownField));
    const error = await hub.listAlarms().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as Error).message).toMatch(/^Energy Hub rejected the built-in Alarms query: /);
    expect((error as Error).message).toContain('Cannot query field "durationSeconds" on type "Alarm"');
    expect((error as Error).message).toContain(
      "The built-in query does not match this server's schema; use the custom query operation",
    );
  });

  it("leaves a caller's own query's unknown field as the server said it", async () => {
    const hub = createEnergyHubClient(stubHttp(BASE, () => unknownField));
    const error = await hub
      .query('query Mine { alarms { edges { node { durationSeconds } } } }')
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^Energy Hub answered the Mine query with an error: /);
    expect((error as Error).message).not.toContain('built-in');
  });
});
