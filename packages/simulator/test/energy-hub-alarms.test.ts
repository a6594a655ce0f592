import { GraphQLClient, gql } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '../src/index.js';

interface Alarm {
  id: string;
  category: string;
  type: string;
  detail: string | null;
  priority: string;
  active: boolean;
  acknowledged: boolean;
  source: string;
  startTime: string;
  endTime: string | null;
  durationSeconds: number | null;
  thing: { id: string } | null;
}
interface AlarmPage {
  alarms: {
    edges: { cursor: string; node: Alarm }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}

const ALARMS = gql`
  query Alarms($filter: AlarmFilter, $first: Int, $after: String) {
    alarms(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          category
          type
          detail
          priority
          active
          acknowledged
          source
          startTime
          endTime
          durationSeconds
          thing {
            id
          }
        }
      }
    }
  }
`;
const MINUTE = 60_000;

describe('Energy Hub alarms', () => {
  let sim: SimulatorHandle;
  let client: GraphQLClient;
  beforeAll(async () => {
    // One alarm per 30 minutes keeps the 30-day list short enough to walk in full; tokens outlive the
    // clock jumps below.
    sim = await startSimulator({ port: 0, alarmIntervalMs: 30 * MINUTE, accessTokenTtlSeconds: 24 * 3600 });
    const { clientId, clientSecret } = DEMO_CREDENTIALS.accessClient;
    const response = await fetch(sim.urls.energyHubToken, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    client = new GraphQLClient(sim.urls.energyHubGraphql, { headers: { authorization: `Bearer ${token}` } });
  });
  afterAll(async () => {
    await sim.close();
  });

  const page = async (variables: object): Promise<AlarmPage['alarms']> =>
    ((await client.request(ALARMS, variables)) as AlarmPage).alarms;

  const walk = async (filter?: object, onPage?: (index: number) => void): Promise<Alarm[]> => {
    const seen: Alarm[] = [];
    let after: string | null = null;
    for (let index = 0; ; index += 1) {
      const result = await page({ filter, first: 100, after });
      seen.push(...result.edges.map((edge) => edge.node));
      onPage?.(index);
      if (!result.pageInfo.hasNextPage) return seen;
      after = result.pageInfo.endCursor;
    }
  };

  it('orders alarms by start time with attributes from the contract vocabulary', async () => {
    const alarms = await walk();
    expect(alarms.length).toBeGreaterThan(1000);
    const keys = alarms.map((a) => `${a.startTime}|${a.id}`);
    expect(keys).toEqual([...keys].sort());
    for (const alarm of alarms) {
      expect(['high', 'medium', 'low']).toContain(alarm.priority);
      expect(['Asset monitoring', 'Diagnostics', 'Energy management', 'Power quality', 'General']).toContain(
        alarm.category,
      );
      // Seed 002: the API has no software-based alarm types.
      expect(['gateway', 'device']).toContain(alarm.source);
      expect(alarm.thing).not.toBeNull();
      expect(Date.parse(alarm.startTime)).toBeLessThanOrEqual(Date.now());
      if (alarm.active) expect(alarm.endTime).toBeNull();
      else expect(Date.parse(alarm.endTime ?? '')).toBeGreaterThan(Date.parse(alarm.startTime));
    }
    // A month of history leaves a handful of standing alarms plus the recent ones still active.
    const active = alarms.filter((a) => a.active).length;
    expect(active).toBeGreaterThanOrEqual(3);
    expect(active).toBeLessThanOrEqual(60);
  });

  it('applies every filter', async () => {
    const all = await walk();
    const cases: [object, (a: Alarm) => boolean][] = [
      [{ active: true }, (a) => a.active],
      [{ acknowledged: false }, (a) => !a.acknowledged],
      [{ priority: ['high'] }, (a) => a.priority === 'high'],
      [
        { category: ['Power quality', 'Diagnostics'] },
        (a) => ['Power quality', 'Diagnostics'].includes(a.category),
      ],
    ];
    for (const [filter, predicate] of cases) {
      const filtered = await walk(filter);
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.map((a) => a.id)).toEqual(all.filter(predicate).map((a) => a.id));
    }
    const middle = all[Math.floor(all.length / 2)]?.startTime ?? '';
    const later = await walk({ startedAfter: middle });
    expect(later[0]?.startTime).toBe(middle);
    const earlier = await walk({ startedBefore: middle });
    expect(earlier.length + later.length).toBe(all.length);
    // thingId covers the thing and everything below it.
    const siteAlarms = await walk({ thingId: 'site-1' });
    expect(siteAlarms.length).toBeGreaterThan(0);
    expect(siteAlarms.length).toBeLessThan(all.length);
  });

  it('keeps a page walk stable while an alarm is injected mid-walk', async () => {
    const before = await walk();
    let injected = '';
    const walked = await walk(undefined, (index) => {
      if (index === 1)
        injected = sim.control.injectAlarm({
          thingId: 'meter-1',
          priority: 'medium',
          type: 'Voltage Sag',
          category: 'Power quality',
        });
    });
    const ids = walked.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)).toBe(injected);
    for (const alarm of before) expect(ids).toContain(alarm.id);
    const last = walked.at(-1);
    expect(last).toMatchObject({
      active: true,
      acknowledged: false,
      priority: 'medium',
      thing: { id: 'meter-1' },
    });
  });

  it('shows new alarms as the server clock advances', async () => {
    const { totalCount: before, edges } = await page({ first: 1 });
    sim.control.setClockSkew(3 * 60 * MINUTE);
    try {
      const after = await walk({ startedAfter: new Date(Date.now()).toISOString() });
      // Three hours at one alarm per 30 minutes: five or six new ones.
      expect(after.length).toBeGreaterThanOrEqual(5);
      expect(after.length).toBeLessThanOrEqual(7);
      const { totalCount } = await page({ first: 1 });
      // The retention window slides, so the count stays about the same while the newest alarms change.
      expect(Math.abs(totalCount - before)).toBeLessThanOrEqual(7);
      expect(edges[0]?.node.id).toBeDefined();
    } finally {
      sim.control.setClockSkew(0);
    }
  });
});

describe('Energy Hub alarms with a tiny interval', () => {
  it('lets new alarms appear within seconds', async () => {
    const sim = await startSimulator({ port: 0, alarmIntervalMs: 200 });
    try {
      const { clientId, clientSecret } = DEMO_CREDENTIALS.accessClient;
      const token = (await (
        await fetch(sim.urls.energyHubToken, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: clientSecret,
          }),
        })
      ).json()) as { access_token: string };
      const client = new GraphQLClient(sim.urls.energyHubGraphql, {
        headers: { authorization: `Bearer ${token.access_token}` },
      });
      const since = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const { alarms } = (await client.request(ALARMS, { filter: { startedAfter: since } })) as AlarmPage;
      expect(alarms.totalCount).toBeGreaterThanOrEqual(3);
    } finally {
      await sim.close();
    }
  });
});
