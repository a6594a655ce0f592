/**
 * The response models are tolerant on purpose (the real schemas are not public): unknown fields survive
 * parsing at every level, optional fields may be missing, and dates become Date objects. The simulator
 * always sends every field, so these shapes are written out here.
 */
import { describe, expect, it } from 'vitest';
import {
  alarmSchema,
  emissionsResponseSchema,
  globalRateSchema,
  organizationSchema,
  siteSchema,
  thingSchema,
  timeseriesValueSchema,
} from '../src/index.js';

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
  ])('parses the date-time %s', (input, iso) => {
    const parsed = timeseriesValueSchema.parse({ date: input, value: 1 });
    expect(parsed.date.toISOString()).toBe(iso);
  });

  it.each([
    '2025-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-05T00:00:00',
    '2026-01-05',
    '05/01/2026 10:00Z',
    '2026-01-05T24:00:00Z',
  ])('refuses the date-time %s, saying what is expected', (input) => {
    const result = timeseriesValueSchema.safeParse({ date: input, value: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('expected ISO 8601 with an offset');
    expect(result.error?.issues[0]?.path).toEqual(['date']);
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
