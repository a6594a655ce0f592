/** Rows a user hands back (as Get Emissions sends them) read into threshold samples: the reverse of rows. */
import { describe, expect, it } from 'vitest';
import { emissionSamplesFrom, emissionSamplesFromRows, toEmissionRows } from '../src/advanced.js';
import { ValidationError } from '../src/index.js';
import { emissionsResponseSchema, toEmissionsResponse } from '../src/carbon-api/schemas.js';

const response = toEmissionsResponse(
  emissionsResponseSchema.parse({
    siteId: 'site-0001',
    granularity: 'PT1H',
    timeseries: [
      { key: 'co2Emission', unit: 'kgCO2e', values: [{ date: '2026-01-05T00:00:00Z', value: 1.5 }] },
      { key: 'activeEnergy', unit: 'kWh', values: [{ date: '2026-01-05T00:00:00Z', value: 10 }] },
      { key: 'emissionFactor', unit: 'gCO2e/kWh', values: [{ date: '2026-01-05T00:00:00Z', value: 150 }] },
    ],
  }),
  'site-0001',
);
const source = { field: 'payload', label: 'msg.payload' };

function problem(value: unknown): ValidationError {
  try {
    emissionSamplesFromRows(value, source);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('emissionSamplesFromRows', () => {
  it('gives back the samples the rows were made from, for a list and for one row', () => {
    const rows = toEmissionRows(response);
    expect(emissionSamplesFromRows(rows, source)).toEqual(emissionSamplesFrom(response));
    expect(emissionSamplesFromRows(rows[0], source)).toEqual(emissionSamplesFrom(response));
  });

  it('takes a hand-built sample that says emissionFactor, and reads missing numbers as null', () => {
    expect(
      emissionSamplesFromRows(
        [{ siteId: 's', timestamp: '2026-01-05T00:00:00Z', emissionFactor: 90 }],
        source,
      ),
    ).toEqual([
      { siteId: 's', timestamp: '2026-01-05T00:00:00Z', kgCO2e: null, kWh: null, emissionFactor: 90 },
    ]);
  });

  it('names the place, the item and what is wrong', () => {
    const expected = 'msg.payload must hold emission rows (objects with siteId, timestamp and kgCO2e or kWh)';
    expect(problem(undefined).message).toContain(`${expected}, as Get Emissions sends them; it is empty.`);
    expect(problem(undefined).field).toBe('payload');
    expect(problem([{ siteId: 's', timestamp: 'x' }]).message).toContain('; item 0 has no ISO timestamp.');
    expect(problem('text').message).toContain('; the value is string.');
    expect(problem([{ timestamp: '2026-01-05T00:00:00Z' }]).message).toContain('; item 0 has no siteId.');
    expect(problem([{ siteId: 's', timestamp: '2026-01-05T00:00:00Z', kWh: '3' }]).message).toContain(
      '; item 0 has a kgCO2e, kWh or gCO2ePerKWh that is not a number.',
    );
  });
});
