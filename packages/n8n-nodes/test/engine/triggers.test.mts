/**
 * Both polling triggers as n8n's poller runs them: state kept in the workflow's static data, each event
 * once across polls and across a restart (a new harness given the saved static data), and a sample in
 * manual mode that leaves the saved state alone.
 */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessWithDemoCredentials } from './harness/demo-credentials.mjs';
import type { EngineHarness } from './harness/engine.mjs';
import { singleNodeWorkflow } from './harness/workflows.mjs';

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 6 });
});

afterAll(async () => {
  await sim?.close();
});

/** A fresh harness, as after an n8n restart: nothing survives but the credentials and the static data. */
function newHarness(): EngineHarness {
  return harnessWithDemoCredentials(sim.url);
}

/** The trigger's own state, where n8n keeps a node's static data. */
function stateOf(staticData: IDataObject, nodeName: string): unknown {
  return (staticData[`node:${nodeName}`] as IDataObject | undefined)?.state;
}

describe('EcoStruxure Carbon Trigger', () => {
  const aboveGridRate = singleNodeWorkflow(
    'Carbon Trigger',
    'ecoStruxureCarbonTrigger',
    {
      authentication: 'personalAccessToken',
      event: 'thresholdCrossed',
      siteIds: '',
      metric: 'percentAboveGlobalRate',
      above: -99,
      hysteresis: 5,
      granularity: 'PT1H',
    },
    'ecoStruxurePersonalAccessTokenApi',
  );

  it('fires once per crossing: not again on the next poll, not again after a restart', async () => {
    const first = await newHarness().poll(aboveGridRate, 'Carbon Trigger');
    expect(first.items?.length).toBe(6);
    expect(new Set(first.items?.map((item) => item.json.siteId)).size).toBe(6);
    const second = await newHarness().poll(aboveGridRate, 'Carbon Trigger', first.staticData);
    expect(second.items).toBeNull();
    const afterRestart = await newHarness().poll(aboveGridRate, 'Carbon Trigger', second.staticData);
    expect(afterRestart.items).toBeNull();
  });

  it('returns a sample in manual mode and leaves the saved state alone', async () => {
    const saved = (await newHarness().poll(aboveGridRate, 'Carbon Trigger')).staticData;
    const manual = await newHarness().poll(aboveGridRate, 'Carbon Trigger', saved, 'manual');
    expect(manual.items?.length).toBe(6);
    expect(manual.staticData).toEqual(saved);
  });

  it('reports new emission data once: the first poll records where each site stands', async () => {
    const [siteId = ''] = sim.control.siteIds();
    const newData = singleNodeWorkflow(
      'Carbon Trigger',
      'ecoStruxureCarbonTrigger',
      {
        authentication: 'personalAccessToken',
        event: 'newEmissionData',
        siteIds: siteId,
        granularity: 'PT15M',
      },
      'ecoStruxurePersonalAccessTokenApi',
    );
    const first = await newHarness().poll(newData, 'Carbon Trigger');
    expect(first.items).toBeNull();
    const recorded = stateOf(first.staticData, 'Carbon Trigger') as Record<string, { last: string }>;
    expect(Object.keys(recorded)).toEqual([siteId]);

    // As if the last poll ran an hour ago (in the state of earlier versions, the latest interval per site):
    // the four quarter hours since are new, once.
    const hourEarlier = new Date(Date.parse(recorded[siteId]?.last ?? '') - 60 * 60 * 1000).toISOString();
    const paused = { 'node:Carbon Trigger': { state: { [siteId]: hourEarlier } } };
    const next = await newHarness().poll(newData, 'Carbon Trigger', paused);
    expect(next.items).toHaveLength(4);
    expect(next.items?.every((item) => item.json.siteId === siteId)).toBe(true);
    const again = await newHarness().poll(newData, 'Carbon Trigger', next.staticData);
    expect(again.items).toBeNull();
  });

  it('delivers a revised interval again as an update with the same key, once, also after a restart', async () => {
    const siteId = sim.control.siteIds()[1] ?? '';
    const newData = singleNodeWorkflow(
      'Carbon Trigger',
      'ecoStruxureCarbonTrigger',
      {
        authentication: 'personalAccessToken',
        event: 'newEmissionData',
        siteIds: siteId,
        granularity: 'PT1H',
      },
      'ecoStruxurePersonalAccessTokenApi',
    );
    const first = await newHarness().poll(newData, 'Carbon Trigger');
    const { last } = (stateOf(first.staticData, 'Carbon Trigger') as Record<string, { last: string }>)[
      siteId
    ]!;
    const start = new Date(Date.parse(last) - 2 * 60 * 60 * 1000).toISOString();
    try {
      sim.control.reviseEmissionInterval({ siteId, start, scale: 1.25 });
      // A new harness each time: n8n restarted, with only the workflow's saved static data.
      const revised = await newHarness().poll(newData, 'Carbon Trigger', first.staticData);
      expect(revised.items?.map((item) => item.json)).toEqual([
        expect.objectContaining({
          key: `${siteId}|${start}|PT1H|location-based`,
          timestamp: start,
          change: 'updated',
        }),
      ]);
      const again = await newHarness().poll(newData, 'Carbon Trigger', revised.staticData);
      expect(again.items).toBeNull();
    } finally {
      sim.control.clearEmissionEdits();
    }
  });
});

