/**
 * National grid carbon intensities (lifecycle, gCO2e/kWh) by year. The figures are modelled on published
 * national averages (anchors for 1990, 2010 and 2023, linear in between, a steady decline afterwards) so
 * comparisons look plausible; they are simulator data, not an authoritative source.
 */

export interface GridProfile {
  countryIsoCode: string;
  zone: string;
  /** Anchor intensities in gCO2e/kWh. */
  v1990: number;
  v2010: number;
  v2023: number;
  /** How much solar lowers the intensity around local noon (0..1). */
  solar: number;
  /** How much winter demand raises the intensity (0..1). */
  winter: number;
  /** How much the evening peak raises the intensity (0..1). */
  eveningPeak: number;
}

export interface GlobalRate {
  countryIsoCode: string;
  zone: string;
  period: string;
  value: number;
  unit: 'gCO2e/kWh';
  emissionFactorType: 'lifecycle';
  source: string;
}

export const FIRST_RATE_YEAR = 1990;
export const RATE_SOURCE = 'EcoStruxure simulator reference grid intensities (modelled on national averages)';

const grid = (
  countryIsoCode: string,
  zone: string,
  [v1990, v2010, v2023]: [number, number, number],
  solar: number,
  winter: number,
  eveningPeak: number,
): GridProfile => ({ countryIsoCode, zone, v1990, v2010, v2023, solar, winter, eveningPeak });

export const GRID_PROFILES: readonly GridProfile[] = [
  grid('AE', 'United Arab Emirates', [650, 520, 402], 0.08, 0, 0.05),
  grid('AT', 'Austria', [250, 200, 158], 0.12, 0.2, 0.08),
  grid('AU', 'Australia', [900, 850, 549], 0.3, 0.05, 0.12),
  grid('BE', 'Belgium', [360, 250, 167], 0.12, 0.15, 0.1),
  grid('BR', 'Brazil', [60, 90, 98], 0.1, 0.02, 0.1),
  grid('CA', 'Canada', [210, 170, 128], 0.03, 0.12, 0.06),
  grid('CH', 'Switzerland', [50, 50, 45], 0.08, 0.15, 0.05),
  grid('CL', 'Chile', [400, 430, 291], 0.3, 0.05, 0.12),
  grid('CN', 'China', [950, 760, 582], 0.1, 0.06, 0.06),
  grid('CZ', 'Czechia', [800, 650, 449], 0.08, 0.1, 0.06),
  grid('DE', 'Germany', [760, 560, 381], 0.25, 0.15, 0.1),
  grid('DK', 'Denmark', [880, 390, 151], 0.1, 0.2, 0.12),
  grid('ES', 'Spain', [460, 270, 174], 0.35, 0.05, 0.15),
  grid('FI', 'Finland', [270, 230, 79], 0.03, 0.25, 0.06),
  grid('FR', 'France', [110, 90, 56], 0.1, 0.35, 0.15),
  grid('GB', 'United Kingdom', [770, 500, 238], 0.12, 0.15, 0.15),
  grid('IE', 'Ireland', [800, 480, 282], 0.05, 0.12, 0.12),
  grid('IN', 'India', [900, 780, 713], 0.12, 0.02, 0.05),
  grid('IT', 'Italy', [590, 420, 331], 0.22, 0.06, 0.1),
  grid('JP', 'Japan', [450, 430, 485], 0.15, 0.08, 0.06),
  grid('KR', 'South Korea', [500, 500, 436], 0.06, 0.06, 0.05),
  grid('MX', 'Mexico', [600, 480, 423], 0.12, 0.02, 0.08),
  grid('NL', 'Netherlands', [640, 480, 268], 0.25, 0.12, 0.1),
  grid('NO', 'Norway', [30, 30, 30], 0.02, 0.1, 0.03),
  grid('NZ', 'New Zealand', [110, 160, 112], 0.05, 0.15, 0.1),
  grid('PL', 'Poland', [1020, 870, 662], 0.1, 0.08, 0.05),
  grid('PT', 'Portugal', [520, 300, 165], 0.3, 0.08, 0.12),
  grid('SE', 'Sweden', [40, 45, 41], 0.03, 0.2, 0.05),
  grid('SG', 'Singapore', [800, 500, 470], 0.03, 0, 0.03),
  grid('US', 'United States', [640, 560, 369], 0.15, 0.06, 0.1),
  grid('ZA', 'South Africa', [920, 890, 709], 0.08, 0.05, 0.06),
];

const BY_CODE = new Map(GRID_PROFILES.map((profile) => [profile.countryIsoCode, profile]));

export function gridProfile(countryIsoCode: string): GridProfile | undefined {
  return BY_CODE.get(countryIsoCode);
}

/** The country's average intensity for a year (gCO2e/kWh, one decimal). */
export function annualIntensity(profile: GridProfile, year: number): number {
  const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;
  let value: number;
  if (year <= 1990) value = profile.v1990;
  else if (year <= 2010) value = lerp(profile.v1990, profile.v2010, (year - 1990) / 20);
  else if (year <= 2023) value = lerp(profile.v2010, profile.v2023, (year - 2010) / 13);
  // Grids keep decarbonising after the last anchor, more slowly where they are already clean.
  else value = profile.v2023 * (1 - (profile.v2023 > 100 ? 0.025 : 0.01)) ** (year - 2023);
  return Math.round(value * 10) / 10;
}

export function globalRate(profile: GridProfile, year: number): GlobalRate {
  return {
    countryIsoCode: profile.countryIsoCode,
    zone: profile.zone,
    period: String(year),
    value: annualIntensity(profile, year),
    unit: 'gCO2e/kWh',
    emissionFactorType: 'lifecycle',
    source: RATE_SOURCE,
  };
}
