import {
  buildClientSchema,
  buildSchema,
  findBreakingChanges,
  getIntrospectionQuery,
  type IntrospectionQuery,
} from 'graphql';
import { ClientError, GraphQLClient, gql } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENERGY_HUB_SDL } from '../src/energy-hub/schema-sdl.js';
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '../src/index.js';

interface Thing {
  id: string;
  name: string;
  concept: string;
  parent?: { id: string } | null;
  children?: { id: string }[];
}
interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

async function accessToken(
  sim: SimulatorHandle,
  client: { clientId: string; clientSecret: string },
): Promise<string> {
  const response = await fetch(sim.urls.energyHubToken, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const THINGS = gql`
  query Things($filter: ThingFilter, $first: Int, $after: String) {
    things(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          concept
          parent {
            id
          }
        }
      }
    }
  }
`;

describe('Energy Hub GraphQL', () => {
  let sim: SimulatorHandle;
  let viewer: GraphQLClient;
  let restricted: GraphQLClient;
  let forbidden: GraphQLClient;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    const client = (token: string): GraphQLClient =>
      new GraphQLClient(sim.urls.energyHubGraphql, { headers: { authorization: `Bearer ${token}` } });
    viewer = client(await accessToken(sim, DEMO_CREDENTIALS.accessClient));
    restricted = client(await accessToken(sim, DEMO_CREDENTIALS.restrictedAccessClient));
    forbidden = client(await accessToken(sim, DEMO_CREDENTIALS.noAccessClient));
  });
  afterAll(async () => {
    await sim.close();
  });

  const walkThings = async (gqlClient: GraphQLClient, filter?: object): Promise<Thing[]> => {
    const seen: Thing[] = [];
    let after: string | null = null;
    for (;;) {
      const { things } = (await gqlClient.request(THINGS, { filter, first: 37, after })) as {
        things: Page<Thing>;
      };
      seen.push(...things.edges.map((edge) => edge.node));
      if (!things.pageInfo.hasNextPage) {
        expect(seen).toHaveLength(things.totalCount);
        return seen;
      }
      after = things.pageInfo.endCursor;
    }
  };

  it('serves the contract schema through introspection', async () => {
    const introspection = (await viewer.request(getIntrospectionQuery())) as IntrospectionQuery;
    const served = buildClientSchema(introspection);
    const contract = buildSchema(ENERGY_HUB_SDL);
    expect(findBreakingChanges(contract, served)).toEqual([]);
    expect(findBreakingChanges(served, contract)).toEqual([]);
    expect(Object.keys(served.getQueryType()?.getFields() ?? {})).toEqual([
      'organization',
      'things',
      'thing',
      'alarms',
      'timeseries',
    ]);
    for (const name of [
      'Thing',
      'Alarm',
      'AlarmFilter',
      'ThingConnection',
      'PageInfo',
      'TimeSeries',
      'DateTime',
    ]) {
      expect(served.getType(name), name).toBeDefined();
    }
  });

  it('describes the organization as Region > Site > Building > Floor > Area > Space with equipment', async () => {
    const { organization } = (await viewer.request(gql`
      {
        organization {
          id
          name
          children {
            id
            name
            concept
            children {
              id
              concept
              children {
                id
                concept
                children {
                  concept
                }
              }
            }
          }
        }
      }
    `)) as {
      organization: { name: string; children: (Thing & { children: (Thing & { children: Thing[] })[] })[] };
    };
    expect(organization.name).toBe('Demo Customer');
    expect(organization.children.map((region) => region.id)).toEqual(['region-1', 'region-2', 'region-3']);
    expect(organization.children[0]?.concept).toBe('urn:se:eedm:concept:Region');
    expect(organization.children[0]?.children[0]?.concept).toBe('urn:se:eedm:concept:Site');
    const all = await walkThings(viewer);
    const concepts = new Set(all.map((thing) => thing.concept.replace('urn:se:eedm:concept:', '')));
    // Every organization level seed 002's data model names, plus equipment and virtual devices.
    expect([...concepts].sort()).toEqual(
      [
        'Area',
        'Building',
        'Device',
        'Floor',
        'Gateway',
        'Meter',
        'Panelboard',
        'ProductionLine',
        'Region',
        'Site',
        'Space',
        'VirtualDevice',
        'Zone',
      ].sort(),
    );
    expect(new Set(all.map((thing) => thing.id)).size).toBe(all.length);
  });

  it('filters things and pages them with Relay cursors', async () => {
    const meters = await walkThings(viewer, { concept: 'urn:se:eedm:concept:Meter' });
    expect(meters.length).toBeGreaterThan(37);
    expect(meters.every((thing) => thing.concept === 'urn:se:eedm:concept:Meter')).toBe(true);
    const sites = await walkThings(viewer, { parentId: 'region-2' });
    expect(sites.map((site) => site.parent?.id)).toEqual(sites.map(() => 'region-2'));
    const named = await walkThings(viewer, { nameContains: 'hvac' });
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((thing) => /hvac/i.test(thing.name))).toBe(true);
  });

  it('reads one thing with its parent and children, and null for an unknown id', async () => {
    const { thing, missing } = (await viewer.request(gql`
      {
        thing(id: "site-1") {
          id
          name
          concept
          properties {
            name
            value
            unit
          }
          parent {
            id
          }
          children {
            id
            concept
          }
        }
        missing: thing(id: "site-999") {
          id
        }
      }
    `)) as { thing: Thing & { properties: { name: string }[] }; missing: null };
    expect(thing).toMatchObject({ id: 'site-1', parent: { id: 'region-1' } });
    expect(thing.properties.map((p) => p.name)).toContain('timezone');
    expect(thing.children?.length).toBeGreaterThan(0);
    expect(missing).toBeNull();
  });

  it('returns measurement time series for a meter', async () => {
    const [meter] = await walkThings(viewer, { concept: 'urn:se:eedm:concept:Meter' });
    const { timeseries } = (await viewer.request(
      gql`
        query Series($id: ID!, $from: DateTime!, $to: DateTime!) {
          timeseries(
            thingId: $id
            measurements: ["ActivePower", "ActiveEnergy"]
            from: $from
            to: $to
            interval: "PT1H"
          ) {
            thingId
            measurement
            unit
            points {
              timestamp
              value
            }
          }
        }
      `,
      { id: meter?.id, from: '2024-03-04T00:00:00Z', to: '2024-03-05T00:00:00+00:00' },
    )) as {
      timeseries: {
        measurement: string;
        unit: string;
        points: { timestamp: string; value: number | null }[];
      }[];
    };
    expect(timeseries.map((s) => [s.measurement, s.unit])).toEqual([
      ['ActivePower', 'kW'],
      ['ActiveEnergy', 'kWh'],
    ]);
    expect(timeseries[0]?.points).toHaveLength(24);
    expect(timeseries[0]?.points[0]?.timestamp).toBe('2024-03-04T00:00:00.000Z');
    const values = (timeseries[0]?.points ?? []).flatMap((p) => (p.value === null ? [] : [p.value]));
    expect(Math.max(...values)).toBeGreaterThan(Math.min(...values) * 1.5);
  });

  it('reports bad input with BAD_USER_INPUT and unknown things with NOT_FOUND', async () => {
    const codes = async (client: GraphQLClient, query: string, variables?: object): Promise<string[]> => {
      try {
        await client.request(query, variables);
      } catch (error) {
        expect(error).toBeInstanceOf(ClientError);
        return ((error as ClientError).response.errors ?? []).map((e) => String(e.extensions?.code));
      }
      throw new Error('expected an error');
    };
    expect(await codes(viewer, '{ things(first: 0) { totalCount } }')).toEqual(['BAD_USER_INPUT']);
    expect(await codes(viewer, '{ alarms(first: 101) { totalCount } }')).toEqual(['BAD_USER_INPUT']);
    expect(await codes(viewer, '{ alarms(after: "garbage") { totalCount } }')).toEqual(['BAD_USER_INPUT']);
    expect(
      await codes(
        viewer,
        'query($f: DateTime!) { timeseries(thingId: "meter-1", measurements: ["Voltage"], from: $f, to: $f) { thingId } }',
        {
          f: 'yesterday',
        },
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      await codes(
        viewer,
        '{ timeseries(thingId: "meter-1", measurements: ["Nope"], from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z") { thingId } }',
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      await codes(
        viewer,
        '{ timeseries(thingId: "meter-999", measurements: ["Voltage"], from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z") { thingId } }',
      ),
    ).toEqual(['NOT_FOUND']);
    expect(await codes(viewer, '{ nope }')).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('answers FORBIDDEN on every top-level field for a no-access client', async () => {
    const response = await fetch(sim.urls.energyHubGraphql, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await accessToken(sim, DEMO_CREDENTIALS.noAccessClient)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: '{ thing(id: "region-1") { id } alarms { totalCount } }' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { errors: { path: string[]; extensions: { code: string } }[] };
    expect(body.errors.map((e) => [e.path[0], e.extensions.code]).sort()).toEqual([
      ['alarms', 'FORBIDDEN'],
      ['thing', 'FORBIDDEN'],
    ]);
    await expect(forbidden.request('{ organization { id } }')).rejects.toThrow(/FORBIDDEN|read permission/);
  });

  it('limits a restricted client to the subtree of region-1', async () => {
    const { organization } = (await restricted.request('{ organization { children { id } } }')) as {
      organization: { children: { id: string }[] };
    };
    expect(organization.children.map((c) => c.id)).toEqual(['region-1']);
    const mine = await walkThings(restricted);
    const everything = await walkThings(viewer);
    expect(mine.length).toBeLessThan(everything.length);
    const { outside, inside } = (await restricted.request(
      '{ outside: thing(id: "region-2") { id } inside: thing(id: "site-1") { id parent { id } } }',
    )) as { outside: null; inside: Thing };
    expect(outside).toBeNull();
    expect(inside.parent?.id).toBe('region-1');
    const visible = new Set(mine.map((t) => t.id));
    const { alarms } = (await restricted.request(
      '{ alarms(first: 100) { totalCount edges { node { thing { id } } } } }',
    )) as {
      alarms: Page<{ thing: { id: string } }>;
    };
    const { alarms: allAlarms } = (await viewer.request('{ alarms(first: 1) { totalCount } }')) as {
      alarms: Page<unknown>;
    };
    expect(alarms.totalCount).toBeGreaterThan(0);
    expect(alarms.totalCount).toBeLessThan(allAlarms.totalCount);
    expect(alarms.edges.every((edge) => visible.has(edge.node.thing.id))).toBe(true);
  });

  it('answers missing or invalid tokens with HTTP 401 and a GraphQL error body, over GET and POST', async () => {
    for (const init of [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ organization { id } }' }),
      },
      { method: 'GET', headers: { authorization: 'Bearer nope' } },
    ]) {
      const url =
        init.method === 'GET'
          ? `${sim.urls.energyHubGraphql}?query=${encodeURIComponent('{ organization { id } }')}`
          : sim.urls.energyHubGraphql;
      const response = await fetch(url, init);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
    // A Carbon API token is not an Energy Hub token.
    const carbon = await fetch(sim.urls.energyHubGraphql, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: '{ organization { id } }' }),
    });
    expect(carbon.status).toBe(401);
  });

  it('serves queries over GET with variables', async () => {
    const token = await accessToken(sim, DEMO_CREDENTIALS.accessClient);
    const query = encodeURIComponent('query($id: ID!) { thing(id: $id) { id } }');
    const variables = encodeURIComponent(JSON.stringify({ id: 'region-3' }));
    const response = await fetch(`${sim.urls.energyHubGraphql}?query=${query}&variables=${variables}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { thing: { id: 'region-3' } } });
  });
});
