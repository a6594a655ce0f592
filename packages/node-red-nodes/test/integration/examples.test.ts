/**
 * Every example flow, as shipped, run on a real runtime against the simulator: only the addresses and
 * the demo credentials a user would type in are filled in (and the threshold's limit, which the
 * simulator's factory crosses on working days only: see withLimitCrossedToday).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEcoStruxureClient, getEmissions } from '@ecostruxure-connector/core';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, idOf, shippedExample } from '../support/examples.js';
import type { FlowNode, NodeRedVersion } from '../support/node-red.js';
import { startScenario, type Scenario } from '../support/scenario.js';

/**
 * The example's limit (2000 kgCO2e an hour) is crossed on working days only: site-0001 is a factory, quiet
 * on Sundays. The test takes a limit its last 24 hours cross whatever the day, halfway between their
 * lowest and highest hour, so it proves the flow rather than the calendar.
 */
async function withLimitCrossedToday(flow: FlowNode[], s: Scenario): Promise<FlowNode[]> {
  const client = createEcoStruxureClient({
    baseUrl: s.sim.url,
    credentials: { kind: 'personalAccessToken', token: 'demo-personal-access-token' },
    transport: createUndiciTransport(),
    runtime: nodeRuntime,
  });
  const { items } = await getEmissions(client, {
    siteIds: ['site-0001'],
    range: 'last24Hours',
    granularity: 'PT1H',
  });
  const values = items.map((row) => Number(row.kgCO2e));
  const limit = Math.round((Math.min(...values) + Math.max(...values)) / 2);
  return flow.map((node) =>
    node.type === 'ecostruxure-threshold' ? { ...node, above: String(limit) } : node,
  );
}

describe('Example flows as shipped', () => {
  const shipped = shippedExample;
  const CARBON = [
    'Emissions to CSV file',
    'Emission threshold alert',
    'Sites above their grid rate',
    'Emissions to PostgreSQL',
    'Monthly emissions report to CSV',
  ];

  // Node-RED's import notices a node that already exists (same ID) and offers to reuse it ("Import copy")
  // or replace it: one account set up once serves every example.
  it('share one EcoStruxure account, by ID, and every node using it points at it', () => {
    const accounts = CARBON.map((name) => shipped(name).filter((n) => n.type === 'ecostruxure-account'));
    expect(accounts.every((list) => list.length === 1)).toBe(true);
    expect(new Set(accounts.map((list) => list[0]!.id)).size).toBe(1);
    const id = accounts[0]![0]!.id;
    for (const name of CARBON) {
      const users = shipped(name).filter((n) => 'account' in n);
      expect(users.length, name).toBeGreaterThan(0);
      expect(
        users.every((n) => n.account === id),
        name,
      ).toBe(true);
    }
  });

  it('name the account and access client they bring apart from a person’s own', () => {
    const names = [...CARBON, 'Energy Hub alarms'].flatMap((name) =>
      shipped(name)
        .filter((n) => n.type === 'ecostruxure-account' || n.type === 'energy-hub-access-client')
        .map((n) => n.name),
    );
    expect(names.every((name) => typeof name === 'string' && name.endsWith('(examples)'))).toBe(true);
  });

  it('keep no two nodes of different examples on one ID except the shared account', () => {
    const seen = new Map<string, string>();
    for (const name of [...CARBON, 'Energy Hub alarms']) {
      for (const node of shipped(name)) {
        if (node.type === 'ecostruxure-account') continue;
        expect(seen.get(node.id), `${node.id} in ${name}`).toBeUndefined();
        seen.set(node.id, name);
      }
    }
  });
});

