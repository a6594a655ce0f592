import { describe, expect, it } from 'vitest';
import { countIntervals, intervalStart, resolveRange } from '../src/advanced.js';
import { ValidationError, type Granularity } from '../src/index.js';

const at = (iso: string) => Date.parse(iso);
// 2026-03-15 10:37:12 UTC: mid-interval for every granularity.
const NOW = at('2026-03-15T10:37:12Z');

describe('range presets resolve to whole intervals, in UTC', () => {
  it.each<[string, Granularity, string, string, number]>([
    ['last7Days', 'P1D', '2026-03-08T00:00:00.000Z', '2026-03-15T00:00:00.000Z', 7],
    ['last30Days', 'P1D', '2026-02-13T00:00:00.000Z', '2026-03-15T00:00:00.000Z', 30],
    ['last24Hours', 'P1D', '2026-03-14T00:00:00.000Z', '2026-03-15T00:00:00.000Z', 1],
    ['last24Hours', 'PT1H', '2026-03-14T10:00:00.000Z', '2026-03-15T10:00:00.000Z', 24],
    ['last24Hours', 'PT15M', '2026-03-14T10:30:00.000Z', '2026-03-15T10:30:00.000Z', 96],
    ['last7Days', 'PT1H', '2026-03-08T10:00:00.000Z', '2026-03-15T10:00:00.000Z', 168],
    ['last30Days', 'PT15M', '2026-02-13T10:30:00.000Z', '2026-03-15T10:30:00.000Z', 2880],
    ['today', 'PT1H', '2026-03-15T00:00:00.000Z', '2026-03-15T10:00:00.000Z', 10],
    ['today', 'PT15M', '2026-03-15T00:00:00.000Z', '2026-03-15T10:30:00.000Z', 42],
    ['thisMonth', 'P1D', '2026-03-01T00:00:00.000Z', '2026-03-15T00:00:00.000Z', 14],
    ['thisMonth', 'PT1H', '2026-03-01T00:00:00.000Z', '2026-03-15T10:00:00.000Z', 14 * 24 + 10],
    ['lastMonth', 'P1D', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', 28],
    ['lastMonth', 'P1M', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', 1],
    ['lastMonth', 'PT1H', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', 28 * 24],
  ])('%s at %s covers %s to %s (%i intervals)', (range, granularity, from, to, intervals) => {
    const window = resolveRange({ range, granularity }, NOW);
    expect(window).toMatchObject({ preset: range, granularity, from, to, intervals });
    expect(window.description).toContain(`${intervals} `);
    expect(window.description).toContain(from);
  });

  it('"last 30 days" at daily granularity is 30 whole days, also right after midnight', () => {
    const window = resolveRange({ range: 'last30Days', granularity: 'P1D' }, at('2026-03-15T00:00:00.001Z'));
    expect(window).toMatchObject({
      from: '2026-02-13T00:00:00.000Z',
      to: '2026-03-15T00:00:00.000Z',
      intervals: 30,
    });
    // One millisecond before midnight the last complete day is the day before.
    const before = resolveRange({ range: 'last30Days', granularity: 'P1D' }, at('2026-03-14T23:59:59.999Z'));
    expect(before).toMatchObject({
      from: '2026-02-12T00:00:00.000Z',
      to: '2026-03-14T00:00:00.000Z',
      intervals: 30,
    });
  });

  it('"last month" handles January and leap years', () => {
    expect(
      resolveRange({ range: 'lastMonth', granularity: 'P1D' }, at('2026-01-10T00:00:00Z')),
    ).toMatchObject({
      from: '2025-12-01T00:00:00.000Z',
      to: '2026-01-01T00:00:00.000Z',
      intervals: 31,
    });
    expect(
      resolveRange({ range: 'lastMonth', granularity: 'P1D' }, at('2024-03-01T12:00:00Z')),
    ).toMatchObject({
      intervals: 29,
    });
  });

  it('"latest" names the latest complete interval and has no from or to', () => {
    expect(resolveRange({ range: 'latest', granularity: 'PT1H' }, NOW)).toMatchObject({
      preset: 'latest',
      from: undefined,
      to: undefined,
      intervals: 1,
    });
    // Blank is latest, and the API's default granularity applies.
    expect(resolveRange({}, NOW)).toMatchObject({ preset: 'latest', granularity: 'PT15M' });
  });

  it.each<[string, Granularity, RegExp]>([
    ['today', 'P1D', /no complete daily interval yet.*hourly or 15-minute/],
    ['today', 'P1M', /no complete monthly interval/],
    ['thisMonth', 'P1M', /use "lastMonth"/],
    ['last7Days', 'P1M', /use "lastMonth"/],
  ])('refuses %s at %s, saying why and what to choose instead', (range, granularity, message) => {
    expect(() => resolveRange({ range, granularity }, NOW)).toThrow(message);
    try {
      resolveRange({ range, granularity }, NOW);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('range');
    }
  });

  it('"today" right after midnight has no complete hour yet, and says so', () => {
    expect(() => resolveRange({ range: 'today', granularity: 'PT1H' }, at('2026-03-15T00:20:00Z'))).toThrow(
      /no complete hourly interval yet/,
    );
  });

  it('a custom range is taken as given and its intervals counted from the first aligned start', () => {
    const window = resolveRange(
      { range: 'custom', from: '2026-01-01T00:30:00Z', to: '2026-01-02', granularity: 'PT1H' },
      NOW,
    );
    expect(window).toMatchObject({
      from: '2026-01-01T00:30:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      intervals: 23,
    });
  });

  it.each<[Record<string, unknown>, string, RegExp]>([
    [{ range: 'lastWeek' }, 'range', /must be one of latest, today/],
    [{ range: 'custom', from: '2026-01-01' }, 'to', /needs both "from" and "to"/],
    [{ range: 'custom', from: '2026-01-02', to: '2026-01-01' }, 'to', /must be after "from"/],
    [{ range: 'custom', from: '01/02/2026', to: '2026-01-03' }, 'from', /ISO 8601/],
    [{ range: 'last7Days', from: '2026-01-01' }, 'from', /apply to the custom range only/],
    [{ range: 'last7Days', granularity: 'PT5M' }, 'granularity', /must be one of PT15M, PT1H, P1D, P1M/],
  ])('refuses %j naming %s', (input, field, message) => {
    expect(() => resolveRange(input as never, NOW)).toThrow(message);
    expect(() => resolveRange(input as never, NOW)).toThrow(expect.objectContaining({ field }) as never);
  });
});

describe('interval arithmetic', () => {
  it('aligns to the start of the interval in UTC', () => {
    expect(new Date(intervalStart(NOW, 'PT15M')).toISOString()).toBe('2026-03-15T10:30:00.000Z');
    expect(new Date(intervalStart(NOW, 'PT1H')).toISOString()).toBe('2026-03-15T10:00:00.000Z');
    expect(new Date(intervalStart(NOW, 'P1D')).toISOString()).toBe('2026-03-15T00:00:00.000Z');
    expect(new Date(intervalStart(NOW, 'P1M')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('counts the intervals that start in [from, to)', () => {
    expect(countIntervals(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), 'PT1H')).toBe(0);
    expect(countIntervals(at('2026-01-01T00:00:01Z'), at('2026-01-01T01:00:00Z'), 'PT1H')).toBe(0);
    expect(countIntervals(at('2026-01-01T00:00:00Z'), at('2026-01-01T01:00:01Z'), 'PT1H')).toBe(2);
    expect(countIntervals(at('2026-01-15T00:00:00Z'), at('2026-04-01T00:00:00Z'), 'P1M')).toBe(2);
  });
});

describe('every preset at every granularity', () => {
  const presets = ['today', 'last24Hours', 'last7Days', 'last30Days', 'thisMonth', 'lastMonth'] as const;
  const granularities: Granularity[] = ['PT15M', 'PT1H', 'P1D', 'P1M'];
  it.each(presets.flatMap((range) => granularities.map((granularity) => [range, granularity] as const)))(
    '%s at %s is whole aligned intervals ending before now, or refused naming the range',
    (range, granularity) => {
      let window;
      try {
        window = resolveRange({ range, granularity }, NOW);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field).toBe('range');
        return;
      }
      const from = Date.parse(window.from!);
      const to = Date.parse(window.to!);
      expect(intervalStart(from, granularity)).toBe(from);
      expect(intervalStart(to, granularity)).toBe(to);
      expect(to).toBeLessThanOrEqual(NOW);
      expect(window.intervals).toBe(countIntervals(from, to, granularity));
      expect(window.intervals).toBeGreaterThan(0);
    },
  );
});
