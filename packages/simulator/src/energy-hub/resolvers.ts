/**
 * What each GraphQL field answers. Resolvers see the caller through `EnergyHubContext`: its role (a
 * `no-access` role is FORBIDDEN on every top-level field) and the set of thing IDs its access permissions
 * make visible (anything outside is treated as if it did not exist).
 */
import { GraphQLError } from 'graphql';
import { type AlarmState, type AlarmStore, compareAlarms } from './alarms.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { DEFAULT_INTERVAL, INTERVALS, MAX_POINTS, measurementValue } from './measurements.js';
import { isWithin, type Organization, type ThingRecord } from './organization.js';

export interface EnergyHubContext {
  role: 'viewer' | 'no-access';
  /** Thing IDs the caller may see. */
  visible: ReadonlySet<string>;
  /** The server clock when the request arrived: one instant for the whole query. */
  now: number;
}

export interface EnergyHubData {
  seed: number;
  organization: Organization;
  alarms: AlarmStore;
}

export const DEFAULT_FIRST = 50;
export const MAX_FIRST = 100;

export const graphQLError = (message: string, code: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code } });

export interface ThingFilter {
  concept?: string | null;
  parentId?: string | null;
  nameContains?: string | null;
}

export interface AlarmFilter {
  active?: boolean | null;
  acknowledged?: boolean | null;
  priority?: readonly string[] | null;
  category?: readonly string[] | null;
  thingId?: string | null;
  /** Epoch ms (the DateTime scalar parses to numbers). */
  startedAfter?: number | null;
  startedBefore?: number | null;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface AlarmNode {
  id: string;
  category: string;
  type: string;
  detail: string | null;
  priority: string;
  active: boolean;
  acknowledged: boolean;
  source: string;
  startTime: number;
  endTime: number | null;
  durationSeconds: number;
  thingId: string;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface TimeSeriesResult {
  thingId: string;
  measurement: string;
  unit: string | null;
  points: { timestamp: number; value: number | null }[];
}

export function requireViewer(ctx: EnergyHubContext): void {
  if (ctx.role !== 'viewer') {
    throw graphQLError('This access client has no read permission in Energy Hub.', 'FORBIDDEN');
  }
}

function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_FIRST;
  if (first < 1 || first > MAX_FIRST) {
    throw graphQLError(`first must be between 1 and ${MAX_FIRST}.`, 'BAD_USER_INPUT');
  }
  return first;
}

function paginate<T>(
  items: T[],
  size: number,
  startIndex: number,
  cursorOf: (item: T) => string,
): Connection<T> {
  const page = items.slice(startIndex, startIndex + size);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: startIndex + size < items.length, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: items.length,
  };
}

export function createResolvers(data: EnergyHubData) {
  const { organization } = data;
  const visibleThing = (ctx: EnergyHubContext, id: string | null): ThingRecord | null => {
    if (id === null || !ctx.visible.has(id)) return null;
    return organization.byId.get(id) ?? null;
  };
  return {
    organization(ctx: EnergyHubContext): { id: string; name: string; children: ThingRecord[] } {
      requireViewer(ctx);
      // The top of what the caller sees: visible things whose parent is hidden (all regions for `all`).
      const children = organization.things.filter(
        (thing) => ctx.visible.has(thing.id) && (thing.parentId === null || !ctx.visible.has(thing.parentId)),
      );
      return { id: organization.id, name: organization.name, children };
    },

    things(ctx: EnergyHubContext, args: PageArgs & { filter?: ThingFilter | null }): Connection<ThingRecord> {
      requireViewer(ctx);
      return thingsPage(organization, ctx, args);
    },

    thing(ctx: EnergyHubContext, id: string): ThingRecord | null {
      requireViewer(ctx);
      return visibleThing(ctx, id);
    },

    alarms(ctx: EnergyHubContext, args: PageArgs & { filter?: AlarmFilter | null }): Connection<AlarmNode> {
      requireViewer(ctx);
      return alarmsPage(data, ctx, args);
    },

    timeseries(ctx: EnergyHubContext, args: TimeSeriesArgs): TimeSeriesResult[] {
      requireViewer(ctx);
      const thing = visibleThing(ctx, args.thingId);
      if (!thing) throw graphQLError(`No thing with id '${args.thingId}'.`, 'NOT_FOUND');
      return timeSeriesOf(data.seed, thing, args, ctx.now);
    },

    thingParent(ctx: EnergyHubContext, thing: ThingRecord): ThingRecord | null {
      return visibleThing(ctx, thing.parentId);
    },

    thingChildren(ctx: EnergyHubContext, thing: ThingRecord): ThingRecord[] {
      return thing.childIds.flatMap((id) => visibleThing(ctx, id) ?? []);
    },

    alarmThing(ctx: EnergyHubContext, alarm: AlarmNode): ThingRecord | null {
      return visibleThing(ctx, alarm.thingId);
    },
  };
}

export type Resolvers = ReturnType<typeof createResolvers>;

