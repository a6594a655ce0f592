/**
 * The API's usual instant form is read by a fast path; it must agree with the general reader (Date's
 * parser behind the strict pattern) on every input, accepted or refused.
 */
import { describe, expect, it } from 'vitest';
import { readInstant } from '../src/seams/instant.js';

/** What the general reader makes of `value`: the pattern's verdict and Date's reading. */
function generalReading(value: string): number | undefined {
  const shape =
    /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3})?Z$/;
  if (!shape.test(value)) return undefined;
  const [year, month, day] = [value.slice(0, 4), value.slice(5, 7), value.slice(8, 10)].map(Number);
  if (new Date(Date.UTC(year!, month! - 1, day!)).getUTCDate() !== day) return undefined;
  return new Date(value).getTime();
}

describe('readInstant on the API form YYYY-MM-DDTHH:MM:SS[.sss]Z', () => {
  it.each([
    '2026-01-05T00:00:00Z',
    '2026-01-05T10:15:00.250Z',
    '2024-02-29T23:45:00Z',
    '2000-02-29T00:00:00.000Z',
    '2026-12-31T23:59:59.999Z',
    '1970-01-01T00:00:00Z',
    '1000-03-01T12:00:00Z',
  ])('reads %s as Date does', (value) => {
    expect(readInstant(value)).toEqual({ date: new Date(value), dateOnly: false });
  });

  it.each([
    '2025-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-01-05T24:00:00Z',
    '2026-01-05T23:60:00Z',
    '2026-01-05T23:59:60Z',
    '2026-01-05T10:15:00,250Z',
    '2026-01-05 10:15:00Z',
    '2026/01/05T10:15:00Z',
    '2026-01-05T10:15:0xZ',
    '2026-01-05T10:15:00.2a0Z',
    '+2026-01-05T10:15:00Z',
  ])('refuses %s', (value) => {
    expect(readInstant(value)).toBeUndefined();
  });

  it('agrees with the general reader on every day of four years and on random hours', () => {
    let disagreements = 0;
    const start = Date.UTC(2023, 0, 1);
    for (let day = 0; day < 4 * 366; day += 1) {
      const at = new Date(start + day * 86_400_000 + ((day * 7919) % 86_400) * 1000 + (day % 1000));
      for (const value of [at.toISOString(), at.toISOString().replace(/\.\d{3}Z$/, 'Z')]) {
        if (readInstant(value)?.date.getTime() !== generalReading(value)) disagreements += 1;
      }
    }
    // Calendar edges the loop does not produce: impossible days are refused by both.
    for (const value of ['2024-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-06-31T00:00:00Z']) {
      if (readInstant(value) !== generalReading(value)) disagreements += 1;
    }
    expect(disagreements).toBe(0);
  });
});

describe('years before 100', () => {
  // JavaScript's Date.UTC reads years 0 to 99 as 1900 to 1999; an instant reader must not.
  it.each([
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
    ['0099-01-01T00:00:00.000Z', '0099-01-01T00:00:00.000Z'],
    ['0099-01-01T01:00:00+01:00', '0099-01-01T00:00:00.000Z'],
    ['0099-01-01T01:00:00+0100', '0099-01-01T00:00:00.000Z'],
    ['0099-01-01', '0099-01-01T00:00:00.000Z'],
    ['0001-03-01T00:00:00Z', '0001-03-01T00:00:00.000Z'],
  ])('%s is the year it says', (text, iso) => {
    expect(readInstant(text)?.date.toISOString()).toBe(iso);
  });
});
