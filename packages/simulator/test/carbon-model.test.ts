import { describe, expect, it } from 'vitest';
import { emissionPoint } from '../src/carbon/emissions-model.js';
import { validateEmissionsQuery } from '../src/carbon/params.js';
import { generateSite, type SiteModel } from '../src/carbon/sites.js';

/** A Paris office, built from a generated site so only the traits under test are fixed. */
function office(): SiteModel {
  const model = generateSite(42, 1);
  return {
    ...model,
    siteType: 'office',
    onsiteGeneration: 1,
    site: {
      ...model.site,
      postalAddress: {
        ...model.site.postalAddress,
        countryIsoCode: 'FR',
        timezone: 'Europe/Paris',
        coordinates: { latitude: 48.87, longitude: 2.29 },
      },
    },
  };
}

const energy = (model: SiteModel, iso: string, granularity: 'PT1H' | 'P1D' | 'P1M' = 'PT1H'): number =>
  emissionPoint(42, model, Date.parse(iso), granularity, 'location-based').energyKWh;

describe('emissions model', () => {
  it('follows office hours, nights and weekends in local time', () => {
    const site = office();
    // Wednesday 2024-03-06: 11:00 Paris = 10:00 UTC; 03:00 Paris = 02:00 UTC.
    expect(energy(site, '2024-03-06T10:00:00Z')).toBeGreaterThan(2 * energy(site, '2024-03-06T02:00:00Z'));
    // Saturday 2024-03-09 at the same local hour.
    expect(energy(site, '2024-03-06T10:00:00Z')).toBeGreaterThan(2 * energy(site, '2024-03-09T10:00:00Z'));
  });

  it('uses more energy in winter than in spring for a heated site', () => {
    const site = office();
    expect(energy(site, '2024-01-01T00:00:00Z', 'P1M')).toBeGreaterThan(
      energy(site, '2024-04-01T00:00:00Z', 'P1M'),
    );
  });

  it('varies the grid factor by hour', () => {
    const site = office();
    const factors = Array.from(
      { length: 24 },
      (_, h) =>
        emissionPoint(42, site, Date.parse('2024-03-06T00:00:00Z') + h * 3_600_000, 'PT1H', 'location-based')
          .factor,
    );
    expect(new Set(factors).size).toBeGreaterThan(12);
    expect(Math.max(...factors)).toBeGreaterThan(1.2 * Math.min(...factors));
  });

  it('is a pure function of its inputs', () => {
    const a = emissionPoint(
      42,
      generateSite(42, 5),
      Date.parse('2024-07-01T00:00:00Z'),
      'P1D',
      'market-based',
    );
    const b = emissionPoint(
      42,
      generateSite(42, 5),
      Date.parse('2024-07-01T00:00:00Z'),
      'P1D',
      'market-based',
    );
    expect(a).toEqual(b);
  });
});

describe('emissions query validation', () => {
  it('applies the defaults', () => {
    expect(validateEmissionsQuery({})).toEqual({
      ok: true,
      value: {
        from: undefined,
        to: undefined,
        granularity: 'PT15M',
        method: 'location-based',
        page: 1,
        pageSize: 500,
      },
    });
  });

  it('accepts offsets and fractions of a second', () => {
    const result = validateEmissionsQuery({
      from: '2024-01-01T01:00:00.5+01:00',
      to: '2024-01-01T01:00:00-05:30',
    });
    expect(result).toMatchObject({ ok: true, value: { from: Date.parse('2024-01-01T00:00:00.500Z') } });
  });
});
