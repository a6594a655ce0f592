/**
 * Energy Hub answers read as core reads every answer: numbers sent as text read with a warning,
 * date-times without an offset refused naming the field and `energyHubDialect.zonelessDateTimes` (which
 * reads them as UTC, with a warning). Served from a script: the simulator writes every time with an
 * offset and every number as a number, as the contract says.
 */
import { describe, expect, it } from 'vitest';
import { createEnergyHubClient, resolveEnergyHubDialect } from '../src/advanced.js';
import { createEcoStruxureClient, ValidationError } from '../src/index.js';
import { nodeRuntime } from '../src/node/index.js';
import { stubHttp } from './helpers/stub-http.js';

const alarm = (fields: Record<string, unknown>) => ({
  id: 'alarm-1',
  category: 'Diagnostics',
  type: 'Breaker trip',
  priority: 'high',
  active: true,
  acknowledged: false,
  source: 'device',
  startTime: '2026-05-31T10:00:00Z',
  ...fields,
});

function hubAnswering(node: Record<string, unknown>, zonelessDateTimes?: 'utc') {
  const http = stubHttp('http://hub.test/energy-hub/v1/graphql', () => ({
    data: {
      alarms: {
        edges: [{ cursor: 'c1', node }],
        pageInfo: { hasNextPage: false, endCursor: 'c1' },
        totalCount: '1',
      },
      timeseries: [
        {
          thingId: 'meter-1',
          measurement: 'ActivePower',
          unit: 'kW',
          points: [{ timestamp: '2026-05-31T10:00:00', value: '12.5' }],
        },
      ],
    },
  }));
  return createEnergyHubClient(
    http,
    resolveEnergyHubDialect(zonelessDateTimes === undefined ? undefined : { zonelessDateTimes }),
  );
}

describe('Energy Hub alarms', () => {
  it('reads a duration and a total sent as text as numbers, saying so', async () => {
    const result = await hubAnswering(alarm({ durationSeconds: '120' })).listAlarms();
    expect(result.items[0]?.durationSeconds).toBe(120);
    expect(result.totalCount).toBe(1);
    expect(result.warnings).toEqual([
      {
        path: 'alarms.totalCount',
        message: '2 value(s) came as text (first at alarms.totalCount) and were read as numbers.',
      },
    ]);
  });

  it('hands what it read leniently to onWarning when an iteration of the alarms ends', async () => {
    const warnings: unknown[] = [];
    const alarms = hubAnswering(alarm({ durationSeconds: '120' })).iterateAlarms(
      {},
      { onWarning: (warning) => warnings.push(warning) },
    );
    const read: unknown[] = [];
    for await (const one of alarms) read.push(one);
    expect(read).toEqual([expect.objectContaining({ durationSeconds: 120 })]);
    expect(warnings).toEqual([
      {
        path: 'alarms.totalCount',
        message: '2 value(s) came as text (first at alarms.totalCount) and were read as numbers.',
      },
    ]);
  });

  it('hands them over too when the iteration is left early', async () => {
    const warnings: unknown[] = [];
    const alarms = hubAnswering(alarm({ durationSeconds: '120' })).iterateAlarms(
      {},
      { onWarning: (warning) => warnings.push(warning) },
    );
    for await (const _one of alarms) break;
    expect(warnings).toHaveLength(1);
  });

  it('refuses a start time without an offset, naming where and the option', async () => {
    await expect(hubAnswering(alarm({ startTime: '2026-05-31T10:00:00' })).listAlarms()).rejects.toThrow(
      /date-time without a UTC offset at alarms\.edges\[0\]\.node\.startTime \("2026-05-31T10:00:00"\).*set energyHubDialect\.zonelessDateTimes to "utc"\. Without core's options: .*Energy Hub Query node/,
    );
  });

  it('reads it as UTC when told, with a warning', async () => {
    const result = await hubAnswering(alarm({ endTime: '2026-05-31T11:00:00' }), 'utc').listAlarms();
    expect(result.items[0]?.endTime).toBe('2026-05-31T11:00:00Z');
    expect(result.warnings?.map((warning) => warning.message)).toContainEqual(
      '1 date-time(s) came without a UTC offset (first at alarms.edges[0].node.endTime) and were read as UTC (energyHubDialect.zonelessDateTimes: "utc").',
    );
  });

  it('refuses a start time that is not a date-time, naming the field', async () => {
    await expect(hubAnswering(alarm({ startTime: 'yesterday' })).listAlarms()).rejects.toThrow(
      /alarms\.edges\[0\]\.node\.startTime: Invalid date-time/,
    );
  });
});

describe('Energy Hub time series', () => {
  const request = {
    thingId: 'meter-1',
    measurements: ['ActivePower'],
    from: '2026-05-31T00:00:00Z',
    to: '2026-06-01T00:00:00Z',
  };

  it('refuses a point time without an offset, naming where and the option', async () => {
    await expect(hubAnswering(alarm({})).getTimeseries(request)).rejects.toThrow(
      /at timeseries\[0\]\.points\[0\]\.timestamp .*energyHubDialect\.zonelessDateTimes/,
    );
  });

  it('reads values sent as text and, when told, times as UTC, each with a warning', async () => {
    const warnings: string[] = [];
    const [series] = await hubAnswering(alarm({}), 'utc').getTimeseries(request, {
      onWarning: (warning) => warnings.push(warning.message),
    });
    expect(series?.points[0]).toEqual({ timestamp: '2026-05-31T10:00:00Z', value: 12.5 });
    expect(warnings).toHaveLength(2);
  });
});

describe('the Energy Hub dialect option', () => {
  it('is checked when the client is made, naming the field and what it may be', () => {
    const make = (energyHubDialect: unknown) => () =>
      createEcoStruxureClient({
        credentials: { kind: 'personalAccessToken', token: 'dialect-test-token' },
        transport: { send: async () => ({ status: 500, headers: {}, body: '' }) },
        runtime: nodeRuntime,
        energyHubDialect: energyHubDialect as { zonelessDateTimes: 'utc' },
      });
    expect(make({ zonelessDateTimes: 'local' })).toThrow(ValidationError);
    expect(make({ zonelessDateTimes: 'local' })).toThrow(
      /energyHubDialect\.zonelessDateTimes must be one of refuse, utc/,
    );
    expect(make({ zones: 'utc' })).toThrow(/energyHubDialect\.zones .*known: zonelessDateTimes/);
    expect(make({ zonelessDateTimes: 'utc' })).not.toThrow();
  });
});