describe('Energy Hub Trigger', () => {
  const newAlarms = singleNodeWorkflow(
    'Alarm Trigger',
    'energyHubTrigger',
    { event: 'newAlarm', filters: { priority: 'high' } },
    'energyHubOAuth2Api',
  );

  it('reports each new alarm once, across polls and a restart', async () => {
    const baseline = await newHarness().poll(newAlarms, 'Alarm Trigger');
    expect(baseline.items).toBeNull();
    const injected = sim.control.injectAlarm({ priority: 'high', detail: 'Breaker tripped' });
    sim.control.injectAlarm({ priority: 'low', detail: 'Not wanted by the filter' });
    const next = await newHarness().poll(newAlarms, 'Alarm Trigger', baseline.staticData);
    expect(next.items?.map((item) => (item.json.alarm as { id: string }).id)).toEqual([injected]);
    expect(next.items?.[0]?.json.event).toBe('new');
    const again = await newHarness().poll(newAlarms, 'Alarm Trigger', next.staticData);
    expect(again.items).toBeNull();
  });

  it('reports acknowledged and cleared alarms once when their state changes', async () => {
    const stateChanges = singleNodeWorkflow(
      'Alarm Trigger',
      'energyHubTrigger',
      { event: 'alarmStateChanged', filters: {} },
      'energyHubOAuth2Api',
    );
    const baseline = await newHarness().poll(stateChanges, 'Alarm Trigger');
    expect(baseline.items).toBeNull();
    // Six hours later on the server's clock, operators have acknowledged alarms and conditions have cleared.
    sim.control.setClockSkew(6 * 60 * 60 * 1000);
    try {
      const changed = await newHarness().poll(stateChanges, 'Alarm Trigger', baseline.staticData);
      const events = changed.items?.map((item) => item.json.event) ?? [];
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((event) => event === 'acknowledged' || event === 'cleared')).toBe(true);
      const keys = changed.items?.map((item) => item.json.dedupKey);
      expect(new Set(keys).size).toBe(keys?.length);
      const again = await newHarness().poll(stateChanges, 'Alarm Trigger', changed.staticData);
      expect(again.items).toBeNull();
    } finally {
      sim.control.setClockSkew(0);
    }
  });

  it('returns the newest matching alarm as a sample in manual mode', async () => {
    const manual = await newHarness().poll(newAlarms, 'Alarm Trigger', {}, 'manual');
    expect(manual.items).toHaveLength(1);
    expect((manual.items?.[0]?.json.alarm as { priority: string }).priority).toBe('high');
    expect(stateOf(manual.staticData, 'Alarm Trigger')).toBeUndefined();
  });

  // Last: the alarm injected here stays in the simulator.
  it('emits a priority core does not know as a warning item beside the alarm, once', async () => {
    const anyAlarm = singleNodeWorkflow(
      'Alarm Trigger',
      'energyHubTrigger',
      { event: 'newAlarm', filters: {} },
      'energyHubOAuth2Api',
    );
    const baseline = await newHarness().poll(anyAlarm, 'Alarm Trigger');
    const injected = sim.control.injectAlarm({ priority: 'critical', detail: 'Unknown priority' });
    const next = await newHarness().poll(anyAlarm, 'Alarm Trigger', baseline.staticData);
    expect(next.items?.map((item) => item.json)).toEqual([
      expect.objectContaining({ event: 'new', alarm: expect.objectContaining({ id: injected }) }),
      {
        type: 'warning',
        path: 'alarms[].priority',
        message: 'Alarm priority "critical" is not one core knows (high, medium, low); kept as sent.',
        count: 1,
      },
    ]);
    const again = await newHarness().poll(anyAlarm, 'Alarm Trigger', next.staticData);
    expect(again.items).toBeNull();
  });
});
