/**
 * Response models of the Carbon Emission Data API. The real schemas are not public, so every object keeps
 * unknown fields (`looseObject`) and optional fields may be missing; only what our features rely on is
 * required. Dates are parsed into Date objects.
 */
import { z } from 'zod';

/** ISO 8601 / RFC 3339 date-time with a required offset (`Z` or `±hh:mm`). */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Parsed to a Date. Written out rather than zod's `z.iso.datetime`, whose calendar regex dominated the
 * cost of validating a response (it runs for every point of every series); impossible calendar days such
 * as 2025-02-30, which `Date` would silently roll over, are still refused.
 */
const isoDate = z.string().transform((value, ctx) => {
  const match = DATE_TIME.exec(value);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(value);
  const realDay =
    month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (!match || !realDay || Number.isNaN(date.getTime())) {
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `Invalid date-time "${value}": expected ISO 8601 with an offset, e.g. 2026-01-05T00:00:00Z.`,
    });
    return z.NEVER;
  }
  return date;
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

export const timeseriesValueSchema = z.looseObject({
  date: isoDate,
  updatedAt: isoDate.optional(),
  value: z.number().nullable(),
  isEstimated: z.boolean().optional().default(false),
});
export type TimeseriesValue = z.infer<typeof timeseriesValueSchema>;

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
