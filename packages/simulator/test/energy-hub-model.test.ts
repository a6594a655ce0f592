import { describe, expect, it } from 'vitest';
import { createAlarmStore } from '../src/energy-hub/alarms.js';
import { decodeCursor, encodeCursor } from '../src/energy-hub/cursor.js';
import { generateOrganization, visibleThingIds } from '../src/energy-hub/organization.js';

describe('Energy Hub cursors', () => {
  it('round-trip and refuse foreign or malformed text', () => {
    const alarm = encodeCursor({ kind: 'alarm', startTime: 1_700_000_000_000, id: 'alarm-5' });
    expect(decodeCursor(alarm, 'alarm')).toEqual({
      kind: 'alarm',
      startTime: 1_700_000_000_000,
      id: 'alarm-5',
    });
    expect(decodeCursor(alarm, 'thing')).toBeUndefined();
    expect(decodeCursor(encodeCursor({ kind: 'thing', order: 12 }), 'thing')).toEqual({
      kind: 'thing',
      order: 12,
    });
    for (const text of ['', 'garbage', Buffer.from('{"a":1}').toString('base64url')]) {
      expect(decodeCursor(text, 'alarm')).toBeUndefined();
    }
  });
});

describe('Energy Hub organization', () => {
  it('is deterministic per seed, with region ids region-1..3', () => {
    const a = generateOrganization(42);
    expect(generateOrganization(42).things).toEqual(a.things);
    expect(generateOrganization(43).things).not.toEqual(a.things);
    expect(a.rootIds).toEqual(['region-1', 'region-2', 'region-3']);
  });

  it('makes a permission list visible as whole subtrees', () => {
    const organization = generateOrganization(42);
    const visible = visibleThingIds(organization, ['region-1', 'site-9', 'unknown']);
    expect(visible.has('region-1')).toBe(true);
    expect(visible.has('site-1')).toBe(true);
    expect(visible.has('site-9')).toBe(true);
    expect(visible.has('region-3')).toBe(false);
    expect(visible.has('region-2')).toBe(false);
    expect(visibleThingIds(organization, 'all').size).toBe(organization.things.length);
  });
});

describe('Energy Hub organization levels (seed 002)', () => {
  const organization = generateOrganization(42);
  const parentLevel = (level: string) =>
    new Set(
      organization.things
        .filter((thing) => thing.level === level)
        .map((thing) => organization.byId.get(thing.parentId ?? '')?.level),
    );

  it('places Space under Area, Zone and Production Line under Floor, virtual devices under Building', () => {
    expect(parentLevel('Space')).toEqual(new Set(['Area']));
    expect(parentLevel('Zone')).toEqual(new Set(['Floor']));
    expect(parentLevel('ProductionLine')).toEqual(new Set(['Floor']));
    expect(parentLevel('VirtualDevice')).toEqual(new Set(['Building']));
    const line = organization.things.find((thing) => thing.level === 'ProductionLine');
    expect(line).toMatchObject({ id: 'production-line-1', concept: 'urn:se:eedm:concept:ProductionLine' });
    // Production lines only at plants and distribution centers.
    for (const thing of organization.things.filter((candidate) => candidate.level === 'ProductionLine')) {
      let site = organization.byId.get(thing.parentId ?? '');
      while (site && site.level !== 'Site') site = organization.byId.get(site.parentId ?? '');
      expect(site?.name).toMatch(/Plant|Distribution Center/);
    }
  });

  it('computes a virtual device from the meters of its building', () => {
    const virtual = organization.things.find((thing) => thing.level === 'VirtualDevice');
    expect(virtual).toMatchObject({ id: 'virtual-device-1', concept: 'urn:se:eedm:concept:VirtualDevice' });
    const building = organization.byId.get(virtual?.parentId ?? '');
    const metersBelow = organization.things.filter((thing) => {
      if (thing.level !== 'Meter') return false;
      let current = organization.byId.get(thing.parentId ?? '');
      while (current && current.level !== 'Building') current = organization.byId.get(current.parentId ?? '');
      return current?.id === building?.id;
    });
    expect(metersBelow.length).toBeGreaterThan(1);
    expect(virtual?.properties.find((property) => property.name === 'formula')?.value).toBe(
      metersBelow.map((meter) => meter.id).join(' + '),
    );
    expect(virtual?.meanLoadKw).toBeCloseTo(
      metersBelow.reduce((sum, meter) => sum + meter.meanLoadKw, 0),
      9,
    );
    expect(virtual?.measurements.map((measurement) => measurement.name)).toEqual([
      'ActivePower',
      'ActiveEnergy',
    ]);
  });
});

describe('Energy Hub alarm store', () => {
  it('derives alarms from the seed and adds one per interval as time passes', () => {
    const organization = generateOrganization(42);
    const interval = 600_000;
    const now = Date.parse('2025-06-01T12:00:00Z');
    const a = createAlarmStore(42, organization, interval).at(now);
    const b = createAlarmStore(42, organization, interval).at(now);
    expect(a).toEqual(b);
    expect(a).toHaveLength(30 * 144);
    const later = createAlarmStore(42, organization, interval).at(now + 10 * interval);
    expect(later.at(-1)?.record.startTime).toBeGreaterThan(now);
    const shared = later.filter((state) => state.record.startTime <= now).map((state) => state.record.id);
    expect(a.map((state) => state.record.id).slice(10)).toEqual(shared);
  });
});
