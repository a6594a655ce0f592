/**
 * Reads emission rows that arrive in a message (usually from Get Emissions with one message for all
 * rows or one per row) into threshold samples, refusing anything else with a message that says which
 * item is wrong and what was expected.
 */
import { ValidationError } from '@ecostruxure-connector/core';
import type { EmissionSample } from '@ecostruxure-connector/core/advanced';

const optionalNumber = (value: unknown) => value === undefined || value === null || typeof value === 'number';

export function readEmissionSamples(value: unknown, property: string): EmissionSample[] {
  const items = Array.isArray(value) ? value : [value];
  const expected = `msg.${property} must hold emission rows (objects with siteId, timestamp and kgCO2e or kWh), as Get Emissions sends them`;
  if (value === undefined || value === null) {
    throw new ValidationError({ field: property, message: `${expected}; it is empty.` });
  }
  return items.map((item: unknown, index) => {
    const where = Array.isArray(value) ? `item ${index}` : 'the value';
    if (typeof item !== 'object' || item === null) {
      throw new ValidationError({ field: property, message: `${expected}; ${where} is ${typeof item}.` });
    }
    const row = item as Record<string, unknown>;
    if (typeof row.siteId !== 'string' || row.siteId === '') {
      throw new ValidationError({ field: property, message: `${expected}; ${where} has no siteId.` });
    }
    if (typeof row.timestamp !== 'string' || Number.isNaN(Date.parse(row.timestamp))) {
      throw new ValidationError({ field: property, message: `${expected}; ${where} has no ISO timestamp.` });
    }
    // Get Emissions rows call the factor gCO2ePerKWh; samples built by hand may say emissionFactor.
    const factor = row.gCO2ePerKWh ?? row.emissionFactor;
    if (!optionalNumber(row.kgCO2e) || !optionalNumber(row.kWh) || !optionalNumber(factor)) {
      throw new ValidationError({
        field: property,
        message: `${expected}; ${where} has a kgCO2e, kWh or gCO2ePerKWh that is not a number.`,
      });
    }
    return {
      siteId: row.siteId,
      timestamp: row.timestamp,
      kgCO2e: (row.kgCO2e as number | null | undefined) ?? null,
      kWh: (row.kWh as number | null | undefined) ?? null,
      emissionFactor: (factor as number | null | undefined) ?? null,
    };
  });
}
