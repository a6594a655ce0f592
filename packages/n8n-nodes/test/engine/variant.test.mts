/**
 * The Carbon node against an API shaped in ways core was not written for (the simulator's `variant`
 * dialect), told through the credential's Carbon API Dialect: every site asked for comes out as an item,
 * a skipped-site item saying why, or an error item.
 */
import {
  DEMO_CREDENTIALS,
  startSimulator,
  VARIANT_CLIENT_DIALECT,
  VARIANT_SERIES_MAP,
  type SimulatorHandle,
} from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from './harness/engine.mjs';
import { CREDENTIAL_IDS, singleNodeWorkflow } from './harness/workflows.mjs';

const DIALECT = VARIANT_CLIENT_DIALECT;
const SERIES_MAP = VARIANT_SERIES_MAP;

let sim: SimulatorHandle;
let contract: SimulatorHandle;

beforeAll(async () => {
  [sim, contract] = await Promise.all([
    startSimulator({ port: 0, sites: 3, carbonDialect: 'variant' }),
    startSimulator({ port: 0, sites: 3 }),
  ]);
});
afterAll(async () => {
  await Promise.all([sim.close(), contract.close()]);
});

function harnessFor(target: SimulatorHandle, dialect: object | undefined): EngineHarness {
  const harness = new EngineHarness();
  harness.credentials.add(
    CREDENTIAL_IDS.ecoStruxurePersonalAccessTokenApi,
    'ecoStruxurePersonalAccessTokenApi',
    {
      baseUrl: target.url,
      token: DEMO_CREDENTIALS.personalAccessToken.value,
      ...(dialect === undefined ? {} : { carbonDialect: JSON.stringify(dialect) }),
    },
  );
  return harness;
}

const carbon = (parameters: Record<string, unknown>, continueOnFail = false) =>
  singleNodeWorkflow(
    'Carbon',
    'ecoStruxureCarbon',
    { authentication: 'personalAccessToken', ...parameters },
    'ecoStruxurePersonalAccessTokenApi',
    { continueOnFail },
  );

/** A trigger's items other than its warnings (the variant sends numbers as text: the first poll says so). */
const notWarnings = (items: Array<{ json: Record<string, unknown> }> | null) =>
  (items ?? []).map((item) => item.json).filter((json) => json.type !== 'warning');

describe('Compare to Grid Rate on the variant dialect', () => {
  it('converts the grid rate from its unit and gives a skipped item for the site whose series it cannot read', async () => {
    const compare = carbon({
      resource: 'emission',
      operation: 'compareToGridRate',
      siteIds: 'site-0001,site-0002,site-0003',
      thresholdPercent: 0,
    });
    const [variantRun, contractRun] = await Promise.all([
      harnessFor(sim, DIALECT).run(compare, 'Carbon'),
      harnessFor(contract, undefined).run(compare, 'Carbon'),
    ]);
    const { items, error } = variantRun.output('Carbon');
    expect(error).toBeUndefined();
    expect(items.map((item) => item.json.siteId).sort()).toEqual(['site-0001', 'site-0002', 'site-0003']);
    const skipped = items.find((item) => item.json.siteId === 'site-0003')?.json;
    expect(skipped).toMatchObject({ skipped: true });
    expect(String(skipped?.reason)).toMatch(/^no recognised series .*carbonDialect\.seriesMap/);
    const expected = contractRun.output('Carbon').items;
    for (const item of items.filter((one) => one.json.skipped !== true)) {
      const twin = expected.find((one) => one.json.siteId === item.json.siteId)!.json;
      // 0.38 tCO2e/MWh is 380 gCO2e/kWh, whatever unit the API gave it in.
      expect(item.json.globalRate as number).toBeCloseTo(twin.globalRate as number, 6);
    }
  });
});

