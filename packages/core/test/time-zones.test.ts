/**
 * Dates as a person means them: days and months of a time zone east (Tokyo) and west (Chicago) of UTC,
 * both daylight-saving changes (Berlin), and n8n's date picker's zone-less `YYYY-MM-DDTHH:mm:ss`.
 */
import { describe, expect, it } from 'vitest';
import { alarmFilterOf } from '../src/operations/energy-hub/alarms.js';
import { resolveRange } from '../src/advanced.js';
import { ValidationError } from '../src/index.js';
import { instantOf, offsetAt, startOfDay, validateTimeZone } from '../src/seams/zone.js';
import { parseInstantIn } from '../src/seams/zoned-instant.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('wall clocks in a time zone', () => {
  it('knows the offset east and west of UTC, summer and winter', () => {
    expect(offsetAt(at('2026-12-06T00:00:00Z'), 'Asia/Tokyo')).toBe(9 * HOUR);
    expect(offsetAt(at('2026-12-06T00:00:00Z'), 'America/Chicago')).toBe(-6 * HOUR);
    expect(offsetAt(at('2026-07-06T00:00:00Z'), 'America/Chicago')).toBe(-5 * HOUR);
    expect(offsetAt(at('2026-07-06T00:00:00Z'), 'Europe/Berlin')).toBe(2 * HOUR);
  });

  it('makes the spring day 23 hours and the autumn day 25 hours long in Berlin', () => {
    const spring = at('2026-03-29T12:00:00Z');
    expect(startOfDay(spring, 'Europe/Berlin', 1) - startOfDay(spring, 'Europe/Berlin')).toBe(23 * HOUR);
    const autumn = at('2026-10-25T12:00:00Z');
    expect(startOfDay(autumn, 'Europe/Berlin', 1) - startOfDay(autumn, 'Europe/Berlin')).toBe(25 * HOUR);
  });

  it('reads a time the spring change skips an hour later, and a time shown twice at its first showing', () => {
    const clock = { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0, millisecond: 0 };
    expect(new Date(instantOf(clock, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    const twice = { ...clock, month: 10, day: 25 };
    expect(new Date(instantOf(twice, 'Europe/Berlin')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('names the zone canonically and refuses one the runtime does not know, naming the field', () => {
    expect(validateTimeZone('asia/tokyo')).toBe('Asia/Tokyo');
    const error = refusal(() => validateTimeZone('Mars/Olympus'));
    expect(error.field).toBe('timeZone');
    expect(error.message).toContain('Mars/Olympus');
  });
});

describe("n8n's zone-less date-times are read in the given time zone", () => {
  it.each([
    ['Asia/Tokyo', '2026-12-01T00:00:00', '2026-11-30T15:00:00.000Z'],
    ['America/Chicago', '2026-12-01T00:00:00', '2026-12-01T06:00:00.000Z'],
    ['Europe/Berlin', '2026-07-01T08:15:00', '2026-07-01T06:15:00.000Z'],
    ['Asia/Tokyo', '2026-12-01', '2026-11-30T15:00:00.000Z'],
    ['Asia/Tokyo', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00.000Z'],
    ['America/Chicago', '2026-12-01T00:00:00+01:00', '2026-11-30T23:00:00.000Z'],
  ])('in %s, %s is %s', (zone, value, instant) => {
    expect(parseInstantIn('from', value, zone).toISOString()).toBe(instant);
  });

  it('refuses an impossible day with the field named', () => {
    const error = refusal(() => parseInstantIn('to', '2026-02-30T00:00:00', 'Asia/Tokyo'));
    expect(error.field).toBe('to');
    expect(error.message).toContain('28 days');
  });

  it('a custom range picked in n8n covers the local days', () => {
    const window = resolveRange(
      {
        range: 'custom',
        from: '2026-12-01T00:00:00',
        to: '2026-12-02T00:00:00',
        granularity: 'PT1H',
        timeZone: 'Asia/Tokyo',
      },
      at('2026-12-06T00:00:00Z'),
    );
    expect(window).toMatchObject({
      from: '2026-11-30T15:00:00.000Z',
      to: '2026-12-01T15:00:00.000Z',
      intervals: 24,
      timeZone: 'Asia/Tokyo',
    });
    expect(window.description).toContain('2026-12-01 00:00 to 2026-12-02 00:00 Asia/Tokyo');
  });

  it('without a time zone, a zone-less value is read in UTC', () => {
    const window = resolveRange(
      { range: 'custom', from: '2026-12-01T00:00:00', to: '2026-12-02T00:00:00', granularity: 'PT1H' },
      at('2026-12-06T00:00:00Z'),
    );
    expect(window).toMatchObject({ from: '2026-12-01T00:00:00.000Z', timeZone: 'UTC', intervals: 24 });
  });

  it("reads the alarms' Started After in the time zone", () => {
    const filter = alarmFilterOf({ startedAfter: '2026-12-01T08:00:00', timeZone: 'America/Chicago' });
    expect(filter.startedAfter).toBe('2026-12-01T14:00:00.000Z');
    expect(alarmFilterOf({ startedAfter: '2026-12-01T08:00:00' }).startedAfter).toBe(
      '2026-12-01T08:00:00.000Z',
    );
    expect(
      refusal(() => alarmFilterOf({ startedAfter: '2026-12-01T08:00:00', timeZone: 'Nowhere' })).field,
    ).toBe('timeZone');
  });
});

describe('presets are the days and months of the time zone', () => {
  it.each<[string, string, string, string, string, number]>([
    // 06:00 on 6 December in Tokyo: yesterday is Tokyo's 5 December.
    [
      'Asia/Tokyo',
      'yesterday',
      '2026-12-05T21:00:00Z',
      '2026-12-04T15:00:00.000Z',
      '2026-12-05T15:00:00.000Z',
      24,
    ],
    [
      'America/Chicago',
      'yesterday',
      '2026-12-06T12:00:00Z',
      '2026-12-05T06:00:00.000Z',
      '2026-12-06T06:00:00.000Z',
      24,
    ],
    [
      'America/Chicago',
      'today',
      '2026-12-06T12:30:00Z',
      '2026-12-06T06:00:00.000Z',
      '2026-12-06T12:00:00.000Z',
      6,
    ],
    // The spring change: Berlin's 29 March has 23 hours; the autumn one, 25 October, has 25.
    [
      'Europe/Berlin',
      'yesterday',
      '2026-03-30T04:00:00Z',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      23,
    ],
    [
      'Europe/Berlin',
      'yesterday',
      '2026-10-26T05:00:00Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
      25,
    ],
    // Seven local days back from 10:00 is 10:00 a week ago, 167 hours across the spring change.
    [
      'Europe/Berlin',
      'last7Days',
      '2026-04-02T08:30:00Z',
      '2026-03-26T09:00:00.000Z',
      '2026-04-02T08:00:00.000Z',
      167,
    ],
    // Last 24 hours are 24 hours, whatever the clocks do.
    [
      'Europe/Berlin',
      'last24Hours',
      '2026-03-29T12:30:00Z',
      '2026-03-28T12:00:00.000Z',
      '2026-03-29T12:00:00.000Z',
      24,
    ],
    // March in Berlin starts at local midnight in winter time and ends at local midnight in summer time.
    [
      'Europe/Berlin',
      'lastMonth',
      '2026-04-10T10:00:00Z',
      '2026-02-28T23:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
      743,
    ],
    [
      'Asia/Tokyo',
      'thisMonth',
      '2026-12-05T21:00:00Z',
      '2026-11-30T15:00:00.000Z',
      '2026-12-05T21:00:00.000Z',
      126,
    ],
  ])('in %s, %s at %s covers %s to %s (%i hours)', (timeZone, range, now, from, to, intervals) => {
    const window = resolveRange({ range, granularity: 'PT1H', timeZone }, at(now));
    expect(window).toMatchObject({ from, to, intervals, timeZone });
    expect(window.description).toContain(timeZone);
  });

  it('in UTC, daily presets are UTC days as before', () => {
    expect(
      resolveRange({ range: 'yesterday', granularity: 'P1D' }, at('2026-12-06T05:00:00Z')),
    ).toMatchObject({
      from: '2026-12-05T00:00:00.000Z',
      to: '2026-12-06T00:00:00.000Z',
      intervals: 1,
    });
  });

  it("refuses daily intervals for Tokyo's days, which the API's UTC days are not, saying what to choose", () => {
    const error = refusal(() =>
      resolveRange(
        { range: 'last7Days', granularity: 'P1D', timeZone: 'Asia/Tokyo' },
        at('2026-12-05T21:00:00Z'),
      ),
    );
    expect(error.field).toBe('timeZone');
    expect(error.message).toContain('2026-11-29 00:00 local time');
    expect(error.message).toContain('hourly granularity');
  });

  it("refuses hourly intervals for India's half-hour midnight, pointing to 15 minutes", () => {
    const error = refusal(() =>
      resolveRange(
        { range: 'yesterday', granularity: 'PT1H', timeZone: 'Asia/Kolkata' },
        at('2026-12-05T21:00:00Z'),
      ),
    );
    expect(error.message).toContain('15-minute');
    expect(
      resolveRange(
        { range: 'yesterday', granularity: 'PT15M', timeZone: 'Asia/Kolkata' },
        at('2026-12-05T21:00:00Z'),
      ),
    ).toMatchObject({ from: '2026-12-04T18:30:00.000Z', intervals: 96 });
  });
});
