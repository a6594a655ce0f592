import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../src/energy-hub/query-limits.js';
import { startSimulator, type SimulatorHandle } from '../src/index.js';
import { accessClientToken } from './oauth-support.js';

interface GraphQLBody {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; limit?: string; maximum?: number } }[];
}

/** `thing(id) { parent { children { parent { ... id } } } }`, `levels` fields deep counting `thing` and `id`. */
function nestedCycle(levels: number): string {
  const fields = Array.from({ length: levels - 2 }, (_, i) => (i % 2 === 0 ? 'parent' : 'children'));
  return `{ thing(id: "site-1") { ${fields.map((field) => `${field} {`).join(' ')} id ${'} '.repeat(levels - 2)}} }`;
}

describe('Energy Hub GraphQL query limits', () => {
  let sim: SimulatorHandle;
  let token: string;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    token = await accessClientToken(sim.urls.energyHubToken);
  });
  afterAll(async () => {
    await sim.close();
  });

  async function post(query: string, variables?: object): Promise<{ status: number; body: GraphQLBody }> {
    const response = await fetch(sim.urls.energyHubGraphql, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLBody };
  }

  const refusedFor = (body: GraphQLBody, limit: string) => {
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    expect(body.errors?.[0]?.message).toContain('Narrow the query');
  };

  it('refuses a query nested 30 levels deep within milliseconds, while /_sim/health keeps answering', async () => {
    const started = performance.now();
    const [refused, health] = await Promise.all([
      post(nestedCycle(30)),
      fetch(`${sim.urls.control}/health`).then((response) => response.status),
    ]);
    const elapsed = performance.now() - started;
    expect(refused.status).toBe(200);
    refusedFor(refused.body, 'depth');
    expect(elapsed).toBeLessThan(100);
    expect(health).toBe(200);
    // The 20-level variant used to take seconds; it is refused the same way.
    refusedFor((await post(nestedCycle(20))).body, 'depth');
  });

  it('answers a query within the depth limit', async () => {
    const { body } = await post(nestedCycle(QUERY_LIMITS.maxDepth));
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({ thing: { parent: expect.any(Object) as unknown } });
  });

  it('estimates the cost through fragments, multiplying page sizes and children', async () => {
    const fanOut = /* GraphQL */ `
      query FanOut {
        things(first: 100) {
          edges {
            node {
              ...Down
            }
          }
        }
      }
      fragment Down on Thing {
        children {
          children {
            ...Deeper
          }
        }
      }
      fragment Deeper on Thing {
        children {
          children {
            children {
              id
              name
              concept
            }
          }
        }
      }
    `;
    const { status, body } = await post(fanOut);
    expect(status).toBe(200);
    refusedFor(body, 'cost');
    // The same shape over a page of 1 is small enough to run.
    const small = await post(
      fanOut.replace('first: 100', 'first: 1').replace('children { id name concept }', 'id'),
    );
    expect(small.body.errors).toBeUndefined();
  });

  it('counts time-series points from the requested range and interval, variables included', async () => {
    const query = /* GraphQL */ `
      query Series($from: DateTime!, $to: DateTime!, $interval: String) {
        timeseries(
          thingId: "meter-1"
          measurements: ["a", "b", "c", "d", "e", "f"]
          from: $from
          to: $to
          interval: $interval
        ) {
          measurement
          points {
            timestamp
            value
          }
        }
      }
    `;
    const year = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' };
    refusedFor((await post(query, { ...year, interval: 'PT15M' })).body, 'cost');
    // Daily points over the same year are few: the estimate lets it through to the resolver.
    const daily = await post(query, { ...year, interval: 'P1D' });
    expect(daily.body.errors?.[0]?.extensions?.code).not.toBe('QUERY_TOO_COMPLEX');
  });

  it('clamps page sizes to what the resolver serves and counts skipped fields, so no argument can cancel the cost', async () => {
    // 20 series of 4,800 quarter hours: far over the limit on its own.
    const series = `timeseries(thingId: "meter-1", measurements: [${Array(20).fill('"power"').join(', ')}],
      from: "2025-01-01T00:00:00Z", to: "2025-02-20T00:00:00Z", interval: "PT15M") { points { timestamp value } }`;
    refusedFor((await post(`{ ${series} }`)).body, 'cost');
    const negative = 'things(first: -2147483648) @skip(if: true) { edges { node { id } } }';
    for (const query of [
      `{ a: ${negative} ${series} }`,
      `{ ${series} b: ${negative} }`,
      `query Q($no: Boolean!) { a: things(first: -2147483648) @include(if: $no) { edges { node { id } } } ${series} }`,
    ]) {
      const { status, body } = await post(query, { no: false });
      expect(status).toBe(200);
      refusedFor(body, 'cost');
    }
    // A costly field under @skip is counted as if it ran.
    refusedFor((await post(`{ organization { id } ... @skip(if: true) { ${series} } }`)).body, 'cost');
  });

  it('limits aliases and root fields', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: totalCount`);
    refusedFor((await post(`{ alarms(first: 100) { ${aliases.join(' ')} } }`)).body, 'aliases');
    const timeseries = Array.from(
      { length: 200 },
      (_, i) =>
        `t${i}: timeseries(thingId: "meter-1", measurements: ["power"], from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z") { unit }`,
    );
    refusedFor((await post(`{ ${timeseries.join(' ')} }`)).body, 'rootFields');
    const roots = Array.from({ length: QUERY_LIMITS.maxRootFields + 1 }, () => 'organization { id }');
    refusedFor((await post(`{ ${roots.join(' ')} }`)).body, 'rootFields');
  });

  it('still answers the standard introspection query', async () => {
    const { body } = await post(getIntrospectionQuery());
    expect(body.errors).toBeUndefined();
  });

  it('bounds parsing: thousands of nested selections answer 200 GRAPHQL_PARSE_FAILED, never 500', async () => {
    for (const depth of [3000, 100_000]) {
      const { status, body } = await post(`{ ${'a { '.repeat(depth)}b${' }'.repeat(depth)} }`);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    }
    const long = await post(`{ organization { ${'id '.repeat(QUERY_LIMITS.maxTokens)}} }`);
    expect(long.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining(`${QUERY_LIMITS.maxTokens} tokens`) as unknown,
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  });

  it('labels a mutation as the caller’s mistake: the API is read-only', async () => {
    const { status, body } = await post('mutation { x }');
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toContain('read-only');
  });

  it('answers a body that is not JSON with a GraphQL error, not problem+json', async () => {
    for (const [type, body] of [
      ['application/json', '{ organization { id } }'],
      ['text/plain', '{ organization { id } }'],
    ] as const) {
      const response = await fetch(sim.urls.energyHubGraphql, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body,
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('content-type')).toContain('application/json');
      const parsed = (await response.json()) as GraphQLBody;
      expect(parsed.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(parsed.errors?.[0]?.message).toContain('application/json');
    }
  });

  it('does not suggest an API key when Energy Hub credentials are missing', async () => {
    const response = await fetch(sim.urls.energyHubGraphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ organization { id } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors?.[0]?.message).toContain('access-client token');
    expect(body.errors?.[0]?.message).not.toMatch(/api key/i);
    expect(response.headers.get('www-authenticate')).not.toMatch(/api key/i);
  });
});
