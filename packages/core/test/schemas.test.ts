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
