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
  const filterWarnings: ShapeWarning[] = [];
  const filter = alarmFilterOf({ ...params, startedAfter: undefined }, filterWarnings);
  const wanted = wantedEvents(params.events);
  const previous = previousState(params.state);
  const firstPoll = previous.newestStart === undefined;
  const seen = await readAlarms(client, filter, previous, context);

  const events: AlarmEvent[] = [];
  const report: ReportEvent = (event, id, alarm) => {
    if (!firstPoll && wanted.has(event)) events.push({ event, dedupKey: `${id}|${event}`, alarm });
  };
  const { newestStart, seenAtNewest } = reportNewAlarms(client, previous, seen, report);
  const open = reportOpenAlarmChanges(previous, seen, report);
  return {
    items: events,
    state: {
      newestStart,
      idsAtNewestStart: [...seenAtNewest],
      open,
    },
    warnings: [...filterWarnings, ...seen.warnings],
  };
}

type ReportEvent = (event: AlarmEventType, id: string, alarm: JsonObject) => void;

/** The events asked for, checked; none asked means all three. */
function wantedEvents(events: PollAlarmsParams['events']): Set<AlarmEventType> {
  const wanted = new Set(
    listOf(events, 'events').map((event) => {
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
  return wanted;
}

function previousState(state: AlarmPollState | undefined): AlarmPollState {
  const previous = state ?? {};
  if (typeof previous !== 'object' || previous === null || Array.isArray(previous)) {
    throw new ValidationError({
      field: 'state',
      message: '"state" must be the state object a previous poll returned, or nothing.',
    });
  }
  return previous;
}

/** What this poll saw: every alarm read by ID, and which of them are active or unacknowledged. */
interface SeenAlarms {
  byId: Map<string, Alarm>;
  activeIds: Set<string>;
  unacknowledgedIds: Set<string>;
  /** What the reads held that core read leniently or does not know (an alarm's priority...). */
  warnings: ShapeWarning[];
}

async function readAlarms(
  client: EcoStruxureClient,
  filter: ReturnType<typeof alarmFilterOf>,
  previous: AlarmPollState,
  context: OperationContext,
): Promise<SeenAlarms> {
  const options = { signal: context.signal };
  // Three reads cover every change: what started since the newest start seen, and the open ones.
  const [started, active, unacknowledged] = await Promise.all([
    previous.newestStart === undefined
      ? Promise.resolve({ items: [] as Alarm[], warnings: undefined })
      : client.energyHub.listAlarms({ ...filter, startedAfter: previous.newestStart }, options),
    client.energyHub.listAlarms({ ...filter, active: true }, options),
    client.energyHub.listAlarms({ ...filter, acknowledged: false }, options),
  ]);
  const byId = new Map<string, Alarm>();
  for (const alarm of [...started.items, ...active.items, ...unacknowledged.items]) byId.set(alarm.id, alarm);
  return {
    byId,
    activeIds: new Set(active.items.map((alarm) => alarm.id)),
    unacknowledgedIds: new Set(unacknowledged.items.map((alarm) => alarm.id)),
    warnings: [
      ...[started, active, unacknowledged].flatMap((read) => read.warnings ?? []),
      ...unknownValueWarnings([...byId.values()]),
    ],
  };
}

/**
 * New: started after the newest start seen, or at that instant but not seen then. A first poll counts
 * only what starts after it: alarms that came and went before are history.
 */
function reportNewAlarms(
  client: EcoStruxureClient,
  previous: AlarmPollState,
  seen: SeenAlarms,
  report: ReportEvent,
): { newestStart: string; seenAtNewest: Set<string> } {
  let newestStart = previous.newestStart ?? new Date(runtimeNow(client)).toISOString();
  const seenAtNewest = new Set(previous.idsAtNewestStart ?? []);
  const ordered = [...seen.byId.values()].sort(
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
  return { newestStart, seenAtNewest };
}

/** Changes of the alarms that were open at the last poll; returns the alarms open now. */
function reportOpenAlarmChanges(
  previous: AlarmPollState,
  seen: SeenAlarms,
  report: ReportEvent,
): Record<string, OpenAlarm> {
  const open: Record<string, OpenAlarm> = {};
  for (const [id, before] of Object.entries(previous.open ?? {})) {
    const now = { active: seen.activeIds.has(id), acknowledged: !seen.unacknowledgedIds.has(id) };
    const current = seen.byId.get(id);
    const summary = current === undefined ? { ...before.summary, ...now } : summaryOf(current);
    if (!before.acknowledged && now.acknowledged) report('acknowledged', id, summary);
    if (before.active && !now.active) report('cleared', id, summary);
    if (now.active || !now.acknowledged) open[id] = { ...now, summary };
  }
  for (const alarm of seen.byId.values()) {
    if (open[alarm.id] !== undefined) continue;
    if (alarm.active || !alarm.acknowledged) {
      open[alarm.id] = { active: alarm.active, acknowledged: alarm.acknowledged, summary: summaryOf(alarm) };
    }
  }
  return open;
}
