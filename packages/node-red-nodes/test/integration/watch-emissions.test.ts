/**
 * Watch Emissions in a real Node-RED runtime against the simulator: each interval once with its stable key
 * as msg.topic, a revised interval again as an update, and nothing repeated after a restart; a site that
 * cannot be read is an error (once) beside the other sites' data, and its data comes when it recovers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID } from '../support/flows.js';
import { catchAll, debug, inject, startScenario, type Scenario } from '../support/scenario.js';

const parse = (message: { msg: string }) => JSON.parse(message.msg) as Record<string, unknown>;
const HOUR = 3_600_000;

describe('Watch Emissions on Node-RED 5.x', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario('5', { sites: 3 });
    await s.deploy([]);
    await s.authorize();
  });
  afterAll(async () => {
    await s?.close();
  });
  beforeEach(() => {
    s.feed.messages.length = 0;
  });

  it('sends each interval once, a revised one again as an update, and nothing again after a restart', async () => {
    await s.deploy([
      inject('in', 'watch'),
      {
        id: 'watch',
        type: 'ecostruxure-watch-emissions',
        account: ACCOUNT_ID,
        siteIds: 'site-0001,site-0002',
        granularity: 'PT1H',
        interval: '3600',
        revisionWindowHours: '24',
        wires: [['out']],
      },
      debug('out'),
    ]);
    // The first check (on deploy) records where the sites stand and sends nothing.
    await s.feed.waitForStatus('watch', /^0 new, 0 updated$/);
    const hour = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
    const start = new Date(hour).toISOString();
    const revision = s.sim.control.reviseEmissionInterval({ siteId: 'site-0002', start, scale: 1.5 });
    const statusAfter = async (action: () => Promise<void>, text: RegExp) => {
      s.feed.statuses.length = 0;
      await action();
      await s.feed.waitForStatus('watch', text);
    };
    try {
      s.feed.statuses.length = 0;
      await s.inject('in');
      const [message] = await s.feed.waitFor(1, 'out');
      const sent = parse(message!);
      expect(sent).toMatchObject({
        topic: `site-0002|${start}|PT1H|location-based`,
        change: 'updated',
        payload: { siteId: 'site-0002', timestamp: start, updatedAt: revision.updatedAt, change: 'updated' },
      });
      await s.feed.waitForStatus('watch', /^0 new, 1 updated$/);

      // Again, and after a restart of the runtime: the state file says it was sent. (A new hour may
      // complete meanwhile and be sent as new; the revised interval is never sent again.)
      await statusAfter(() => s.inject('in'), /^\d+ new, 0 updated$/);
      expect(s.feed.messages.filter((m) => m.id === 'out' && parse(m).change === 'updated')).toHaveLength(1);
      await s.red.restart();
      await s.reconnect();
      await statusAfter(() => s.inject('in'), /^\d+ new, 0 updated$/);
      // The feed after the restart: nothing of the revised interval again.
      const again = s.feed.messages.filter((m) => m.id === 'out').map(parse);
      expect(again.filter((m) => m.topic === sent.topic || m.change === 'updated')).toEqual([]);
    } finally {
      s.sim.control.clearEmissionEdits();
    }
  });

  it('sends the other sites’ data when one cannot be read, says its error once to Catch nodes, and sends its data once it recovers', async () => {
    const sites = ['site-0001', 'site-0002', 'site-0003'];
    await s.deploy([
      inject('in', 'watching'),
      {
        id: 'watching',
        type: 'ecostruxure-watch-emissions',
        account: ACCOUNT_ID,
        siteIds: sites.join(','),
        granularity: 'PT1H',
        interval: '3600',
        revisionWindowHours: '24',
        wires: [['out']],
      },
      debug('out'),
      catchAll('catch', 'caught'),
      debug('caught'),
    ]);
    await s.feed.waitForStatus('watching', /^0 new, 0 updated$/);
    const start = new Date(Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR).toISOString();
    for (const siteId of ['site-0001', 'site-0002'])
      s.sim.control.reviseEmissionInterval({ siteId, start, scale: 1.5 });
    s.sim.control.addFault({
      kind: 'status',
      status: 500,
      route: 'GET /ecostruxure/carbon-emission/v1/sites/site-0002/*',
    });
    const check = async (status: RegExp) => {
      s.feed.statuses.length = 0;
      await s.inject('in');
      await s.feed.waitForStatus('watching', status);
    };
    const sent = () => s.feed.messages.filter((m) => m.id === 'out').map(parse);
    const caught = () => s.feed.messages.filter((m) => m.id === 'caught').map(parse);
    try {
      await check(/^\d+ new, 1 updated, 0 skipped, 1 failed$/);
      expect(
        sent()
          .filter((m) => m.change === 'updated')
          .map((m) => m.topic),
      ).toEqual([`site-0001|${start}|PT1H|location-based`]);
      expect(caught()).toEqual([
        expect.objectContaining({
          topic: 'site-0002',
          payload: expect.objectContaining({ siteId: 'site-0002', httpCode: 500 }),
          error: expect.objectContaining({
            message: expect.stringMatching(/^Site site-0002 could not be read/),
          }),
        }),
      ]);
      // Still failing: counted in the status, not said again.
      await check(/^\d+ new, 0 updated, 0 skipped, 1 failed$/);
      expect(caught()).toHaveLength(1);

      s.sim.control.clearFaults();
      await check(/^\d+ new, 1 updated$/);
      expect(
        sent()
          .filter((m) => m.change === 'updated')
          .map((m) => m.topic),
      ).toEqual([`site-0001|${start}|PT1H|location-based`, `site-0002|${start}|PT1H|location-based`]);
      expect(caught()).toHaveLength(1);
    } finally {
      s.sim.control.clearFaults();
      s.sim.control.clearEmissionEdits();
    }
  });
});
