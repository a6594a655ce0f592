/**
 * Dates in the workflow's time zone, through n8n's own engine: a custom range as n8n's date picker stores
 * it (`YYYY-MM-DDTHH:mm:ss`, no zone), presets in a zone east and west of UTC, the site's own zone, and the
 * alarms' Started After. The simulator's request log shows which instants reached the API.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { harnessWithDemoCredentials } from './harness/demo-credentials.mjs';
import type { EngineHarness } from './harness/engine.mjs';
import { singleNodeWorkflow, type CredentialType } from './harness/workflows.mjs';

let sim: SimulatorHandle;
let harness: EngineHarness;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, sites: 12 });
  harness = harnessWithDemoCredentials(sim.url);
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  sim.control.clearRequests();
});

async function runIn(
  timezone: string,
  type: string,
  parameters: INodeParameters,
  credential: CredentialType,
) {
  const json = { ...singleNodeWorkflow('Node', type, parameters, credential), settings: { timezone } };
  const { output } = await harness.run(json, 'Node');
  return output('Node');
}

function emissions(timezone: string, parameters: INodeParameters) {
  const [siteId] = sim.control.siteIds();
  return runIn(
    timezone,
    'ecoStruxureCarbon',
    {
      authentication: 'personalAccessToken',
      resource: 'emission',
      operation: 'get',
      site: { __rl: true, mode: 'id', value: siteId },
      granularity: 'PT1H',
      output: 'rows',
      ...parameters,
    },
    'ecoStruxurePersonalAccessTokenApi',
  );
}

/** The `from` and `to` of the emission requests the API received. */
function requestedWindow(): { from: string | null; to: string | null } {
  const [request] = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission/v1/sites/' });
  const query = new URL(request!.url, 'http://x').searchParams;
  return { from: query.get('from'), to: query.get('to') };
}

describe("Get Emissions in the workflow's time zone", () => {
  it.each([
    ['Asia/Tokyo', '2026-11-30T15:00:00.000Z', '2026-12-01T15:00:00.000Z'],
    ['America/Chicago', '2026-12-01T06:00:00.000Z', '2026-12-02T06:00:00.000Z'],
  ])('reads a custom range picked in n8n (no zone) in %s', async (timezone, from, to) => {
    const { items, error } = await emissions(timezone, {
      range: 'custom',
      from: '2026-12-01T00:00:00',
      to: '2026-12-02T00:00:00',
    });
    expect(error).toBeUndefined();
    expect(requestedWindow()).toEqual({ from, to });
    expect(items).toHaveLength(24);
    expect(items[0]?.json.timestamp).toBe(from);
  });

  it.each([
    ['2026-03-29T00:00:00', '2026-03-30T00:00:00', 23, '2026-03-28T23:00:00.000Z'],
    ['2026-10-25T00:00:00', '2026-10-26T00:00:00', 25, '2026-10-24T22:00:00.000Z'],
  ])("covers Berlin's day from %s, on a clock change, as %i hourly rows", async (from, to, hours, first) => {
    const { items, error } = await emissions('Europe/Berlin', { range: 'custom', from, to });
    expect(error).toBeUndefined();
    expect(items).toHaveLength(hours);
    expect(items[0]?.json.timestamp).toBe(first);
  });

  it("reads Yesterday as the workflow's yesterday, and UTC when chosen", async () => {
    const { items, error } = await emissions('Asia/Tokyo', { range: 'yesterday' });
    expect(error).toBeUndefined();
    const from = new Date(requestedWindow().from!);
    // Tokyo's midnight is 15:00 UTC.
    expect(from.getUTCHours()).toBe(15);
    expect(items).toHaveLength(24);
    sim.control.clearRequests();
    await emissions('Asia/Tokyo', { range: 'yesterday', options: { timeZone: 'UTC' } });
    expect(new Date(requestedWindow().from!).getUTCHours()).toBe(0);
  });

  it("reads the site's own time zone when chosen", async () => {
    const { items, error } = await emissions('UTC', { range: 'yesterday', options: { timeZone: 'site' } });
    expect(error).toBeUndefined();
    const site = sim.control.siteIds()[0]!;
    const zone = (
      (await await fetch(`${sim.url}/ecostruxure/carbon-emission/v1/sites/${site}`, {
        headers: { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` },
      }).then((response) => response.json())) as { postalAddress: { timezone: string } }
    ).postalAddress.timezone;
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' });
    expect(hour.format(new Date(requestedWindow().from!))).toBe('00');
    expect(items.length).toBeGreaterThanOrEqual(23);
  });

  it("refuses daily intervals for Tokyo's days before any request, saying what to choose", async () => {
    const { error } = await emissions('Asia/Tokyo', { range: 'last7Days', granularity: 'P1D' });
    expect(error?.message).toContain('hourly granularity');
    expect(sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission/v1/sites/' })).toHaveLength(0);
  });
});

describe("the alarms' Started After in the workflow's time zone", () => {
  it('sends the instant the person meant in Chicago', async () => {
    const { error } = await runIn(
      'America/Chicago',
      'energyHub',
      {
        resource: 'alarm',
        operation: 'getAll',
        returnAll: false,
        limit: 5,
        filters: { startedAfter: '2026-12-01T08:00:00' },
      },
      'energyHubOAuth2Api',
    );
    expect(error).toBeUndefined();
    const graphql = sim.control.requests({ pathPrefix: '/energy-hub/v1/graphql' });
    const body = graphql.at(-1)?.body as { variables?: { filter?: { startedAfter?: string } } };
    expect(body.variables?.filter?.startedAfter).toBe('2026-12-01T14:00:00.000Z');
  });
});
