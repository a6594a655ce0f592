/**
 * Models of the Energy Hub GraphQL data (contract §6). The real schema is not public, so objects keep
 * unknown fields and only what our documents select and our features use is required. DateTime values
 * stay ISO strings: they go straight into node outputs, where strings serialize unchanged.
 */
import { instantProblem, readInstant } from '../seams/instant.js';
import * as z from '../schema/zod.js';

/** A date-time kept as the ISO text the API sent, but checked: core compares and sorts by it. */
const instantText = z.string().check(
  z.superRefine((value, ctx) => {
    if (readInstant(value) === undefined)
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: `Invalid date-time: ${instantProblem(value)}.`,
      });
  }),
);

export const propertyValueSchema = z.looseObject({
  name: z.string(),
  value: z.optional(z.nullable(z.string())),
  unit: z.optional(z.nullable(z.string())),
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

export const thingSchema: z.ZodMiniType<Thing> = z.looseObject({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  concept: z.string(),
  properties: z.optional(z.array(propertyValueSchema)),
  get parent() {
    return z.optional(z.nullable(thingSchema));
  },
  get children() {
    return z.optional(z.array(thingSchema));
  },
});

export const organizationSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  children: z.optional(z.array(thingSchema)),
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
  id: z.string().check(z.minLength(1)),
  category: z.string(),
  type: z.string(),
  detail: z.optional(z.nullable(z.string())),
  /** `high`, `medium` or `low`. */
  priority: z.string(),
  active: z.boolean(),
  acknowledged: z.boolean(),
  /** `gateway` or `device` (seed 002: the API has no software-based alarm types); kept as sent. */
  source: z.string(),
  startTime: instantText,
  endTime: z.optional(z.nullable(instantText)),
  durationSeconds: z.optional(z.nullable(z.number())),
  thing: z.optional(z.nullable(thingSchema)),
});
export type Alarm = z.infer<typeof alarmSchema>;

export const timePointSchema = z.looseObject({
  timestamp: instantText,
  value: z.nullable(z.number()),
});

export const timeSeriesSchema = z.looseObject({
  thingId: z.string(),
  measurement: z.string(),
  unit: z.optional(z.nullable(z.string())),
  points: z.array(timePointSchema),
});
export type TimeSeries = z.infer<typeof timeSeriesSchema>;
export const timeSeriesListSchema = z.array(timeSeriesSchema);

/** A Relay connection; nodes are checked separately so a bad node is named by its position. */
export const connectionSchema = z.looseObject({
  edges: z.array(z.looseObject({ cursor: z.string(), node: z.unknown() })),
  pageInfo: z.looseObject({
    hasNextPage: z.boolean(),
    endCursor: z.optional(z.nullable(z.string())),
  }),
  totalCount: z.optional(z.number().check(z.int(), z.nonnegative())),
});

export const graphqlErrorSchema = z.looseObject({
  message: z.string(),
  path: z.optional(z.array(z.union([z.string(), z.number()]))),
  extensions: z.optional(z.looseObject({ code: z.optional(z.string()) })),
});

export const graphqlResponseSchema = z.looseObject({
  data: z.optional(z.unknown()),
  errors: z.optional(z.array(graphqlErrorSchema)),
});
