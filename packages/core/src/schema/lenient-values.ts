/**
 * What core tolerates in any answer it reads, decided once for both APIs (docs/api-contract.md, "What
 * core tolerates"): a number sent as text (`"0.0123"`) is read as that number, with a warning counting
 * them and naming the first; a date-time without a UTC offset (`2026-01-05T10:00:00`) is refused, naming
 * where it is and the option that reads such times as UTC (then with a warning), because the instant it
 * names depends on a zone nobody gave. The readers change the parsed JSON in place, before its schema
 * checks it; raw output never calls them.
 */
import { InvalidResponseError } from '../errors/errors.js';
import type { ShapeWarning } from './parse-response.js';

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

export type ZonelessDateTimes = 'refuse' | 'utc';

/** A count of lenient reads and where the first was. */
interface Tally {
  count: number;
  first: string | undefined;
}

export interface LeniencyOptions {
  /** `refuse` or `utc`: what to do with a date-time without an offset. */
  zonelessDateTimes: ZonelessDateTimes;
  /** The option's full name, for the refusal and the warning, e.g. `carbonDialect.zonelessDateTimes`. */
  option: string;
  /** The request the answer came from, e.g. `GET /global-rates`. */
  request: string;
  /** What else the user can do, when the option is not one every host shows. */
  otherwise?: string | undefined;
}

/** `path.name`, or `name` at the root. */
export function at(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** The lenient reads of one answer (or of every page of one call): the values it changed, counted. */
export class Leniency {
  private readonly numbers: Tally = { count: 0, first: undefined };
  private readonly zones: Tally = { count: 0, first: undefined };

  constructor(private readonly options: LeniencyOptions) {}

  /** `fields[name]` read as a number when it came as numeric text. */
  number(fields: Record<string, unknown>, name: string, path: string): void {
    const value = fields[name];
    if (typeof value !== 'string' || !NUMBER_TEXT.test(value.trim())) return;
    fields[name] = Number(value);
    this.numbers.count += 1;
    this.numbers.first ??= at(path, name);
  }

  /** Each of `names` of `fields` read as a number when it came as numeric text. */
  numbersOf(fields: unknown, names: readonly string[], path: string): void {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return;
    for (const name of names) this.number(fields as Record<string, unknown>, name, path);
  }

  /** `fields[name]`, a date-time without an offset: refused, or read as UTC when the option says so. */
  dateTime(fields: Record<string, unknown>, name: string, path: string): void {
    const value = fields[name];
    // The usual forms end in Z or an offset: one character compare before any pattern.
    if (typeof value !== 'string' || value.charCodeAt(value.length - 1) === 90 || !ZONELESS.test(value))
      return;
    const where = at(path, name);
    const { request, option } = this.options;
    if (this.options.zonelessDateTimes === 'refuse')
      throw new InvalidResponseError({
        request,
        status: undefined,
        message: `The response to ${request} has a date-time without a UTC offset at ${where} ("${value}"), so the instant it names is unknown. If the API means UTC, set ${option} to "utc".${this.options.otherwise === undefined ? '' : ` ${this.options.otherwise}`}`,
      });
    fields[name] = `${value}Z`;
    this.zones.count += 1;
    this.zones.first ??= where;
  }

  /** Each of `names` of `fields` checked as `dateTime` does. */
  dateTimesOf(fields: unknown, names: readonly string[], path: string): void {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return;
    for (const name of names) this.dateTime(fields as Record<string, unknown>, name, path);
  }

  /** What was read leniently, one warning per kind (counted, the first named). */
  warnings(): ShapeWarning[] {
    const warnings: ShapeWarning[] = [];
    const { numbers, zones } = this;
    if (numbers.first !== undefined)
      warnings.push({
        path: numbers.first,
        message: `${numbers.count} value(s) came as text (first at ${numbers.first}) and were read as numbers.`,
      });
    if (zones.first !== undefined)
      warnings.push({
        path: zones.first,
        message: `${zones.count} date-time(s) came without a UTC offset (first at ${zones.first}) and were read as UTC (${this.options.option}: "utc").`,
      });
    return warnings;
  }
}
