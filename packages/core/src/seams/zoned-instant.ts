/**
 * A date or date-time a person typed or picked, read in their time zone. n8n's date picker stores
 * `2026-12-01T00:00:00` without a zone, and a person writing `2026-12-01` means midnight where they are,
 * not in Greenwich. A value with an offset (`…Z`, `+09:00`) names its instant already and is read as is.
 */
import { parseInstant } from './validate.js';
import { ValidationError } from '../errors/errors.js';
import { instantOf } from './zone.js';

/** A date alone, or a date-time without Z or an offset; seconds and fractions optional. */
const ZONELESS =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The instant `value` names, a zone-less value being read as the wall clock in `timeZone`.
 * Refused with the field named: an impossible day, a time of day out of range, anything else.
 */
export function parseInstantIn(field: string, value: string | Date, timeZone: string): Date {
  if (typeof value !== 'string') return parseInstant(field, value);
  const text = value.trim();
  const match = ZONELESS.exec(text);
  if (match === null) return parseInstant(field, text);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (day > daysIn(year, month)) {
    throw new ValidationError({
      field,
      message: `"${field}" is not a real calendar day: "${value}" (${year}-${String(month).padStart(2, '0')} has ${daysIn(year, month)} days).`,
    });
  }
  const millisecond = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  return new Date(instantOf({ year, month, day, hour, minute, second, millisecond }, timeZone));
}
