/**
 * Get Emissions in a time zone, in a real Node-RED runtime whose own zone is Chicago's (TZ): the default
 * reads ranges there, a zone east of UTC, both of Berlin's clock changes and the site's own zone on request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catchAll, debug, inject, startScenario, type Scenario } from '../support/scenario.js';

interface Row {
  siteId: string;
  timestamp: string;
}
interface Sent {
  payload: Row[];
  window: { timeZone: string; from: string; to: string; intervals: number };
}

let s: Scenario;
beforeAll(async () => {
  s = await startScenario('5', {}, { env: { TZ: 'America/Chicago' } });
  await s.deploy([]);
  await s.authorize();
});
afterAll(async () => {
  await s?.close();
});
beforeEach(() => {
  s.feed.messages.length = 0;
  s.feed.statuses.length = 0;
});

async function emissions(config: Record<string, unknown>, wire = 'out'): Promise<Sent> {
  await s.deploy([
    inject('in', 'em'),
    {
      id: 'em',
      type: 'ecostruxure-emissions',
      account: 'a1b2c3d4e5f60718',
      siteId: 'site-0001',
      siteIdType: 'str',
      granularity: 'PT1H',
      output: 'message',
      wires: [['out']],
      ...config,
    },
    debug('out'),
    catchAll('catch', 'caught'),
    debug('caught'),
  ]);
  await s.inject('in');
  const [message] = await s.feed.waitFor(1, wire);
  return JSON.parse(message!.msg) as Sent;
}

const custom = (from: string, to: string) => ({
  range: 'custom',
  from,
  fromType: 'str',
  to,
  toType: 'str',
});

describe('Get Emissions in a time zone on Node-RED', () => {
  it("reads a zone-less custom range in the runtime's time zone by default", async () => {
    const sent = await emissions(custom('2026-12-01T00:00:00', '2026-12-02T00:00:00'));
    expect(sent.window.timeZone).toBe('America/Chicago');
    expect(sent.payload).toHaveLength(24);
    expect(sent.payload[0]!.timestamp).toBe('2026-12-01T06:00:00.000Z');
  });

  it('reads the time zone the node names, east of UTC', async () => {
    const sent = await emissions({ range: 'yesterday', timeZone: 'Asia/Tokyo' });
    expect(sent.window.timeZone).toBe('Asia/Tokyo');
    expect(new Date(sent.window.from).getUTCHours()).toBe(15);
    expect(sent.payload).toHaveLength(24);
  });

  it.each([
    ['2026-03-29', '2026-03-30', 23, '2026-03-28T23:00:00.000Z'],
    ['2026-10-25', '2026-10-26', 25, '2026-10-24T22:00:00.000Z'],
  ])(
    "covers Berlin's day from %s to %s, on a clock change, as %i hourly rows",
    async (from, to, hours, first) => {
      const sent = await emissions({ ...custom(from, to), timeZone: 'Europe/Berlin' });
      expect(sent.payload).toHaveLength(hours);
      expect(sent.payload[0]!.timestamp).toBe(first);
    },
  );

  it("reads the site's own time zone when the node says site", async () => {
    const sent = await emissions({ range: 'yesterday', timeZone: 'site' });
    const zone = sent.window.timeZone;
    expect(zone).not.toBe('America/Chicago');
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' });
    expect(hour.format(new Date(sent.window.from))).toBe('00');
  });

  it('says which setting is wrong for a zone it does not know, before any request', async () => {
    s.sim.control.clearRequests();
    const caught = (await emissions(
      { range: 'yesterday', timeZone: 'Mars/Olympus' },
      'caught',
    )) as unknown as {
      error: { message: string };
    };
    expect(caught.error.message).toContain('Mars/Olympus');
    expect(s.sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission/v1/sites/' })).toHaveLength(0);
  });
});