describe('Global Rate on the variant dialect', () => {
  it("reads the dialect's path and parameter names, the rate sent as text as a number in its unit", async () => {
    const { items, error } = (
      await harnessFor(sim, DIALECT).run(
        carbon({ resource: 'globalRate', operation: 'get', filters: { countryIsoCode: 'DE', year: 2024 } }),
        'Carbon',
      )
    ).output('Carbon');
    expect(error).toBeUndefined();
    expect(items.map((item) => item.json)).toEqual([
      { countryIsoCode: 'DE', year: 2024, value: expect.any(Number), unit: 'tCO2e/MWh' },
    ]);
  });
});

describe('Get Emissions on the variant dialect', () => {
  it('accounts for every site: rows, mapped series included, and an error item for the one that cannot be read', async () => {
    const asked = ['site-0001', 'site-0003', 'site-9999'];
    const { items } = (
      await harnessFor(sim, { ...DIALECT, seriesMap: SERIES_MAP }).run(
        carbon(
          {
            resource: 'emission',
            operation: 'get',
            site: { __rl: true, mode: 'id', value: asked.join(', ') },
            range: 'custom',
            from: '2025-01-06T00:00:00Z',
            to: '2025-01-13T00:00:00Z',
            granularity: 'PT1H',
            output: 'rows',
          },
          true,
        ),
        'Carbon',
      )
    ).output('Carbon');
    const rows = items.filter((item) => item.json.error === undefined);
    expect(rows).toHaveLength(2 * 168);
    const accounted = new Set(
      items.map((item) => String(item.json.siteId ?? (item.json.error as { siteId?: string }).siteId)),
    );
    expect([...accounted].sort()).toEqual(asked);
    for (const row of rows) expect(typeof row.json.kgCO2e).toBe('number');
  });
});

/** The Carbon Trigger on a kgCO2e threshold no site reaches: what it emits besides crossings. */
const kgThresholdWatch = (siteIds: string) =>
  singleNodeWorkflow(
    'Carbon Trigger',
    'ecoStruxureCarbonTrigger',
    {
      authentication: 'personalAccessToken',
      event: 'thresholdCrossed',
      siteIds,
      metric: 'kgCO2e',
      above: 1_000_000,
      hysteresis: 0,
      granularity: 'PT1H',
    },
    'ecoStruxurePersonalAccessTokenApi',
  );

describe('Warnings on the variant dialect', () => {
  const week = {
    resource: 'emission',
    operation: 'get',
    range: 'custom',
    from: '2025-01-06T00:00:00Z',
    to: '2025-01-13T00:00:00Z',
    granularity: 'PT1H',
    output: 'rows',
  };

  it('shows each distinct warning once as a hint above the output, naming the field and the count', async () => {
    // Three input items ask for the same site: the same warning three times is one hint, "3 times".
    const site = { __rl: true, mode: 'id', value: 'site-0001' };
    const { items, hints } = (
      await harnessFor(sim, DIALECT).run(carbon({ ...week, site }), 'Carbon', [{}, {}, {}])
    ).output('Carbon');
    expect(items).toHaveLength(3 * 168);
    expect(items.every((item) => !('warnings' in item.json))).toBe(true);
    const text = hints.filter((hint) => /came as text/.test(hint.message));
    expect(text).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^\d+ value\(s\) came as text \(first at \[0\]\.values\[0\]\.value\) and were read as numbers\. \(at \[0\]\.values\[0\]\.value; 3 times\)$/,
        ),
        type: 'warning',
        location: 'outputPane',
      }),
    ]);
    expect(new Set(hints.map((hint) => hint.message)).size).toBe(hints.length);
  });

  it('the contract dialect gives no hint', async () => {
    const site = { __rl: true, mode: 'id', value: 'site-0001' };
    const { hints } = (await harnessFor(contract, undefined).run(carbon({ ...week, site }), 'Carbon')).output(
      'Carbon',
    );
    expect(hints).toEqual([]);
  });

  it('the Carbon Trigger emits a warning as an item, once while it persists', async () => {
    const watch = kgThresholdWatch('site-0001');
    const first = await harnessFor(sim, DIALECT).poll(watch, 'Carbon Trigger');
    expect(first.items?.map((item) => item.json)).toContainEqual({
      type: 'warning',
      path: '[0].values[0].value',
      message: expect.stringMatching(/value\(s\) came as text \(first at \[0\]\.values\[0\]\.value\)/),
      count: 1,
    });
    const second = await harnessFor(sim, DIALECT).poll(watch, 'Carbon Trigger', first.staticData);
    expect(second.items).toBeNull();
  });
});

