/**
 * Response models of the Carbon Emission Data API. The real schemas are not public, so every object keeps
 * unknown fields (`looseObject`) and optional fields may be missing; only what our features rely on is
 * required. Dates are parsed into Date objects.
 */
import * as z from '../schema/zod.js';
import { instantProblem, readInstant } from '../seams/instant.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** One transform rather than a string schema piped into one: a pipe of two cost as much as the check. */
const isoDate = z.transform((value: unknown, ctx): Date => {
  const parsed = readInstant(value);
  if (parsed !== undefined) return parsed.date;
  ctx.issues.push({ code: 'custom', input: value, message: `Invalid date-time: ${instantProblem(value)}.` });
  return z.NEVER;
});

/** Optional fields of the real API may be missing or null; both read as absent. */
const optionalNumber = z.nullish(z.number());
const optionalString = z.nullish(z.string());
/** The sibling API sends some identifiers as integers (sourceSystemId 178654): either is kept as sent. */
const identifier = z.union([z.string(), z.number()]);
/** An identifier as text whatever the API sent, so it can go back into a path or a key. */
const identifierText = z.pipe(identifier, z.transform(String));

export const coordinatesSchema = z.looseObject({
  latitude: optionalNumber,
  longitude: optionalNumber,
});

export const postalAddressSchema = z.looseObject({
  address: optionalString,
  city: optionalString,
  countryIsoCode: optionalString,
  zipCode: optionalString,
  stateProvince: optionalString,
  timezone: optionalString,
  coordinates: z.nullish(coordinatesSchema),
});

export const siteSchema = z.looseObject({
  id: z.pipe(identifierText, z.string().check(z.minLength(1))),
  name: optionalString,
  type: optionalString,
  sourceSystemId: z.nullish(identifier),
  metadata: z.nullish(
    z.looseObject({
      grossArea: optionalNumber,
      buildingOccupants: optionalNumber,
      weeklyOperatingHours: optionalNumber,
    }),
  ),
  postalAddress: z.nullish(postalAddressSchema),
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
  /** True when the API sent a date without a time (read as midnight UTC). */
  dateOnly?: true;
  [field: string]: unknown;
}

/**
 * A point, checked in one pass rather than as a zod object of four schemas. A week of 15-minute data is
 * about 2,000 points per site, and zod allocates a result and an issue list per field: per point that cost
 * as much again as the HTTP request (bench/README.md). Same rules and messages as the other models: issues
 * name the field, unknown fields are kept, missing or null optional fields are absent.
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
  const date = readInstant(point.date);
  if (date === undefined)
    ctx.issues.push(fieldIssue(point, 'date', `Invalid date: ${instantProblem(point.date)}.`));
  const updatedAt =
    point.updatedAt === undefined || point.updatedAt === null ? undefined : readInstant(point.updatedAt);
  if (point.updatedAt !== undefined && point.updatedAt !== null && updatedAt === undefined)
    ctx.issues.push(fieldIssue(point, 'updatedAt', `Invalid updatedAt: ${instantProblem(point.updatedAt)}.`));
  const value = point.value ?? null;
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
  // A null updatedAt is the same as none: it is dropped rather than kept as a null date.
  const { updatedAt: _sent, ...fields } = point;
  return {
    ...fields,
    date: date.date,
    ...(updatedAt === undefined ? {} : { updatedAt: updatedAt.date }),
    value: value as number | null,
    isEstimated: isEstimated as boolean,
    ...(date.dateOnly ? { dateOnly: true as const } : {}),
  };
});

export const timeseriesSchema = z.looseObject({
  /** `co2Emission` (kgCO2e), `activeEnergy` (kWh) or `emissionFactor` (gCO2e/kWh); others are kept. */
  key: identifierText,
  unit: optionalString,
  values: z.array(timeseriesValueSchema),
});
export type Timeseries = z.infer<typeof timeseriesSchema>;

/** The sibling API's answer to a time-series call: the series alone, no envelope. */
export const timeseriesListSchema = z.array(timeseriesSchema);

export const pagingSchema = z.looseObject({
  page: z.number().check(z.int(), z.positive()),
  pageSize: z.number().check(z.int(), z.positive()),
  totalPages: z.number().check(z.int(), z.nonnegative()),
  totalItems: z.nullish(z.number().check(z.int(), z.nonnegative())),
});

/** The contract's answer: the series inside an envelope with paging. */
export const emissionsResponseSchema = z.looseObject({
  siteId: z.optional(identifierText),
  granularity: optionalString,
  method: optionalString,
  scope: optionalString,
  unit: optionalString,
  from: z.nullish(isoDate),
  to: z.nullish(isoDate),
  timeseries: z.array(timeseriesSchema),
  paging: z.nullish(pagingSchema),
});

export type Paging = z.infer<typeof pagingSchema>;

/** One page (or a merged range) of emissions, whichever shape the API answered with, the site always named. */
export interface EmissionsResponse {
  siteId: string;
  granularity?: string | null | undefined;
  method?: string | null | undefined;
  scope?: string | null | undefined;
  unit?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
  timeseries: Timeseries[];
  paging?: Paging | null | undefined;
  /** What core read leniently, dropped, or could not tell while reading the pages (never the API's own). */
  warnings?: Array<{ path: string; message: string }> | undefined;
  [field: string]: unknown;
}

/** Which schema checks a body: the bare series array or the envelope. */
export function emissionsSchemaFor(
  body: unknown,
): typeof timeseriesListSchema | typeof emissionsResponseSchema {
  return Array.isArray(body) ? timeseriesListSchema : emissionsResponseSchema;
}

/** A checked body of either shape as one response; a bare array has no paging (it is the whole window). */
export function toEmissionsResponse(
  parsed: z.infer<typeof timeseriesListSchema> | z.infer<typeof emissionsResponseSchema>,
  siteId: string,
): EmissionsResponse {
  if (Array.isArray(parsed)) return { siteId, timeseries: parsed };
  return { ...parsed, siteId: parsed.siteId ?? siteId };
}

/** The envelope or the bare list, for callers that only check (raw output warnings). */
export const emissionsBodySchema = z.union([timeseriesListSchema, emissionsResponseSchema]);

export const globalRateSchema = z.looseObject({
  countryIsoCode: z.string(),
  zone: optionalString,
  period: z.nullish(z.union([z.string(), z.number()])),
  /** gCO2e/kWh unless `unit` says otherwise. */
  value: z.number(),
  unit: optionalString,
  emissionFactorType: optionalString,
  source: optionalString,
});
export type GlobalRate = z.infer<typeof globalRateSchema>;
export const globalRateListSchema = z.array(globalRateSchema);
