/**
 * Checks a Carbon dialect given by a user before any request: a mistyped field name or value fails with
 * the field named and what it may be, rather than as a silently ignored option or a 400 later.
 */
import { ValidationError } from '../errors/errors.js';
import {
  CARBON_DIALECTS,
  CONTRACT_DIALECT,
  PAGING_STYLES,
  type CarbonDialect,
  type CarbonDialectInput,
  type SeriesMapping,
} from './dialect.js';
import { GRANULARITIES } from './params.js';

type Check = (value: unknown, field: string) => unknown;

function fail(field: string, expected: string, value: unknown): never {
  throw new ValidationError({
    field: `carbonDialect.${field}`,
    message: `carbonDialect.${field} must be ${expected}; got ${JSON.stringify(value)}.`,
  });
}

const name: Check = (value, field) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : fail(field, 'a non-empty name', value);
const nameOrNull: Check = (value, field) =>
  value === null
    ? null
    : typeof value === 'string' && value.trim() !== ''
      ? value.trim()
      : fail(field, 'a name, or null when the API has none', value);
const positiveWhole: Check = (value, field) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1
    ? value
    : fail(field, 'a whole number of at least 1', value);
const path: Check = (value, field) =>
  typeof value === 'string' && /^\/[^?#\s]*$/.test(value)
    ? value.replace(/\/+$/, '')
    : fail(field, 'a path starting with /, without a query', value);
const offset: Check = (value, field) =>
  typeof value === 'string' && /^[+-](?:[01]\d|2[0-3]):[0-5]\d$/.test(value)
    ? value
    : fail(field, 'a UTC offset such as +01:00', value);

function oneOf(values: readonly string[]): Check {
  return (value, field) =>
    typeof value === 'string' && values.includes(value)
      ? value
      : fail(field, `one of ${values.join(', ')}`, value);
}

function perGranularity(check: Check): Check {
  return (value, field) => {
    if (typeof value !== 'object' || value === null)
      fail(field, `an object with ${GRANULARITIES.join(', ')}`, value);
    const entries = value as Record<string, unknown>;
    for (const key of Object.keys(entries))
      if (!(GRANULARITIES as readonly string[]).includes(key))
        fail(`${field}.${key}`, `one of ${GRANULARITIES.join(', ')} as a key`, key);
    return Object.fromEntries(
      GRANULARITIES.map((granularity) => [
        granularity,
        check(entries[granularity], `${field}.${granularity}`),
      ]),
    );
  };
}

const seriesMap: Check = (value, field) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(
      field,
      'an object of series keys, e.g. { "ghg": { "measures": "emissions", "unit": "tCO2e" } }',
      value,
    );
  const mapped: Record<string, SeriesMapping> = {};
  for (const [key, mapping] of Object.entries(value)) {
    const where = `${field}.${key}`;
    if (typeof mapping !== 'object' || mapping === null)
      fail(where, 'an object { measures, unit? }', mapping);
    const { measures, unit, ...rest } = mapping as Record<string, unknown>;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined)
      fail(`${where}.${unknown}`, 'left out: a mapping has only measures and unit', unknown);
    mapped[key] = {
      measures: name(measures, `${where}.measures`) as string,
      ...(unit === undefined ? {} : { unit: name(unit, `${where}.unit`) as string }),
    };
  }
  return mapped;
};

/** One check per field: the list of known fields is these keys, so it cannot drift from the checks. */
const CHECKS: Record<keyof CarbonDialect, Check> = {
  fromParameter: name,
  toParameter: name,
  rangeSelects: oneOf(['interval-start', 'revision-time']),
  revisionLagHours: positiveWhole,
  rangeFormat: oneOf(['instant', 'date', 'offset']),
  rangeOffset: offset,
  granularityParameter: nameOrNull,
  granularityValues: perGranularity(name),
  methodParameter: nameOrNull,
  paging: oneOf(PAGING_STYLES),
  pageParameter: nameOrNull,
  pageSizeParameter: nameOrNull,
  offsetParameter: name,
  cursorParameter: name,
  itemsField: name,
  nextField: name,
  pageSize: positiveWhole,
  maxRangeDays: perGranularity(positiveWhole),
  pointsOutsideWindow: oneOf(['drop', 'keep']),
  zonelessDateTimes: oneOf(['refuse', 'utc']),
  seriesMap,
  globalRatesPath: path,
  countryParameter: name,
  yearParameter: name,
};

function namedDialect(named: Record<string, CarbonDialect>, value: unknown, field: string): CarbonDialect {
  const dialect = typeof value === 'string' ? named[value] : undefined;
  if (dialect === undefined)
    fail(field, `one of ${Object.keys(named).join(', ')} or an object of overrides`, value);
  return dialect;
}

/**
 * A named dialect, or one's fields overridden (`extends` names the base, default `contract`); every field
 * checked, and an unknown field refused naming the known ones.
 */
export function resolveCarbonDialect(input: CarbonDialectInput | undefined): CarbonDialect {
  const named: Record<string, CarbonDialect> = CARBON_DIALECTS;
  const fallback = CONTRACT_DIALECT;
  if (input === undefined) return fallback;
  if (typeof input === 'string') return namedDialect(named, input, '(name)');
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    fail('(root)', 'a dialect name or an object of overrides', input);
  const { extends: base, ...fields } = input;
  const from = base === undefined ? fallback : namedDialect(named, base, 'extends');
  for (const field of Object.keys(fields))
    if (!Object.hasOwn(CHECKS, field))
      fail(
        field,
        `left out: it is not a dialect field (known: extends, ${Object.keys(CHECKS).join(', ')})`,
        field,
      );
  const merged: Record<string, unknown> = { ...from };
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const given =
      field === 'granularityValues' || field === 'maxRangeDays'
        ? { ...(from[field] as object), ...(value as object) }
        : value;
    merged[field] = CHECKS[field as keyof CarbonDialect](given, field);
  }
  // Without paging parameters the contract's envelope has nothing to count: the API answers in one go.
  if (fields.paging === undefined && merged.pageParameter === null && from.paging === 'envelope')
    merged.paging = 'none';
  return merged as unknown as CarbonDialect;
}

/**
 * A dialect typed into a form (n8n credential, Node-RED account): blank for the contract's, a dialect
 * name, or a JSON object of fields; checked at once, so a mistake is reported naming the form field.
 */
export function carbonDialectFromText(
  value: unknown,
  label = 'Carbon API dialect',
): CarbonDialect | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return resolveCarbonDialect(value as CarbonDialectInput);
  const text = String(value).trim();
  if (text === '') return undefined;
  if (!text.startsWith('{')) return resolveCarbonDialect(text as CarbonDialectInput);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ValidationError({
      field: 'carbonDialect',
      message: `${label} is not valid JSON (${(error as Error).message}): give a dialect name (${Object.keys(CARBON_DIALECTS).join(', ')}) or a JSON object such as {"paging": "page-number"}.`,
    });
  }
  return resolveCarbonDialect(parsed as CarbonDialectInput);
}
