/**
 * Energy Hub alarms. Alarm k starts at k * alarmIntervalMs after the Unix epoch plus a jitter shorter than
 * the interval, so starts increase with k and a new alarm appears every interval as the server clock
 * advances. Everything about alarm k (thing, type, detail, when it ends or is acknowledged) is derived
 * from the seed and k; whether it is active or acknowledged is then read against the clock. Injected
 * alarms start at the moment they are injected and stay active and unacknowledged.
 */
import type { EnergyHubAlarmInput } from '../context.js';
import { notFound } from '../problem.js';
import { Random } from '../shared/random.js';
import type { ConceptLevel, Organization, ThingRecord } from './organization.js';

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export const CATEGORIES = [
  'Asset monitoring',
  'Diagnostics',
  'Energy management',
  'Power quality',
  'General',
] as const;
/** Seed 002: "There are no software-based alarm types for Energy Hub API". */
export const SOURCES = ['gateway', 'device'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type Source = (typeof SOURCES)[number];

export interface AlarmRecord {
  id: string;
  category: string;
  type: string;
  detail: string | null;
  /** A Priority, or (injected from code) any other text. */
  priority: Priority | (string & {});
  source: Source;
  thingId: string;
  startTime: number;
  /** When the condition clears; null = stays active. May lie in the future. */
  endsAt: number | null;
  /** When an operator acknowledges it; null = never. May lie in the future. */
  acknowledgedAt: number | null;
}

/** An alarm as seen at one instant. */
export interface AlarmState {
  record: AlarmRecord;
  active: boolean;
  acknowledged: boolean;
  endTime: number | null;
  durationSeconds: number;
}

interface Template {
  category: (typeof CATEGORIES)[number];
  type: string;
  level: ConceptLevel;
  source: Source;
  priority: Priority;
  detail: (thing: ThingRecord, random: Random) => string;
}

const TEMPLATES: Template[] = [
  {
    category: 'Power quality',
    type: 'Voltage Sag',
    level: 'Meter',
    source: 'device',
    priority: 'medium',
    detail: (t, r) => `Voltage dipped to ${r.int(150, 205)} V for ${r.int(20, 400)} ms on ${t.name}.`,
  },
  {
    category: 'Power quality',
    type: 'Unbalance',
    level: 'Meter',
    source: 'device',
    priority: 'low',
    detail: (_t, r) => `Voltage unbalance of ${r.range(2.1, 4.5).toFixed(1)} % exceeds the 2 % limit.`,
  },
  {
    category: 'Power quality',
    type: 'Harmonic Distortion',
    level: 'Meter',
    source: 'device',
    priority: 'low',
    detail: (_t, r) => `Current THD reached ${r.range(8, 25).toFixed(1)} % (limit 8 %).`,
  },
  {
    category: 'Asset monitoring',
    type: 'Over Current',
    level: 'Device',
    source: 'device',
    priority: 'high',
    detail: (t, r) => {
      const rated = Number(t.properties.find((p) => p.name === 'ratedCurrent')?.value ?? 250);
      return `Phase ${r.pick(['L1', 'L2', 'L3'])} current ${Math.round(rated * r.range(1.05, 1.4))} A above the ${rated} A rating.`;
    },
  },
  {
    category: 'Asset monitoring',
    type: 'Protection',
    level: 'Device',
    source: 'device',
    priority: 'high',
    detail: (_t, r) =>
      `Breaker tripped on ${r.pick(['long-time', 'short-time', 'ground-fault'])} protection.`,
  },
  {
    category: 'Asset monitoring',
    type: 'Over Temperature',
    level: 'Panelboard',
    source: 'device',
    priority: 'medium',
    detail: (_t, r) => `Busbar temperature ${r.int(71, 95)} °C above the 70 °C threshold.`,
  },
  {
    category: 'Energy management',
    type: 'Demand',
    level: 'Site',
    // Computed by the site's gateway from its meters, not by software above it (seed 002).
    source: 'gateway',
    priority: 'medium',
    detail: (_t, r) => {
      const subscribed = r.int(4, 20) * 100;
      return `Demand of ${Math.round(subscribed * r.range(1.02, 1.2))} kW exceeded the ${subscribed} kW subscribed power.`;
    },
  },
  {
    category: 'Energy management',
    type: 'Consumption Threshold',
    level: 'Building',
    source: 'gateway',
    priority: 'low',
    detail: (_t, r) => `Daily consumption ${r.int(12, 45)} % above its baseline.`,
  },
  {
    category: 'Diagnostics',
    type: 'Communication Loss',
    level: 'Gateway',
    source: 'gateway',
    priority: 'medium',
    detail: (_t, r) => `No Modbus response from ${r.int(1, 6)} downstream devices.`,
  },
  {
    category: 'Diagnostics',
    type: 'Device Offline',
    level: 'Meter',
    source: 'gateway',
    priority: 'low',
    detail: (t) => `${t.name} stopped reporting.`,
  },
  {
    category: 'General',
    type: 'Maintenance Due',
    level: 'Device',
    // Breakers count their own operations and raise this themselves.
    source: 'device',
    priority: 'low',
    detail: (_t, r) =>
      `Operation counter at ${r.int(85, 99)} % of the maintenance interval; preventive maintenance due in ${r.int(3, 30)} days.`,
  },
];

const DAY_MS = 86_400_000;
/** How far back generated alarms go: 30 days, but never more than this many alarms. */
const RETENTION_MS = 30 * DAY_MS;
const MAX_RETAINED = 5000;

export interface AlarmStore {
  /** Alarms started by `now` and still retained, ordered by startTime then id. */
  at(now: number): AlarmState[];
  inject(input: EnergyHubAlarmInput | undefined, now: number): string;
}

export function createAlarmStore(seed: number, organization: Organization, intervalMs: number): AlarmStore {
  const byLevel = new Map<ConceptLevel, ThingRecord[]>();
  for (const thing of organization.things)
    byLevel.set(thing.level, [...(byLevel.get(thing.level) ?? []), thing]);
  const templates = TEMPLATES.filter((template) => (byLevel.get(template.level)?.length ?? 0) > 0);
  const retained = Math.max(1, Math.min(MAX_RETAINED, Math.ceil(RETENTION_MS / intervalMs)));
  const cache = new Map<number, AlarmRecord>();
  const injected: AlarmRecord[] = [];

  const startOf = (k: number): number =>
    k * intervalMs + Math.floor(new Random(seed, 'alarm-start', k).next() * intervalMs * 0.9);

  const generate = (k: number): AlarmRecord => {
    const cached = cache.get(k);
    if (cached) return cached;
    const record = generatedAlarm(new Random(seed, 'alarm', k), k, startOf(k), templates, byLevel);
    if (cache.size > MAX_RETAINED * 2) cache.clear();
    cache.set(k, record);
    return record;
  };

  let injectedCount = 0;
  return {
    at(now) {
      let last = Math.floor(now / intervalMs);
      if (startOf(last) > now) last -= 1;
      const generated: AlarmRecord[] = [];
      for (let k = last - retained + 1; k <= last; k += 1) generated.push(generate(k));
      const cutoff = generated[0]?.startTime ?? now;
      const extra = injected.filter((record) => record.startTime <= now && record.startTime >= cutoff);
      const all = extra.length === 0 ? generated : [...generated, ...extra].sort(compareAlarms);
      return all.map((record) => stateAt(record, now));
    },
    inject(input = {}, now) {
      const thingId = input.thingId ?? byLevel.get('Meter')?.[0]?.id ?? organization.things[0]?.id;
      if (thingId === undefined || !organization.byId.has(thingId))
        throw notFound(`No thing with id '${input.thingId}'.`);
      injectedCount += 1;
      const record = injectedAlarm(`alarm-injected-${injectedCount}`, input, thingId, now);
      injected.push(record);
      return record.id;
    },
  };
}

/** The k-th generated alarm: its template, thing and timing drawn from its own random stream. */
function generatedAlarm(
  random: Random,
  k: number,
  startTime: number,
  templates: readonly Template[],
  byLevel: ReadonlyMap<ConceptLevel, ThingRecord[]>,
): AlarmRecord {
  const template = random.pick(templates);
  const thing = random.pick(byLevel.get(template.level) ?? []);
  // Conditions clear within minutes to hours; about one in 300 keeps standing until someone fixes it,
  // so a month of history leaves a realistic handful of active alarms (a dozen or two), not hundreds.
  const ends = random.next() < 0.997;
  const durationMs = Math.round(120_000 * 240 ** random.next());
  const acknowledges = random.next() < 0.6;
  const ackDelayMs = Math.round(300_000 * 288 ** random.next());
  return {
    id: `alarm-${k}`,
    category: template.category,
    type: template.type,
    detail: template.detail(thing, random),
    priority: template.priority,
    source: template.source,
    thingId: thing.id,
    startTime,
    endsAt: ends ? startTime + durationMs : null,
    acknowledgedAt: acknowledges ? startTime + ackDelayMs : null,
  };
}

function stateAt(record: AlarmRecord, now: number): AlarmState {
  const ended = record.endsAt !== null && record.endsAt <= now;
  return {
    record,
    active: !ended,
    acknowledged: record.acknowledgedAt !== null && record.acknowledgedAt <= now,
    endTime: ended ? record.endsAt : null,
    // Final duration once ended; time elapsed so far while active.
    durationSeconds: Math.floor(((ended ? (record.endsAt ?? now) : now) - record.startTime) / 1000),
  };
}

/** An alarm started now through the control API; what the input leaves out is an over-current on a meter. */
function injectedAlarm(id: string, input: EnergyHubAlarmInput, thingId: string, now: number): AlarmRecord {
  return {
    id,
    category: input.category ?? 'Asset monitoring',
    type: input.type ?? 'Over Current',
    detail: input.detail ?? 'Injected through the simulator control API.',
    priority: input.priority ?? 'high',
    source: input.source ?? 'device',
    thingId,
    startTime: now,
    endsAt: null,
    acknowledgedAt: null,
  };
}

export function compareAlarms(
  a: Pick<AlarmRecord, 'startTime' | 'id'>,
  b: Pick<AlarmRecord, 'startTime' | 'id'>,
): number {
  return a.startTime - b.startTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