describe.each<NodeRedVersion>(['5', '4'])('Example flows on Node-RED %s.x', (version) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario(version);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('Emissions to CSV file: writes a spreadsheet-shaped CSV', async () => {
    const csvFile = join(mkdtempSync(join(tmpdir(), 'ecostruxure-csv-')), 'emissions.csv');
    const flow = example('Emissions to CSV file', s, csvFile);
    await s.red.deploy(flow);
    await s.authorize(idOf(flow, 'ecostruxure-account'));
    await s.inject(idOf(flow, 'inject'));
    await s.feed.waitFor(1, idOf(flow, 'debug', 'Emission rows'));
    // Where the rows went, under the flow: the file's name, once the file node has written them.
    // (A debug node's status shows 32 characters; the example's own file name fits.)
    const written = await s.feed.waitForStatus(idOf(flow, 'debug', 'Written to'), /\S/);
    expect(csvFile.startsWith(written.text!.replace(/\.\.\.$/, ''))).toBe(true);
    const lines = readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'siteId,siteName,countryIsoCode,timestamp,granularity,kgCO2e,kWh,gCO2ePerKWh,estimated,method,partial',
    );
    expect(lines).toHaveLength(8);
    expect(lines[1]).toMatch(/^site-0001,/);
  });

  it('Emission threshold alert: alerts once per crossing, also after a redeploy', async () => {
    const flow = await withLimitCrossedToday(example('Emission threshold alert', s), s);
    await s.red.deploy(flow);
    await s.authorize(idOf(flow, 'ecostruxure-account'));
    const alert = idOf(flow, 'debug', 'Alert');
    // The inject fires once shortly after deploy, before the account was authorized: press it again.
    await s.inject(idOf(flow, 'inject'));
    const alerts = await s.feed.waitFor(1, alert);
    const limit = Number(flow.find((node) => node.type === 'ecostruxure-threshold')!.above);
    expect(JSON.parse(alerts[0]!.msg)).toMatchObject({ type: 'crossed', siteId: 'site-0001', limit });

    await s.red.deploy(flow);
    const before = s.feed.messages.filter((m) => m.id === alert).length;
    await s.inject(idOf(flow, 'inject'));
    await s.feed.waitForStatus(idOf(flow, 'ecostruxure-threshold'), /above/);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.feed.messages.filter((m) => m.id === alert)).toHaveLength(before);

    // And after a restart of the runtime, with no deploy: the open crossing is remembered.
    await s.red.restart();
    await s.reconnect();
    await s.inject(idOf(flow, 'inject'));
    // How many sites are still above depends on the hour (the last 24 hours may end at night, below the
    // limit): the proof that the state was kept is that the crossing is not alerted again.
    await s.feed.waitForStatus(idOf(flow, 'ecostruxure-threshold'), /\d+ sites? above/);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.feed.messages.filter((m) => m.id === alert)).toHaveLength(0);
  });

  it('Energy Hub alarms: lists active alarms, and reports a new alarm once', async () => {
    const flow = example('Energy Hub alarms', s);
    await s.red.deploy(flow);
    await s.inject(idOf(flow, 'inject', 'Active alarms'));
    const [active] = await s.feed.waitFor(1, idOf(flow, 'debug', 'Active alarms'));
    const alarms = JSON.parse(active!.msg) as { active: boolean }[];
    expect(alarms.length).toBeGreaterThan(0);
    expect(alarms.every((alarm) => alarm.active)).toBe(true);

    // The simulator also starts an alarm of its own every 10 minutes, which a watch rightly reports as new
    // when the test runs across one: the injected alarms are held to exactly once, and any other report
    // must be a single one of an alarm that started after the watch began.
    const watchedFrom = Date.now();
    const newAlarms = () =>
      s.feed.messages
        .filter((m) => m.id === idOf(flow, 'debug', 'New alarm'))
        .map((m) => (JSON.parse(m.msg) as { alarm: { id: string; startTime: string } }).alarm);
    const newAlarmIds = () => newAlarms().map((alarm) => alarm.id);
    const injected = (id: string) => id.startsWith('alarm-injected');
    /** The New alarm message about this alarm, once it arrived. */
    const reported = async (id: string) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const message = s.feed.messages
          .filter((m) => m.id === idOf(flow, 'debug', 'New alarm'))
          .map((m) => JSON.parse(m.msg) as { alarm: { id: string } })
          .find((payload) => payload.alarm.id === id);
        if (message !== undefined) return message;
        if (Date.now() > deadline) throw new Error(`no New alarm message about ${id}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const checkOwnAlarms = () => {
      const own = newAlarms().filter((alarm) => !injected(alarm.id));
      expect(new Set(own.map((alarm) => alarm.id)).size).toBe(own.length);
      for (const alarm of own) expect(Date.parse(alarm.startTime)).toBeGreaterThan(watchedFrom - 60_000);
    };
    const watch = idOf(flow, 'energy-hub-alarms', 'Watch alarms');
    // The first check runs on deploy and only notes what is open.
    await s.feed.waitForStatus(watch, /watching/);
    const alarmId = s.sim.control.injectAlarm({ priority: 'high', category: 'Power quality' });
    await s.inject(idOf(flow, 'inject', 'Check now'));
    expect(await reported(alarmId)).toMatchObject({
      event: 'new',
      alarm: expect.objectContaining({ id: alarmId }),
    });
    await s.inject(idOf(flow, 'inject', 'Check now'));
    await new Promise((r) => setTimeout(r, 500));
    expect(newAlarmIds().filter((id) => id === alarmId)).toHaveLength(1);
    checkOwnAlarms();

    // After a restart the watch goes on from where it was: the alarm seen before is not new again,
    // one that started meanwhile is.
    await s.red.restart();
    await s.reconnect();
    const meanwhile = s.sim.control.injectAlarm({ priority: 'low', category: 'Diagnostics' });
    await s.inject(idOf(flow, 'inject', 'Check now'));
    expect(await reported(meanwhile)).toMatchObject({ event: 'new' });
    await new Promise((r) => setTimeout(r, 500));
    expect(newAlarmIds().filter(injected)).toEqual([meanwhile]);
    checkOwnAlarms();

    await s.inject(idOf(flow, 'inject', 'Organization'));
    const [organization] = await s.feed.waitFor(1, idOf(flow, 'debug', 'Organization'));
    expect(JSON.parse(organization!.msg)).toMatchObject({ organization: { name: 'Demo Customer' } });
  });

  it('Sites above their grid rate: sites, rates, the comparison and a request by path', async () => {
    const flow = example('Sites above their grid rate', s);
    await s.red.deploy(flow);
    await s.authorize(idOf(flow, 'ecostruxure-account'));
    const answer = async (button: string, output: string) => {
      await s.inject(idOf(flow, 'inject', button));
      const [message] = await s.feed.waitFor(1, idOf(flow, 'debug', output), 60_000);
      return JSON.parse(message!.msg) as unknown;
    };
    expect(await answer('List Sites', 'Sites')).toHaveLength(25);
    expect(await answer('Grid rates of France', 'Grid rates')).toEqual(
      expect.arrayContaining([expect.objectContaining({ countryIsoCode: 'FR' })]),
    );
    const above = (await answer('Which sites are above?', 'Sites above their grid rate')) as {
      above: boolean;
    }[];
    expect(above.length).toBeGreaterThan(0);
    expect(above.every((site) => site.above)).toBe(true);
    expect(await answer('One site by path', 'API answer')).toMatchObject({ id: 'site-0001' });
  });
});
