/**
 * Alarm events since the last poll: alarms that started, and alarms that were acknowledged or cleared.
 * The state is plain JSON (n8n static data, Node-RED context) and stays small: the newest start time
 * seen, the alarms that started at that instant (start times may tie), and the alarms still open
 * (active or unacknowledged). The first poll only records where things stand: it reports nothing, so
 * activating a trigger does not replay a month of history.
 */
import type { EcoStruxureClient } from '../../client/create-client.js';
import type { Alarm } from '../../energy-hub-api/schemas.js';
import { ValidationError } from '../../errors/errors.js';
import { alarmFilterOf, unknownValueWarnings, type ListAlarmsParams } from '../energy-hub/alarms.js';
import { listOf } from '../helpers/form-values.js';
import { toJson } from '../helpers/json.js';
import type { JsonObject, OperationContext } from '../helpers/types.js';
import type { ShapeWarning } from '../../schema/parse-response.js';

export const ALARM_EVENT_TYPES = ['new', 'acknowledged', 'cleared'] as const;
export type AlarmEventType = (typeof ALARM_EVENT_TYPES)[number];

interface OpenAlarm {
  active: boolean;
  acknowledged: boolean;
  /** What an event needs once the alarm no longer appears in the open lists. */
  summary: JsonObject;
}

export interface AlarmPollState {
  newestStart?: string;
  idsAtNewestStart?: string[];
  open?: Record<string, OpenAlarm>;
}

export interface PollAlarmsParams extends Omit<
  ListAlarmsParams,
  'active' | 'acknowledged' | 'returnAll' | 'limit' | 'output'
> {
  /** Which events to report; default all three. */
  events?: readonly AlarmEventType[] | string | undefined;
  state?: AlarmPollState | undefined;
}

export interface AlarmEvent extends JsonObject {
  event: AlarmEventType;
  /** Stable per alarm and event, for deduplication downstream. */
  dedupKey: string;
  alarm: JsonObject;
}

export interface PollAlarmsResult {
  items: AlarmEvent[];
  state: AlarmPollState;
  /** Filter values and alarm fields core does not know, and what it read leniently, naming where. */
  warnings: ShapeWarning[];
}

function runtimeNow(client: EcoStruxureClient): number {
  return client.http('energyHub').runtime.now();
}

function summaryOf(alarm: Alarm): JsonObject {
  return toJson(alarm) as JsonObject;
}

export async function pollAlarms(
  client: EcoStruxureClient,
  params: PollAlarmsParams = {},
  context: OperationContext = {},
): Promise<PollAlarmsResult> {
  const warnings: ShapeWarning[] = [];
  const filter = alarmFilterOf({ ...params, startedAfter: undefined }, warnings);
  const wanted = new Set(
    listOf(params.events, 'events').map((event) => {
      if (!(ALARM_EVENT_TYPES as readonly string[]).includes(event)) {
        throw new ValidationError({
          field: 'events',
          message: `"events" must be among ${ALARM_EVENT_TYPES.join(', ')}; got "${event}".`,
        });
      }
      return event as AlarmEventType;
    }),
  );
  if (wanted.size === 0) for (const event of ALARM_EVENT_TYPES) wanted.add(event);
  const previous = params.state ?? {};
  if (typeof previous !== 'object' || previous === null || Array.isArray(previous)) {
    throw new ValidationError({
      field: 'state',
      message: '"state" must be the state object a previous poll returned, or nothing.',
    });
  }
  const firstPoll = previous.newestStart === undefined;
  const options = { signal: context.signal };
  // Three reads cover every change: what started since the newest start seen, and the open ones.
  const [started, active, unacknowledged] = await Promise.all([
    firstPoll
      ? Promise.resolve({ items: [] as Alarm[], warnings: undefined })
      : client.energyHub.listAlarms({ ...filter, startedAfter: previous.newestStart }, options),
    client.energyHub.listAlarms({ ...filter, active: true }, options),
    client.energyHub.listAlarms({ ...filter, acknowledged: false }, options),
  ]);
  for (const read of [started, active, unacknowledged]) warnings.push(...(read.warnings ?? []));
  const activeIds = new Set(active.items.map((alarm) => alarm.id));
  const unacknowledgedIds = new Set(unacknowledged.items.map((alarm) => alarm.id));
  const byId = new Map<string, Alarm>();
  for (const alarm of [...started.items, ...active.items, ...unacknowledged.items]) byId.set(alarm.id, alarm);
  warnings.push(...unknownValueWarnings([...byId.values()]));

  const events: AlarmEvent[] = [];
  const report = (event: AlarmEventType, id: string, alarm: JsonObject) => {
    if (!firstPoll && wanted.has(event)) events.push({ event, dedupKey: `${id}|${event}`, alarm });
  };

  // New: started after the newest start seen, or at that instant but not seen then.
  // A first poll counts only what starts after it: alarms that came and went before are history.
  let newestStart = previous.newestStart ?? new Date(runtimeNow(client)).toISOString();
  const seenAtNewest = new Set(previous.idsAtNewestStart ?? []);
  const ordered = [...byId.values()].sort(
    (a, b) => Date.parse(a.startTime) - Date.parse(b.startTime) || a.id.localeCompare(b.id),
  );
  for (const alarm of ordered) {
    const start = Date.parse(alarm.startTime);
    const newestTime = Date.parse(newestStart);
    const isNew = start > newestTime || (start === newestTime && !seenAtNewest.has(alarm.id));
    if (!isNew) continue;
    if (previous.open?.[alarm.id] === undefined) report('new', alarm.id, summaryOf(alarm));
    if (start > newestTime) {
      newestStart = alarm.startTime;
      seenAtNewest.clear();
    }
    seenAtNewest.add(alarm.id);
  }

  // Changes of the alarms that were open at the last poll.
  const open: Record<string, OpenAlarm> = {};
  for (const [id, before] of Object.entries(previous.open ?? {})) {
    const now = { active: activeIds.has(id), acknowledged: !unacknowledgedIds.has(id) };
    const current = byId.get(id);
    const summary = current === undefined ? { ...before.summary, ...now } : summaryOf(current);
    if (!before.acknowledged && now.acknowledged) report('acknowledged', id, summary);
    if (before.active && !now.active) report('cleared', id, summary);
    if (now.active || !now.acknowledged) open[id] = { ...now, summary };
  }
  for (const alarm of byId.values()) {
    if (open[alarm.id] !== undefined) continue;
    if (alarm.active || !alarm.acknowledged) {
      open[alarm.id] = { active: alarm.active, acknowledged: alarm.acknowledged, summary: summaryOf(alarm) };
    }
  }
  return {
    items: events,
    state: {
      newestStart,
      idsAtNewestStart: [...seenAtNewest],
      open,
    },
    warnings,
  };
}
