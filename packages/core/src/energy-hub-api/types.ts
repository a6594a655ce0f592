/** What callers pass to and get from the Energy Hub client. */
import type { ShapeWarning } from '../schema/parse-response.js';
import type * as z from '../schema/zod.js';

export type GraphQLVariables = Record<string, unknown>;

export interface QueryOptions {
  /** Which operation to run when the document holds several. */
  operationName?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface PaginateOptions<TNode> extends QueryOptions {
  /** Items per request, 1..100 (the API's bounds). Default 50. */
  pageSize?: number | undefined;
  /** Stop after this many items. Default: all of them. */
  maxItems?: number | undefined;
  /** Checks each node; a mismatch names the field. Default: nodes are passed through unchecked. */
  node?: z.Schema<TNode> | undefined;
  /**
   * Reads what core tolerates (numbers as text...) in each page's connection, in place, before it is
   * checked; `path` names the connection, e.g. `alarms`.
   */
  tolerate?: ((connection: unknown, path: string) => void) | undefined;
}

export interface ConnectionResult<TNode> {
  items: TNode[];
  /** What the server reported as the total for the filter, when it did. */
  totalCount: number | undefined;
  /** True when `maxItems` stopped the collection before the end. */
  truncated: boolean;
  /** What was read leniently (numbers sent as text, times read as UTC), naming where. */
  warnings?: ShapeWarning[] | undefined;
}

export interface AlarmFilter {
  active?: boolean | undefined;
  acknowledged?: boolean | undefined;
  /** `high`, `medium`, `low`. */
  priority?: string[] | undefined;
  category?: string[] | undefined;
  thingId?: string | undefined;
  startedAfter?: string | Date | undefined;
  startedBefore?: string | Date | undefined;
}

export interface ThingFilter {
  /** A concept URN, or just its level (`Site`), which is expanded to `urn:se:eedm:concept:Site`. */
  concept?: string | undefined;
  parentId?: string | undefined;
  nameContains?: string | undefined;
}

export type ListOptions = Omit<PaginateOptions<never>, 'node' | 'operationName'>;

export interface IterateAlarmsOptions extends ListOptions {
  /**
   * Receives what was read leniently (numbers sent as text, times read as UTC), naming where, once the
   * iteration ends or is left; `listAlarms` returns them as `warnings` instead.
   */
  onWarning?: ((warning: ShapeWarning) => void) | undefined;
}

export interface TimeseriesRequest {
  thingId: string;
  measurements: readonly string[];
  from: string | Date;
  to: string | Date;
  /** e.g. `PT15M`; the server's default when left out. */
  interval?: string | undefined;
}

export interface TimeseriesOptions extends Pick<QueryOptions, 'signal'> {
  /** Receives what was read leniently (values sent as text, times read as UTC), naming where. */
  onWarning?: ((warning: ShapeWarning) => void) | undefined;
}

export const CONNECTION_DEFAULT_PAGE_SIZE = 50;
export const CONNECTION_MAX_PAGE_SIZE = 100;
