/**
 * The response models are tolerant on purpose (the real schemas are not public): unknown fields survive
 * parsing at every level, optional fields may be missing, and dates become Date objects. The simulator
 * always sends every field, so these shapes are written out here.
 */
import { describe, expect, it } from 'vitest';
import {
  emissionsResponseSchema,
  globalRateSchema,
  siteSchema,
  timeseriesValueSchema,
} from '../src/carbon-api/schemas.js';
import { alarmSchema, organizationSchema, thingSchema } from '../src/energy-hub-api/schemas.js';

describe('carbon models', () => {
  it('a site needs only its id and keeps unknown fields, nested ones included', () => {
    const site = siteSchema.parse({
      id: 'site-x',
      portfolio: 'north',
      postalAddress: { city: 'Lyon', district: '3e' },
      metadata: { floors: 4 },
    });
    expect(site).toEqual({
      id: 'site-x',
      portfolio: 'north',
      postalAddress: { city: 'Lyon', district: '3e' },
      metadata: { floors: 4 },
    });
  });

  it('emissions need only siteId and timeseries; dates are parsed, isEstimated defaults to false', () => {
    const parsed = emissionsResponseSchema.parse({
      siteId: 'site-x',
      region: 'EU',
      timeseries: [
        {
          key: 'co2Emission',
          source: 'meter',
          values: [{ date: '2025-01-01T01:00:00+01:00', value: 1.5, quality: 'good' }],
        },
      ],
    });
    const point = parsed.timeseries[0]?.values[0];
    expect(point?.date).toBeInstanceOf(Date);
    expect(point?.date.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(point).toMatchObject({ isEstimated: false, quality: 'good' });
    expect(point?.updatedAt).toBeUndefined();
    expect(parsed).toMatchObject({ region: 'EU', timeseries: [{ source: 'meter' }] });
    expect(parsed.paging).toBeUndefined();
  });

  it.each([
    ['2026-01-05T00:00:00Z', '2026-01-05T00:00:00.000Z'],
    ['2026-01-05T01:30:00.250+01:00', '2026-01-05T00:30:00.250Z'],
    ['2024-02-29T23:00-05:00', '2024-03-01T04:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['2026-12-31T23:59:59.999Z', '2026-12-31T23:59:59.999Z'],
  ])('parses the date-time %s', (input, iso) => {
    const parsed = timeseriesValueSchema.parse({ date: input, value: 1 });
    expect(parsed.date.toISOString()).toBe(iso);
  });

  it.each([
    '2025-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-05T00:00:00',
    '2026-02-30',
    '05/01/2026 10:00Z',
    '2026-01-05T24:00:00Z',
  ])('refuses the date-time %s, saying what is expected', (input) => {
    const result = timeseriesValueSchema.safeParse({ date: input, value: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('ISO 8601 date-time with an offset');
    expect(result.error?.issues[0]?.path).toEqual(['date']);
  });

  it.each([
    [{ date: '2026-01-05T00:00:00Z', value: '12' }, 'value', 'expected a number or null; got string'],
    [{ date: '2026-01-05T00:00:00Z', value: 1, isEstimated: 'no' }, 'isEstimated', 'expected a boolean'],
    [{ date: '2026-01-05T00:00:00Z', value: 1, updatedAt: 5 }, 'updatedAt', 'got number'],
    [{ value: 1 }, 'date', 'got undefined'],
  ])('refuses the point %j, naming the field %s', (point, field, message) => {
    const result = timeseriesValueSchema.safeParse(point);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.path).toEqual([field]);
    expect(result.error?.issues[0]?.message).toContain(message);
  });

  it('reports every bad field of a point, with its path inside the response', () => {
    const result = emissionsResponseSchema.safeParse({
      siteId: 's',
      timeseries: [
        { key: 'k', values: [{ date: 'x', value: 'y' }] },
        { key: 'j', values: ['z'] },
      ],
    });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['timeseries', 0, 'values', 0, 'date'],
      ['timeseries', 0, 'values', 0, 'value'],
      ['timeseries', 1, 'values', 0],
    ]);
    expect(result.error?.issues[2]?.message).toContain('expected an object with date and value; got string');
  });

  it('reads a date without a time as midnight UTC and says so (the sibling API sends daily values so)', () => {
    const parsed = timeseriesValueSchema.parse({ date: '2022-07-11', value: 3 });
    expect(parsed.date.toISOString()).toBe('2022-07-11T00:00:00.000Z');
    expect(parsed.dateOnly).toBe(true);
    expect(timeseriesValueSchema.parse({ date: '2022-07-11T00:00:00Z', value: 3 }).dateOnly).toBeUndefined();
  });

  it('reads a missing or null value, updatedAt or isEstimated as absent rather than failing', () => {
    const parsed = timeseriesValueSchema.parse({
      date: '2026-01-05T00:00:00Z',
      updatedAt: null,
      isEstimated: null,
    });
    expect(parsed).toEqual({ date: new Date('2026-01-05T00:00:00Z'), value: null, isEstimated: false });
  });

  it('a point keeps unknown fields, defaults isEstimated to false and leaves a missing updatedAt out', () => {
    const parsed = timeseriesValueSchema.parse({ date: '2026-01-05T00:00:00Z', value: null, quality: 'bad' });
    expect(parsed).toEqual({
      date: new Date('2026-01-05T00:00:00Z'),
      value: null,
      isEstimated: false,
      quality: 'bad',
    });
    expect('updatedAt' in parsed).toBe(false);
    expect(
      timeseriesValueSchema.parse({ date: '2026-01-05T00:00:00Z', value: 2, isEstimated: true }).isEstimated,
    ).toBe(true);
  });

  it('a global rate needs only the country and value', () => {
    expect(globalRateSchema.parse({ countryIsoCode: 'FR', value: 52, note: 'x' })).toEqual({
      countryIsoCode: 'FR',
      value: 52,
      note: 'x',
    });
  });
});

describe('Energy Hub models', () => {
  it('alarms, things and the organization keep unknown fields and accept missing optional ones', () => {
    const alarm = alarmSchema.parse({
      id: 'alarm-1',
      category: 'General',
      type: 'Overload',
      priority: 'high',
      active: true,
      acknowledged: false,
      source: 'device',
      startTime: '2025-01-01T00:00:00.000Z',
      severityScore: 7,
    });
    expect(alarm).toMatchObject({ severityScore: 7 });
    expect(alarm.endTime).toBeUndefined();

    const thing = thingSchema.parse({
      id: 'site-1',
      name: 'Lyon',
      concept: 'urn:se:eedm:concept:Site',
      tags: ['a'],
      children: [{ id: 'building-1', name: 'B', concept: 'urn:se:eedm:concept:Building', floorCount: 3 }],
    });
    expect(thing).toMatchObject({ tags: ['a'], children: [{ floorCount: 3 }] });

    expect(organizationSchema.parse({ id: 'org', name: 'Org', plan: 'gold' })).toEqual({
      id: 'org',
      name: 'Org',
      plan: 'gold',
    });
  });
});