describe('Carbon Trigger on the variant dialect', () => {
  it('says once that a watched site cannot be evaluated, and why', async () => {
    const watch = kgThresholdWatch('site-0001,site-0002,site-0003');
    const first = await harnessFor(sim, DIALECT).poll(watch, 'Carbon Trigger');
    expect(notWarnings(first.items)).toEqual([
      { type: 'skipped', siteId: 'site-0003', reason: expect.stringMatching(/^no recognised series/) },
    ]);
    const second = await harnessFor(sim, DIALECT).poll(watch, 'Carbon Trigger', first.staticData);
    expect(second.items).toBeNull();
  });

  it('New Emission Data accounts for every site: rows later, a skipped item now, an error naming the unreadable one', async () => {
    const watch = (siteIds: string) =>
      singleNodeWorkflow(
        'Carbon Trigger',
        'ecoStruxureCarbonTrigger',
        {
          authentication: 'personalAccessToken',
          event: 'newEmissionData',
          siteIds,
          granularity: 'PT1H',
        },
        'ecoStruxurePersonalAccessTokenApi',
      );
    const asked = 'site-0001,site-0002,site-0003';
    // The first poll records where the readable sites stand (state, no rows) and says why the other gives none.
    const first = await harnessFor(sim, DIALECT).poll(watch(asked), 'Carbon Trigger');
    expect(notWarnings(first.items)).toEqual([
      { type: 'skipped', siteId: 'site-0003', reason: expect.stringMatching(/^no recognised series/) },
    ]);
    const saved = Object.values(first.staticData) as Array<{ state: Record<string, { last?: string }> }>;
    const state = saved[0]?.state ?? {};
    const placed = Object.keys(state).filter((siteId) => state[siteId]?.last !== undefined);
    expect([...placed, 'site-0003'].sort()).toEqual(asked.split(','));
    const second = await harnessFor(sim, DIALECT).poll(watch(asked), 'Carbon Trigger', first.staticData);
    expect(second.items).toBeNull();
    await expect(
      harnessFor(sim, DIALECT).poll(watch(`${asked},site-9999`), 'Carbon Trigger', first.staticData),
    ).rejects.toThrow(/site-9999/);
  });

  it('Fetch Test Event for New Emission Data lists a site without data as a skipped item', async () => {
    const hour = 3_600_000;
    const now = Date.now();
    contract.control.removeEmissionIntervals({
      siteId: 'site-0002',
      from: new Date(now - 3 * hour).toISOString(),
      to: new Date(now + hour).toISOString(),
    });
    try {
      const sample = await harnessFor(contract, undefined).poll(
        singleNodeWorkflow(
          'Carbon Trigger',
          'ecoStruxureCarbonTrigger',
          {
            authentication: 'personalAccessToken',
            event: 'newEmissionData',
            siteIds: 'site-0001,site-0002',
            granularity: 'PT1H',
          },
          'ecoStruxurePersonalAccessTokenApi',
        ),
        'Carbon Trigger',
        {},
        'manual',
      );
      const items = sample.items?.map((item) => item.json) ?? [];
      expect(items.filter((item) => item.type !== 'skipped').map((item) => item.siteId)).toEqual([
        'site-0001',
      ]);
      expect(items.filter((item) => item.type === 'skipped')).toEqual([
        { type: 'skipped', siteId: 'site-0002', reason: expect.stringMatching(/^no data/) },
      ]);
    } finally {
      contract.control.clearEmissionEdits();
    }
  });
});
