/**
 * Response models of the Carbon Emission Data API. The real schemas are not public, so every object keeps
 * unknown fields (`looseObject`) and optional fields may be missing; only what our features rely on is
 * required. Dates are parsed into Date objects.
 */
import { z } from 'zod';

/**
 * ISO 8601 / RFC 3339 date-time with a required offset (`Z` or `±hh:mm`). No capture groups: matching
 * allocates nothing, which matters because it runs for every point of every series.
 */
const DATE_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

const DATE_TIME_EXPECTED = 'expected ISO 8601 with an offset, e.g. 2026-01-05T00:00:00Z';

/**
 * A Date, or undefined when `value` is not an ISO date-time with an offset on a real calendar day.
 * Written out rather than zod's `z.iso.datetime`, whose calendar regex dominated the cost of validating a
 * response; impossible days such as 2025-02-30, which `Date` would silently roll over, are refused.
 */
function parseDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return undefined;
  if (Number(value.slice(8, 10)) > daysInMonth(Number(value.slice(0, 4)), Number(value.slice(5, 7))))
    return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function dateTimeProblem(value: unknown): string {
  return typeof value === 'string'
    ? `Invalid date-time "${value}": ${DATE_TIME_EXPECTED}.`
    : `Invalid date-time: ${DATE_TIME_EXPECTED}; got ${describe(value)}.`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** One transform rather than z.string().transform(): a pipe of two schemas cost as much as the check. */
const isoDate = z.transform((value: unknown, ctx): Date => {
  const date = parseDateTime(value);
  if (date !== undefined) return date;
  ctx.issues.push({ code: 'custom', input: value, message: dateTimeProblem(value) });
  return z.NEVER;
});

export const coordinatesSchema = z.looseObject({
  latitude: z.number().optional(),
  longitude: z.number().optional(),
});

export const postalAddressSchema = z.looseObject({
  address: z.string().optional(),
  city: z.string().optional(),
  countryIsoCode: z.string().optional(),
  zipCode: z.string().optional(),
  stateProvince: z.string().optional(),
  timezone: z.string().optional(),
  coordinates: coordinatesSchema.optional(),
});

export const siteSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  type: z.string().optional(),
  sourceSystemId: z.string().optional(),
  metadata: z
    .looseObject({
      grossArea: z.number().optional(),
      buildingOccupants: z.number().optional(),
      weeklyOperatingHours: z.number().optional(),
    })
    .optional(),
  postalAddress: postalAddressSchema.optional(),
});
export type Site = z.infer<typeof siteSchema>;

export const siteListSchema = z.array(siteSchema);

/** A zod issue about one field of an object checked by hand. */
function fieldIssue(object: Record<string, unknown>, field: string, message: string) {
  return { code: 'custom' as const, input: object[field], path: [field], message };
}

/** One point of a series; unknown fields are kept, like every other model here. */
export interface TimeseriesValue {
  date: Date;
  updatedAt?: Date | undefined;
  value: number | null;
  /** false when the API leaves it out. */
  isEstimated: boolean;
  [field: string]: unknown;
}

/**
 * A point, checked in one pass rather than as a zod object of four schemas. A week of 15-minute data is
 * about 2,000 points per site, and zod allocates a result and an issue list per field: per point that cost
 * as much again as the HTTP request (bench/README.md). Same rules and messages as the other models: issues
 * name the field, unknown fields are kept.
 */
export const timeseriesValueSchema = z.transform((input: unknown, ctx): TimeseriesValue => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    ctx.issues.push({
      code: 'custom',
      input,
      message: `Invalid point: expected an object with date and value; got ${describe(input)}.`,
    });
    return z.NEVER;
  }
  const point = input as Record<string, unknown>;
  const issueCount = ctx.issues.length;
  const date = parseDateTime(point.date);
  if (date === undefined) ctx.issues.push(fieldIssue(point, 'date', dateTimeProblem(point.date)));
  const updatedAt = point.updatedAt === undefined ? undefined : parseDateTime(point.updatedAt);
  if (point.updatedAt !== undefined && updatedAt === undefined)
    ctx.issues.push(fieldIssue(point, 'updatedAt', dateTimeProblem(point.updatedAt)));
  const { value } = point;
  if (value !== null && (typeof value !== 'number' || !Number.isFinite(value)))
    ctx.issues.push(
      fieldIssue(point, 'value', `Invalid value: expected a number or null; got ${describe(value)}.`),
    );
  const isEstimated = point.isEstimated ?? false;
  if (typeof isEstimated !== 'boolean')
    ctx.issues.push(
      fieldIssue(
        point,
        'isEstimated',
        `Invalid isEstimated: expected a boolean; got ${describe(isEstimated)}.`,
      ),
    );
  if (ctx.issues.length > issueCount || date === undefined) return z.NEVER;
  return {
    ...point,
    date,
    ...(updatedAt === undefined ? {} : { updatedAt }),
    value: value as number | null,
    isEstimated: isEstimated as boolean,
  };
});

export const timeseriesSchema = z.looseObject({
  /** `co2Emission` (kgCO2e), `activeEnergy` (kWh) or `emissionFactor` (gCO2e/kWh); others are kept. */
  key: z.string(),
  unit: z.string().optional(),
  values: z.array(timeseriesValueSchema),
});
export type Timeseries = z.infer<typeof timeseriesSchema>;

export const pagingSchema = z.looseObject({
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  totalPages: z.number().int().nonnegative(),
  totalItems: z.number().int().nonnegative().optional(),
});

export const emissionsResponseSchema = z.looseObject({
  siteId: z.string(),
  granularity: z.string().optional(),
  method: z.string().optional(),
  scope: z.string().optional(),
  unit: z.string().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  timeseries: z.array(timeseriesSchema),
  paging: pagingSchema.optional(),
});
export type EmissionsResponse = z.infer<typeof emissionsResponseSchema>;

export const globalRateSchema = z.looseObject({
  countryIsoCode: z.string(),
  zone: z.string().optional(),
  period: z.union([z.string(), z.number()]).optional(),
  /** gCO2e/kWh */
  value: z.number(),
  unit: z.string().optional(),
  emissionFactorType: z.string().optional(),
  source: z.string().optional(),
});
export type GlobalRate = z.infer<typeof globalRateSchema>;
export const globalRateListSchema = z.array(globalRateSchema);
