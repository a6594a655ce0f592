/**
 * The Energy Hub answers read as core reads every answer (schema/lenient-values.ts): numbers sent as text
 * read as numbers with a warning, date-times without an offset refused naming where and
 * `energyHubDialect.zonelessDateTimes`, which reads them as UTC. The fields are those core reads: an
 * alarm's times and duration, a connection's total, a time series' points.
 */
import { ValidationError } from '../errors/errors.js';
import { Leniency, type ZonelessDateTimes } from '../schema/lenient-values.js';

/** How the Energy Hub API writes what its schema does not fix for us. */
export interface EnergyHubDialect {
  /** Date-times without a UTC offset: `refuse` (default) fails naming the field; `utc` reads them as UTC. */
  zonelessDateTimes: ZonelessDateTimes;
}

export const DEFAULT_ENERGY_HUB_DIALECT: Readonly<EnergyHubDialect> = Object.freeze({
  zonelessDateTimes: 'refuse',
});

/** A dialect given by a user, checked before any request: an unknown field or value is named. */
export function resolveEnergyHubDialect(input: Partial<EnergyHubDialect> | undefined): EnergyHubDialect {
  if (input === undefined) return DEFAULT_ENERGY_HUB_DIALECT;
  const fail = (field: string, expected: string, value: unknown): never => {
    throw new ValidationError({
      field: `energyHubDialect.${field}`,
      message: `energyHubDialect.${field} must be ${expected}; got ${JSON.stringify(value)}.`,
    });
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return fail('(root)', 'an object such as { "zonelessDateTimes": "utc" }', input);
  for (const field of Object.keys(input))
    if (field !== 'zonelessDateTimes')
      fail(field, 'left out: it is not a dialect field (known: zonelessDateTimes)', field);
  const zones = input.zonelessDateTimes ?? 'refuse';
  if (zones !== 'refuse' && zones !== 'utc') fail('zonelessDateTimes', 'one of refuse, utc', zones);
  return { zonelessDateTimes: zones };
}

export function energyHubLeniency(dialect: EnergyHubDialect, request: string): Leniency {
  return new Leniency({
    zonelessDateTimes: dialect.zonelessDateTimes,
    option: 'energyHubDialect.zonelessDateTimes',
    request,
    // The n8n and Node-RED forms do not show it: their raw queries read the answer as sent.
    otherwise:
      "Without core's options: n8n's Energy Hub Query → Execute or Node-RED's Energy Hub Query node returns the answer as sent.",
  });
}

/** Reads a connection of alarms leniently, before its schema: its total, and each alarm's times and duration. */
export function tolerateAlarms(lenient: Leniency): (connection: unknown, path: string) => void {
  return (connection, path) => {
    lenient.numbersOf(connection, ['totalCount'], path);
    const edges = (connection as { edges?: unknown } | null | undefined)?.edges;
    if (!Array.isArray(edges)) return;
    for (const [index, edge] of edges.entries()) {
      const node = (edge as { node?: unknown } | null | undefined)?.node;
      const where = `${path}.edges[${index}].node`;
      lenient.numbersOf(node, ['durationSeconds'], where);
      lenient.dateTimesOf(node, ['startTime', 'endTime'], where);
    }
  };
}

/** Reads time series leniently, before their schema: each point's value and timestamp. */
export function tolerateTimeseries(lenient: Leniency, list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const [index, series] of list.entries()) {
    const points = (series as { points?: unknown } | null | undefined)?.points;
    if (!Array.isArray(points)) continue;
    for (const [pointIndex, point] of points.entries()) {
      const where = `timeseries[${index}].points[${pointIndex}]`;
      lenient.numbersOf(point, ['value'], where);
      lenient.dateTimesOf(point, ['timestamp'], where);
    }
  }
}