/** One page of the visible things that match the filter, after the cursor. */
function thingsPage(
  organization: Organization,
  ctx: EnergyHubContext,
  args: PageArgs & { filter?: ThingFilter | null },
): Connection<ThingRecord> {
  const size = pageSize(args.first);
  const matching = matchingThings(organization, ctx, args.filter ?? {});
  let start = 0;
  if (args.after != null) {
    const cursor = decodeCursor(args.after, 'thing');
    if (!cursor) throw graphQLError('after is not a cursor from this list.', 'BAD_USER_INPUT');
    start = matching.findIndex((thing) => thing.order > cursor.order);
    if (start < 0) start = matching.length;
  }
  return paginate(matching, size, start, (thing) => encodeCursor({ kind: 'thing', order: thing.order }));
}

/** One page of the alarms started by now on visible things that match the filter, after the cursor. */
function alarmsPage(
  data: EnergyHubData,
  ctx: EnergyHubContext,
  args: PageArgs & { filter?: AlarmFilter | null },
): Connection<AlarmNode> {
  const { organization } = data;
  const size = pageSize(args.first);
  const filter = args.filter ?? {};
  const matching = data.alarms
    .at(ctx.now)
    .filter((state) => ctx.visible.has(state.record.thingId) && alarmMatches(organization, filter, state))
    .map(toAlarmNode);
  let start = 0;
  if (args.after != null) {
    const cursor = decodeCursor(args.after, 'alarm');
    if (!cursor) throw graphQLError('after is not a cursor from this list.', 'BAD_USER_INPUT');
    start = matching.findIndex((alarm) => compareAlarms(alarm, cursor) > 0);
    if (start < 0) start = matching.length;
  }
  return paginate(matching, size, start, (alarm) =>
    encodeCursor({ kind: 'alarm', startTime: alarm.startTime, id: alarm.id }),
  );
}

function matchingThings(
  organization: Organization,
  ctx: EnergyHubContext,
  filter: ThingFilter,
): ThingRecord[] {
  const needle = filter.nameContains?.toLowerCase();
  return organization.things.filter(
    (thing) =>
      ctx.visible.has(thing.id) &&
      (filter.concept == null || thing.concept === filter.concept) &&
      (filter.parentId == null || thing.parentId === filter.parentId) &&
      (needle === undefined || thing.name.toLowerCase().includes(needle)),
  );
}

function alarmMatches(organization: Organization, filter: AlarmFilter, state: AlarmState): boolean {
  return (
    (filter.active == null || state.active === filter.active) &&
    (filter.acknowledged == null || state.acknowledged === filter.acknowledged) &&
    (filter.priority == null || filter.priority.includes(state.record.priority)) &&
    (filter.category == null || filter.category.includes(state.record.category)) &&
    (filter.thingId == null || isWithin(organization, state.record.thingId, filter.thingId)) &&
    (filter.startedAfter == null || state.record.startTime >= filter.startedAfter) &&
    (filter.startedBefore == null || state.record.startTime < filter.startedBefore)
  );
}

function toAlarmNode(state: AlarmState): AlarmNode {
  return {
    id: state.record.id,
    category: state.record.category,
    type: state.record.type,
    detail: state.record.detail,
    priority: state.record.priority,
    active: state.active,
    acknowledged: state.acknowledged,
    source: state.record.source,
    startTime: state.record.startTime,
    endTime: state.endTime,
    durationSeconds: state.durationSeconds,
    thingId: state.record.thingId,
  };
}

interface TimeSeriesArgs {
  thingId: string;
  measurements: readonly string[];
  from: number;
  to: number;
  interval?: string | null;
}

/** The thing's measurements over [from, to), checked first: interval, order, names, size. */
function timeSeriesOf(
  seed: number,
  thing: ThingRecord,
  args: TimeSeriesArgs,
  now: number,
): TimeSeriesResult[] {
  const intervalName = args.interval ?? DEFAULT_INTERVAL;
  const intervalMs = INTERVALS[intervalName];
  if (intervalMs === undefined) {
    throw graphQLError(`interval must be one of ${Object.keys(INTERVALS).join(', ')}.`, 'BAD_USER_INPUT');
  }
  if (args.from >= args.to) throw graphQLError('from must be earlier than to.', 'BAD_USER_INPUT');
  const unknown = args.measurements.filter((name) => !thing.measurements.some((m) => m.name === name));
  if (unknown.length > 0) {
    const known = thing.measurements.map((m) => m.name).join(', ') || 'none';
    throw graphQLError(
      `Unknown measurement(s) ${unknown.join(', ')} for ${thing.id}; available: ${known}.`,
      'BAD_USER_INPUT',
    );
  }
  // Intervals starting in [from, to), aligned to the interval in UTC, and complete by now.
  const first = Math.ceil(args.from / intervalMs) * intervalMs;
  const end = Math.min(args.to, Math.floor(now / intervalMs) * intervalMs);
  const count = Math.max(0, Math.ceil((end - first) / intervalMs));
  if (count > MAX_POINTS) {
    throw graphQLError(
      `The range holds ${count} intervals of ${intervalName}; at most ${MAX_POINTS} per series.`,
      'BAD_USER_INPUT',
    );
  }
  return args.measurements.map((name) => ({
    thingId: thing.id,
    measurement: name,
    unit: thing.measurements.find((m) => m.name === name)?.unit || null,
    points: Array.from({ length: count }, (_, i) => {
      const timestamp = first + i * intervalMs;
      return { timestamp, value: measurementValue(seed, thing, name, timestamp, intervalMs) };
    }),
  }));
}
