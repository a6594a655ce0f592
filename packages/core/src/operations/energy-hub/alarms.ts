/** Energy Hub alarms: Get Many, with the filters the API offers. */
import type { EcoStruxureClient } from '../../client/create-client.js';
import { ALARMS_QUERY } from '../../energy-hub-api/documents.js';
import { alarmFilterVariables } from '../../energy-hub-api/filters.js';
import { ALARM_CATEGORIES, ALARM_PRIORITIES, alarmSchema, type Alarm } from '../../energy-hub-api/schemas.js';
import type { AlarmFilter } from '../../energy-hub-api/types.js';
import { shapeWarnings, type ShapeWarning } from '../../schema/parse-response.js';
import { choice, itemLimit, listOf, optionalBoolean, optionalText } from '../helpers/form-values.js';
import { toJson } from '../helpers/json.js';
import { validateTimeZone } from '../../seams/zone.js';
import { parseInstantIn } from '../../seams/zoned-instant.js';
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
  /**
   * IANA time zone in which a Started After/Before without an offset (`2026-12-01T08:00:00`, as n8n's
   * date picker stores it) is read. Default UTC.
   */
  timeZone?: string | undefined;
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

/**
 * Values from Energy Hub's help pages (not its API schema), matched in any case and given back as spelled
 * there; a value outside them is sent as typed, with a warning: the real API may well know it.
 */
function knownValues(
  value: unknown,
  field: string,
  known: readonly string[],
  warnings: ShapeWarning[],
): string[] {
  return listOf(value, field).map((item) => {
    const match = known.find((candidate) => candidate.toLowerCase() === item.toLowerCase());
    if (match !== undefined) return match;
    warnings.push({
      path: field,
      message: `"${field}" ${JSON.stringify(item)} is not one of the values Energy Hub's help pages list (${known.join(', ')}); sent as typed.`,
    });
    return item;
  });
}

/** An alarm's priority or category outside the help pages' lists: kept as sent, named in a warning. */
export function unknownValueWarnings(alarms: readonly Alarm[]): ShapeWarning[] {
  const warnings: ShapeWarning[] = [];
  const lists = { priority: ALARM_PRIORITIES, category: ALARM_CATEGORIES } as const;
  for (const field of ['priority', 'category'] as const) {
    const known = new Set<string>(lists[field].map((value) => value.toLowerCase()));
    const unknown = [...new Set(alarms.map((alarm) => alarm[field]))].filter(
      (value) => !known.has(value.toLowerCase()),
    );
    for (const value of unknown)
      warnings.push({
        path: `alarms[].${field}`,
        message: `Alarm ${field} ${JSON.stringify(value)} is not one core knows (${lists[field].join(', ')}); kept as sent.`,
      });
  }
  return warnings;
}

/** A Started After/Before as an instant with its offset, a zone-less value read in `timeZone`. */
function startedBound(value: unknown, field: string, timeZone: string): string | undefined {
  const text = optionalText(value, field);
  return text === undefined ? undefined : parseInstantIn(field, text, timeZone).toISOString();
}

/** The filter from form values, checked; shared with the alarm trigger. Unknown values add to `warnings`. */
export function alarmFilterOf(params: ListAlarmsParams, warnings: ShapeWarning[] = []): AlarmFilter {
  const timeZone =
    params.timeZone === undefined || params.timeZone === '' ? 'UTC' : validateTimeZone(params.timeZone);
  const filter: AlarmFilter = {
    active: optionalBoolean(params.active, 'active'),
    acknowledged: optionalBoolean(params.acknowledged, 'acknowledged'),
    priority: knownValues(params.priority, 'priority', ALARM_PRIORITIES, warnings),
    category: knownValues(params.category, 'category', ALARM_CATEGORIES, warnings),
    thingId: optionalText(params.thingId, 'thingId'),
    startedAfter: startedBound(params.startedAfter, 'startedAfter', timeZone),
    startedBefore: startedBound(params.startedBefore, 'startedBefore', timeZone),
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
  const filterWarnings: ShapeWarning[] = [];
  const filter = alarmFilterOf(params, filterWarnings);
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
    return {
      items: newestFirst ? newestOf(items, limit) : items,
      warnings: [...filterWarnings, ...warnings],
    };
  }
  const result = await client.energyHub.listAlarms(filter, options);
  const items = result.items.map((alarm) => toJson(alarm) as JsonObject);
  return {
    items: newestFirst ? newestOf(items, limit) : items,
    warnings: [...filterWarnings, ...(result.warnings ?? []), ...unknownValueWarnings(result.items)],
  };
}

/** The alarms by start time, newest first, up to `limit`. */
function newestOf(alarms: JsonObject[], limit: number | undefined): JsonObject[] {
  const startOf = (alarm: JsonObject) =>
    typeof alarm.startTime === 'string' ? Date.parse(alarm.startTime) : 0;
  const sorted = [...alarms].sort((a, b) => startOf(b) - startOf(a));
  return limit === undefined ? sorted : sorted.slice(0, limit);
}
