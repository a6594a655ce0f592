import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catchAll, debug, inject, startScenario, type Scenario } from '../support/scenario.js';
import type { NodeRedVersion } from '../support/node-red.js';

const parse = (message: { msg: string }) => JSON.parse(message.msg) as Record<string, unknown>;

describe.each<NodeRedVersion>(['5', '4'])(
  'EcoStruxure nodes on Node-RED %s.x against the simulator',
  (version) => {
    let s: Scenario;
    beforeAll(async () => {
      s = await startScenario(version);
      await s.deploy([]);
      await s.authorize();
    });
    afterAll(async () => {
      await s?.close();
    });
    beforeEach(() => {
      s.feed.messages.length = 0;
      s.feed.statuses.length = 0;
      s.sim.control.clearFaults();
    });

    it('List Sites sends every site in one message', async () => {
      await s.deploy([
        inject('in', 'sites'),
        {
          id: 'sites',
          type: 'ecostruxure-sites',
          account: 'a1b2c3d4e5f60718',
          operation: 'list',
          output: 'message',
          wires: [['out']],
        },
        debug('out'),
      ]);
      await s.inject('in');
      const [message] = await s.feed.waitFor(1, 'out');
      const sites = parse(message!).payload as { id: string }[];
      expect(sites).toHaveLength(25);
      expect(sites[0]).toMatchObject({ id: 'site-0001' });
      await s.feed.waitForStatus('sites', /25 sites/);
    });

    it('Get Site reads the site ID from msg.payload', async () => {
      await s.deploy([
        inject('in', 'site', 'site-0003'),
        {
          id: 'site',
          type: 'ecostruxure-sites',
          account: 'a1b2c3d4e5f60718',
          operation: 'get',
          siteId: 'payload',
          siteIdType: 'msg',
          wires: [['out']],
        },
        debug('out'),
      ]);
      await s.inject('in');
      const [message] = await s.feed.waitFor(1, 'out');
      expect(parse(message!).payload).toMatchObject({ id: 'site-0003' });
    });

    it('Get Emissions sends one message per row with msg.parts, or pages with the last one marked complete', async () => {
      const emissions = (id: string, output: string, extra: Record<string, unknown> = {}) => ({
        id,
        type: 'ecostruxure-emissions',
        account: 'a1b2c3d4e5f60718',
        siteId: 'site-0001',
        siteIdType: 'str',
        range: 'last7Days',
        granularity: 'P1D',
        timeZone: 'UTC',
        output,
        wires: [[`${id}-out`]],
        ...extra,
      });
      await s.deploy([
        {
          id: 'go',
          type: 'inject',
          props: [{ p: 'payload' }],
          payload: '',
          payloadType: 'str',
          wires: [['rows', 'pages']],
        },
        emissions('rows', 'row'),
        emissions('pages', 'page', { range: 'last30Days', granularity: 'PT15M' }),
        debug('rows-out'),
        debug('pages-out'),
      ]);
      await s.inject('go');
      const rows = (await s.feed.waitFor(7, 'rows-out')).map(parse);
      expect(rows.map((row) => (row.parts as { index: number }).index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(rows[0]!.payload).toMatchObject({ siteId: 'site-0001', granularity: 'P1D' });
      // The last status ("2880 rows"), not a page's progress ("page 2, 2000 rows").
      await s.feed.waitForStatus('pages', /^\d+ rows$/);
      const pages = s.feed.messages.filter((m) => m.id === 'pages-out').map(parse);
      expect(pages.length).toBeGreaterThan(1);
      const last = pages.at(-1)!;
      expect(last.complete).toBe(true);
      expect((last.parts as { count: number }).count).toBe(pages.length);
      const total = pages.reduce((sum, page) => sum + (page.payload as unknown[]).length, 0);
      expect(total).toBe(30 * 96);
    });

    it('Get Emissions sends the rows of the sites that answered, lists the failed ones in msg.failures, and fails only when all failed', async () => {
      await s.deploy([
        inject('some', 'em', '["site-0001","site-9999"]', 'json'),
        inject('none', 'em', '["site-9998","site-9999"]', 'json'),
        {
          id: 'em',
          type: 'ecostruxure-emissions',
          account: 'a1b2c3d4e5f60718',
          siteId: 'payload',
          siteIdType: 'msg',
          range: 'last24Hours',
          granularity: 'PT1H',
          output: 'message',
          wires: [['out']],
        },
        debug('out'),
        catchAll('catch', 'caught'),
        debug('caught'),
      ]);
      await s.inject('some');
      const sent = parse((await s.feed.waitFor(1, 'out'))[0]!);
      const rows = sent.payload as { siteId: string }[];
      expect(rows).toHaveLength(24);
      expect(rows.every((row) => row.siteId === 'site-0001')).toBe(true);
      expect(sent.failures).toEqual([
        {
          siteId: 'site-9999',
          message: expect.stringContaining('404'),
          description: expect.any(String),
          code: 'API_ERROR',
          httpCode: 404,
        },
      ]);
      const status = await s.feed.waitForStatus('em', /1 site failed/);
      expect(status).toMatchObject({ fill: 'yellow', text: '24 rows, 1 site failed' });
      expect(s.feed.messages.filter((m) => m.id === 'caught')).toHaveLength(0);

      await s.inject('none');
      const error = parse((await s.feed.waitFor(1, 'caught'))[0]!).error as { message: string; code: string };
      // What happened, not a class name: Node-RED shows an error as "<name>: <message>".
      expect(error.message).toMatch(/^2 of 2 items failed/);
      expect(error.code).toBe('BATCH_FAILED');
      expect(s.feed.messages.filter((m) => m.id === 'out')).toHaveLength(1);
      // The status gives the cause first, short enough to read under the node.
      const failed = await s.feed.waitForStatus('em', /^2\/2 failed/);
      expect(failed).toMatchObject({ fill: 'red', text: '2/2 failed: 404 Not Found (site site-9998)' });
    });

    it('Get Emissions one message per page goes on past a site that fails mid-way and names it on the last message', async () => {
      // site-0002's first page answers, its second is a truncated body (not retried).
      s.sim.control.addFault({
        kind: 'malformed-json',
        after: 1,
        route: 'GET /ecostruxure/carbon-emission/v1/sites/site-0002/carbon-emissions',
      });
      await s.deploy([
        inject('go', 'em', '["site-0001","site-0002"]', 'json'),
        {
          id: 'em',
          type: 'ecostruxure-emissions',
          account: 'a1b2c3d4e5f60718',
          siteId: 'payload',
          siteIdType: 'msg',
          range: 'last30Days',
          granularity: 'PT15M',
          output: 'page',
          wires: [['out']],
        },
        debug('out'),
        catchAll('catch', 'caught'),
        debug('caught'),
      ]);
      await s.inject('go');
      const status = await s.feed.waitForStatus('em', /1 site failed/);
      const pages = s.feed.messages.filter((m) => m.id === 'out').map(parse);
      const rowsOf = (siteId: string) =>
        pages.filter((page) => page.siteId === siteId).flatMap((page) => page.payload as unknown[]);
      // Every row of the site that answered; the failed site's first page, which had arrived whole.
      expect(rowsOf('site-0001')).toHaveLength(30 * 96);
      expect(rowsOf('site-0002')).toHaveLength(1000);
      const last = pages.at(-1)!;
      expect(last.complete).toBe(true);
      expect((last.parts as { count: number }).count).toBe(pages.length);
      expect(last.failures).toEqual([
        expect.objectContaining({ siteId: 'site-0002', code: 'INVALID_RESPONSE', httpCode: 200 }),
      ]);
      expect(pages.slice(0, -1).every((page) => page.failures === undefined)).toBe(true);
      expect(status).toMatchObject({ fill: 'yellow', text: `${30 * 96 + 1000} rows, 1 site failed` });
      expect(s.feed.messages.filter((m) => m.id === 'caught')).toHaveLength(0);
    });

    it('Get Emissions takes msg.range, msg.granularity, msg.from and msg.to when allowed, naming a refused one', async () => {
      const withProps = (id: string, props: Record<string, string>) => ({
        id,
        type: 'inject',
        props: [{ p: 'payload' }, ...Object.keys(props).map((p) => ({ p, v: props[p], vt: 'str' }))],
        payload: 'site-0001',
        payloadType: 'str',
        repeat: '',
        once: false,
        wires: [[id.startsWith('fixed') ? 'fixed' : 'em']],
      });
      const node = (id: string, allowOverride: boolean) => ({
        id,
        type: 'ecostruxure-emissions',
        account: 'a1b2c3d4e5f60718',
        siteId: 'payload',
        siteIdType: 'msg',
        range: 'last24Hours',
        granularity: 'PT1H',
        // Daily intervals are UTC days: in UTC whatever the runtime's own time zone.
        timeZone: 'UTC',
        output: 'message',
        allowOverride,
        wires: [['out']],
      });
      await s.deploy([
        withProps('week', { range: 'last7Days', granularity: 'P1D' }),
        withProps('custom', { from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z', granularity: 'P1D' }),
        withProps('bad', { granularity: 'hourly' }),
        withProps('fixed-week', { range: 'last7Days', granularity: 'P1D' }),
        node('em', true),
        node('fixed', false),
        debug('out'),
        catchAll('catch', 'caught'),
        debug('caught'),
      ]);
      const rowsOf = async (button: string, count: number) => {
        await s.inject(button);
        return parse((await s.feed.waitFor(count, 'out')).at(-1)!).payload as { granularity: string }[];
      };
      const week = await rowsOf('week', 1);
      expect(week).toHaveLength(7);
      expect(week[0]).toMatchObject({ granularity: 'P1D' });
      expect(await rowsOf('custom', 2)).toHaveLength(2);
      // Not allowed: the form's 24 hourly rows, whatever the message says.
      expect(await rowsOf('fixed-week', 3)).toHaveLength(24);

      s.sim.control.clearRequests();
      await s.inject('bad');
      const error = parse((await s.feed.waitFor(1, 'caught'))[0]!).error as { message: string };
      expect(error.message).toMatch(/msg\.granularity was refused: .*hourly/);
      expect(s.sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' })).toHaveLength(0);
    });

    it('wrong msg input gives a clear error to the Catch node and the flow keeps running', async () => {
      await s.deploy([
        inject('bad', 'em', '{"not":"a site"}', 'json'),
        inject('good', 'em', 'site-0002'),
        {
          id: 'em',
          type: 'ecostruxure-emissions',
          account: 'a1b2c3d4e5f60718',
          siteId: 'payload',
          siteIdType: 'msg',
          range: 'latest',
          granularity: 'PT1H',
          output: 'message',
          wires: [['out']],
        },
        debug('out'),
        catchAll('catch', 'caught'),
        debug('caught'),
      ]);
      s.sim.control.clearRequests();
      await s.inject('bad');
      const [caught] = await s.feed.waitFor(1, 'caught');
      const error = parse(caught!).error as { message: string; source: { id: string } };
      expect(error.source.id).toBe('em');
      expect(error.message).toMatch(/site/i);
      expect(s.sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' })).toHaveLength(0);

      await s.inject('good');
      const [message] = await s.feed.waitFor(1, 'out');
      expect((parse(message!).payload as { siteId: string }[])[0]).toMatchObject({ siteId: 'site-0002' });
    });

    it('retries a passing outage, and reports a lasting one to the Catch node and the status', async () => {
      await s.deploy([
        inject('in', 'sites'),
        {
          id: 'sites',
          type: 'ecostruxure-sites',
          account: 'a1b2c3d4e5f60718',
          operation: 'list',
          output: 'message',
          wires: [['out']],
        },
        debug('out'),
        catchAll('catch', 'caught'),
        debug('caught'),
      ]);
      s.sim.control.addFault({
        kind: 'status',
        status: 503,
        count: 1,
        route: 'GET /ecostruxure/carbon-emission/v1/sites*',
      });
      await s.inject('in');
      await s.feed.waitFor(1, 'out');

      s.sim.control.addFault({
        kind: 'status',
        status: 500,
        route: 'GET /ecostruxure/carbon-emission/v1/sites*',
      });
      await s.inject('in');
      const [caught] = await s.feed.waitFor(1, 'caught', 60_000);
      expect((parse(caught!).error as { message: string }).message).toMatch(/500/);
      await s.feed.waitForStatus('sites', /.+/);
      expect(s.feed.statuses.filter((status) => status.id === 'sites').at(-1)).toMatchObject({ fill: 'red' });
    });
  },
);
