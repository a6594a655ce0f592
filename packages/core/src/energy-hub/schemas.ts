/**
 * Models of the Energy Hub GraphQL data (contract §6). The real schema is not public, so objects keep
 * unknown fields and only what our documents select and our features use is required. DateTime values
 * stay ISO strings: they go straight into node outputs, where strings serialize unchanged.
 */
import * as z from 'zod';

export const propertyValueSchema = z.looseObject({
  name: z.string(),
  value: z.string().nullable().optional(),
  unit: z.string().nullable().optional(),
});
export type PropertyValue = z.infer<typeof propertyValueSchema>;

export interface Thing {
  id: string;
  name: string;
  /** A URN such as `urn:se:eedm:concept:Site`. */
  concept: string;
  properties?: PropertyValue[] | undefined;
  parent?: Thing | null | undefined;
  children?: Thing[] | undefined;
  [key: string]: unknown;
}

export const thingSchema: z.ZodType<Thing> = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  concept: z.string(),
  properties: z.array(propertyValueSchema).optional(),
  get parent() {
    return thingSchema.nullable().optional();
  },
  get children() {
    return z.array(thingSchema).optional();
  },
});

export const organizationSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  children: z.array(thingSchema).optional(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const ALARM_PRIORITIES = ['high', 'medium', 'low'] as const;
export const ALARM_CATEGORIES = [
  'Asset monitoring',
  'Diagnostics',
  'Energy management',
  'Power quality',
  'General',
] as const;

export const alarmSchema = z.looseObject({
  id: z.string().min(1),
  category: z.string(),
  type: z.string(),
  detail: z.string().nullable().optional(),
  /** `high`, `medium` or `low`. */
  priority: z.string(),
  active: z.boolean(),
  acknowledged: z.boolean(),
  /** `gateway` or `device` (seed 002: the API has no software-based alarm types); kept as sent. */
  source: z.string(),
  startTime: z.string(),
  endTime: z.string().nullable().optional(),
  durationSeconds: z.number().nullable().optional(),
  thing: thingSchema.nullable().optional(),
});
export type Alarm = z.infer<typeof alarmSchema>;

export const timePointSchema = z.looseObject({
  timestamp: z.string(),
  value: z.number().nullable(),
});

export const timeSeriesSchema = z.looseObject({
  thingId: z.string(),
  measurement: z.string(),
  unit: z.string().nullable().optional(),
  points: z.array(timePointSchema),
});
export type TimeSeries = z.infer<typeof timeSeriesSchema>;

/** A Relay connection; nodes are checked separately so a bad node is named by its position. */
export const connectionSchema = z.looseObject({
  edges: z.array(z.looseObject({ cursor: z.string(), node: z.unknown() })),
  pageInfo: z.looseObject({
    hasNextPage: z.boolean(),
    endCursor: z.string().nullable().optional(),
  }),
  totalCount: z.number().int().nonnegative().optional(),
});

export const graphqlErrorSchema = z.looseObject({
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z.looseObject({ code: z.string().optional() }).optional(),
});

export const graphqlResponseSchema = z.looseObject({
  data: z.unknown().optional(),
  errors: z.array(graphqlErrorSchema).optional(),
});
