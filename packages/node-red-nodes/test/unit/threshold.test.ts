import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  collect,
  helper,
  nextMessage,
  nodeModule,
  onTab,
  receiveHandled,
  settle,
  useTempUserDir,
} from '../support/helper.js';

const threshold = nodeModule('ecostruxure-threshold');

const row = (siteId: string, hour: number, kgCO2e: number) => ({
  siteId,
  timestamp: `2026-03-01T${String(hour).padStart(2, '0')}:00:00Z`,
  kgCO2e,
  kWh: 100,
});

function flow(overrides: Record<string, unknown> = {}) {
  return onTab([
    {
      id: 'thr1',
      type: 'ecostruxure-threshold',
      metric: 'kgCO2e',
      above: '50',
      hysteresis: '10',
      property: 'payload',
      wires: [['alert'], ['normal']],
      ...overrides,
    },
    { id: 'alert', type: 'helper' },
    { id: 'normal', type: 'helper' },
    { id: 'catch', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper' },
  ]);
}

describe('Emission threshold node', () => {
  let userDir: string;
  beforeEach(() => {
    userDir = useTempUserDir();
  });
  afterEach(async () => {
    await helper.unload();
  });

  it('alerts on output 1 when a site crosses, and says back to normal on output 2 only below limit minus hysteresis', async () => {
    await helper.load([threshold], flow());
    const alerts = collect(helper.getNode('alert'));
    const normal = collect(helper.getNode('normal'));
    const input = helper.getNode('thr1');

    await receiveHandled(input, {
      payload: [row('site-1', 0, 40), row('site-1', 1, 55), row('site-2', 1, 20)],
    });
    await vi.waitFor(() => expect(alerts).toHaveLength(1));
    expect(alerts.map((msg) => msg.payload)).toEqual([
      expect.objectContaining({ type: 'crossed', siteId: 'site-1', value: 55, limit: 50, unit: 'kgCO2e' }),
    ]);
    expect(alerts[0]?.topic).toBe('site-1');

    // 45 is below the limit but inside the hysteresis band: still above, nothing sent.
    await receiveHandled(input, { payload: row('site-1', 2, 45) });
    await settle(50);
    expect(normal).toHaveLength(0);

    await receiveHandled(input, { payload: row('site-1', 3, 39) });
    await vi.waitFor(() => expect(normal).toHaveLength(1));
    expect(normal.map((msg) => msg.payload)).toEqual([
      expect.objectContaining({ type: 'cleared', siteId: 'site-1', value: 39 }),
    ]);
    expect(alerts).toHaveLength(1);
  });

  it('keeps each site state across a redeploy: no second alert for a crossing already reported', async () => {
    await helper.load([threshold], flow());
    let alerts = collect(helper.getNode('alert'));
    await receiveHandled(helper.getNode('thr1'), { payload: [row('site-1', 1, 70)] });
    await vi.waitFor(() => expect(alerts).toHaveLength(1));
    await helper.unload();

    helper.settings({ userDir });
    await helper.load([threshold], flow());
    alerts = collect(helper.getNode('alert'));
    const normal = collect(helper.getNode('normal'));
    await receiveHandled(helper.getNode('thr1'), { payload: [row('site-1', 2, 80), row('site-1', 3, 30)] });
    await vi.waitFor(() => expect(normal).toHaveLength(1));
    expect(alerts).toHaveLength(0);
    expect(normal.map((msg) => (msg.payload as { crossingStartedAt: string }).crossingStartedAt)).toEqual([
      '2026-03-01T01:00:00Z',
    ]);
  });

  it('rejects a message without emission rows with an error a Catch node sees, and keeps working', async () => {
    await helper.load([threshold], flow());
    const caught = nextMessage(helper.getNode('caught'));
    helper.getNode('thr1').receive({ payload: [{ siteId: 'site-1' }] });
    const error = (await caught).error as { message: string };
    expect(error.message).toContain('msg.payload must hold emission rows');
    expect(error.message).toContain('item 0 has no ISO timestamp');

    const alert = nextMessage(helper.getNode('alert'));
    helper.getNode('thr1').receive({ payload: [row('site-9', 5, 99)] });
    expect(((await alert).payload as { siteId: string }).siteId).toBe('site-9');
  });

  it('shows an invalid rule in the status and reports it for every message', async () => {
    await helper.load([threshold], flow({ above: 'lots' }));
    const node = helper.getNode('thr1');
    expect(node.status.getCalls()[0]?.args[0]).toMatchObject({ fill: 'red' });
    const caught = nextMessage(helper.getNode('caught'));
    node.receive({ payload: [row('site-1', 1, 70)] });
    expect(((await caught).error as { message: string }).message).toContain('must be a number');
  });

  it('takes the limit from msg.threshold when allowed, naming msg.threshold when it is not a number', async () => {
    await helper.load([threshold], flow({ allowOverride: true }));
    const alerts = collect(helper.getNode('alert'));
    const input = helper.getNode('thr1');
    // 70 is above the configured 50 but not above the message's 80.
    await receiveHandled(input, { payload: [row('site-1', 1, 70)], threshold: 80 });
    await receiveHandled(input, { payload: [row('site-2', 1, 70)], threshold: '60' });
    await vi.waitFor(() => expect(alerts).toHaveLength(1));
    expect(alerts[0]?.payload).toMatchObject({ siteId: 'site-2', limit: 60 });

    const caught = nextMessage(helper.getNode('caught'));
    input.receive({ payload: [row('site-3', 1, 70)], threshold: 'high' });
    expect(((await caught).error as { message: string }).message).toContain(
      '"msg.threshold" must be a number',
    );
  });

  it('ignores msg.threshold unless the node allows it', async () => {
    await helper.load([threshold], flow());
    const alerts = collect(helper.getNode('alert'));
    await receiveHandled(helper.getNode('thr1'), { payload: [row('site-1', 1, 70)], threshold: 80 });
    await vi.waitFor(() => expect(alerts).toHaveLength(1));
    expect(alerts[0]?.payload).toMatchObject({ limit: 50 });
  });

  it('deletes its state file when the node is deleted', async () => {
    await helper.load([threshold], flow());
    await receiveHandled(helper.getNode('thr1'), { payload: [row('site-1', 1, 70)] });
    const file = join(userDir, 'ecostruxure-state', 'thr1.json');
    expect(existsSync(file)).toBe(true);
    // A full deploy without the node removes it.
    await (helper as unknown as { setFlows(flow: unknown[]): Promise<void> }).setFlows([
      { id: 'n1', type: 'helper' },
    ]);
    await vi.waitFor(() => expect(existsSync(file)).toBe(false));
  });
});
