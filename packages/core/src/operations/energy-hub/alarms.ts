/** Energy Hub alarms: Get Many, with the filters the API offers. */
import type { EcoStruxureClient } from '../../client/create-client.js';
import { ALARMS_QUERY } from '../../energy-hub-api/documents.js';
import { alarmFilterVariables } from '../../energy-hub-api/filters.js';
import { ALARM_CATEGORIES, ALARM_PRIORITIES, alarmSchema } from '../../energy-hub-api/schemas.js';
import type { AlarmFilter } from '../../energy-hub-api/types.js';
import { ValidationError } from '../../errors/errors.js';
import { shapeWarnings, type ShapeWarning } from '../../schema/parse-response.js';
import { choice, itemLimit, listOf, optionalBoolean, optionalText } from '../helpers/form-values.js';
import { toJson } from '../helpers/json.js';
import type { JsonObject, OperationContext, OperationResult, ReadOutput } from '../helpers/types.js';

export interface ListAlarmsParams {
  active?: boolean | string | undefined;
  acknowledged?: boolean | string | undefined;
  /** high, medium, low: a list or comma-separated text. */
  priority?: readonly string[] | string | undefined;
  /** e.g. Power quality: a list or comma-separated text. */
  category?: readonly string[] | string | undefined;
  /** Alarms that started at or after this instant. */
  startedAfter?: string | undefined;
  startedBefore?: string | undefined;
  /** Alarms on this thing or anything below it. */
  thingId?: string | undefined;
  returnAll?: boolean | string | undefined;
  limit?: number | string | undefined;
  output?: ReadOutput | undefined;
  /**
   * oldestFirst (default): the API's own order, read up to the limit. newestFirst: every matching alarm is
   * read (the API has no other order), then the newest up to the limit are kept.
   */
  sort?: AlarmSort | string | undefined;
}

export const ALARM_SORTS = ['oldestFirst', 'newestFirst'] as const;
export type AlarmSort = (typeof ALARM_SORTS)[number];

/** Documented values, matched in any case and given back as the API spells them. */
function documentedValues(value: unknown, field: string, allowed: readonly string[]): string[] {
  return listOf(value, field).map((item) => {
    const match = allowed.find((candidate) => candidate.toLowerCase() === item.toLowerCase());
    if (match === undefined) {
      throw new ValidationError({
        field,
        message: `"${field}" must be among ${allowed.join(', ')}; got "${item}".`,
      });
    }
    return match;
  });
}

/** The filter from form values, checked; shared with the alarm trigger. */
export function alarmFilterOf(params: ListAlarmsParams): AlarmFilter {
  const filter: AlarmFilter = {
    active: optionalBoolean(params.active, 'active'),
    acknowledged: optionalBoolean(params.acknowledged, 'acknowledged'),
    priority: documentedValues(params.priority, 'priority', ALARM_PRIORITIES),
    category: documentedValues(params.category, 'category', ALARM_CATEGORIES),
    thingId: optionalText(params.thingId, 'thingId'),
    startedAfter: optionalText(params.startedAfter, 'startedAfter'),
    startedBefore: optionalText(params.startedBefore, 'startedBefore'),
  };
  // Dates are checked here, before any request, with the field named.
  alarmFilterVariables(filter);
  return filter;
}

export async function listAlarms(
  client: EcoStruxureClient,
  params: ListAlarmsParams = {},
  context: OperationContext = {},
): Promise<OperationResult> {
  const filter = alarmFilterOf(params);
  const limit = itemLimit(params);
  const output = choice(params.output, 'output', ['parsed', 'raw'] as const, 'parsed');
  const newestFirst = choice(params.sort, 'sort', ALARM_SORTS, 'oldestFirst') === 'newestFirst';
  // Newest first needs every page: the limit applies after sorting.
  const readLimit = newestFirst ? undefined : limit;
  const options = { signal: context.signal, ...(readLimit === undefined ? {} : { maxItems: readLimit }) };
  if (output === 'raw') {
    const result = await client.energyHub.collectAll<unknown>(
      ALARMS_QUERY,
      { filter: alarmFilterVariables(filter) },
      ['alarms'],
      options,
    );
    const warnings: ShapeWarning[] = result.items.flatMap((item, index) =>
      shapeWarnings(alarmSchema, item, 3).map((warning) => ({
        ...warning,
        path: `alarms[${index}].${warning.path}`,
      })),
    );
    const items = result.items as JsonObject[];
    return { items: newestFirst ? newestOf(items, limit) : items, warnings };
  }
  const result = await client.energyHub.listAlarms(filter, options);
  const items = result.items.map((alarm) => toJson(alarm) as JsonObject);
  return { items: newestFirst ? newestOf(items, limit) : items, warnings: [] };
}

/** The alarms by start time, newest first, up to `limit`. */
function newestOf(alarms: JsonObject[], limit: number | undefined): JsonObject[] {
  const startOf = (alarm: JsonObject) =>
    typeof alarm.startTime === 'string' ? Date.parse(alarm.startTime) : 0;
  const sorted = [...alarms].sort((a, b) => startOf(b) - startOf(a));
  return limit === undefined ? sorted : sorted.slice(0, limit);
}
