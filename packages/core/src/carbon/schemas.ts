/**
 * Response models of the Carbon Emission Data API. The real schemas are not public, so every object keeps
 * unknown fields (`looseObject`) and optional fields may be missing; only what our features rely on is
 * required. Dates are parsed into Date objects.
 */
import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

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
