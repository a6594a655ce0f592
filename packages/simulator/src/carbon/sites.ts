/**
 * The Carbon API's sites: generated from the seed, so two simulators with the same seed serve the same
 * portfolio. Each site carries, besides the public Site fields, the private traits the emissions model
 * needs (how it uses energy, its market-based contract, on-site generation).
 */
import { Random, round } from '../shared/random.js';

export interface Site {
  id: string;
  name: string;
  type: string;
  sourceSystemId: string;
  metadata: { grossArea: number; buildingOccupants: number; weeklyOperatingHours: number };
  postalAddress: {
    address: string;
    city: string;
    countryIsoCode: string;
    zipCode: string;
    stateProvince: string;
    timezone: string;
    coordinates: { latitude: number; longitude: number };
  };
}

export type SiteType =
  'office' | 'retail' | 'warehouse' | 'manufacturing' | 'data-center' | 'hospital' | 'school' | 'hotel';

export interface SiteModel {
  site: Site;
  siteType: SiteType;
  /** Mean electrical load in kW before the daily and seasonal shapes. */
  meanLoadKw: number;
  /** Market-based factor relative to the location-based one (green contracts < 1, residual mix > 1). */
  marketRatio: number;
  /**
   * Multiplier on the grid factor for sites that run fossil on-site generation; it makes their intensity
   * sit well above the national rate, which is what threshold alerts look for.
   */
  onsiteGeneration: number;
}

interface City {
  city: string;
  countryIsoCode: string;
  stateProvince: string;
  zipCode: string;
  timezone: string;
  latitude: number;
  longitude: number;
  streets: string[];
}

const city = (
  name: string,
  countryIsoCode: string,
  stateProvince: string,
  zipCode: string,
  timezone: string,
  latitude: number,
  longitude: number,
  streets: string[],
): City => ({ city: name, countryIsoCode, stateProvince, zipCode, timezone, latitude, longitude, streets });

const CITIES: readonly City[] = [
  city('Paris', 'FR', 'Île-de-France', '75008', 'Europe/Paris', 48.8738, 2.295, [
    'Avenue de Wagram',
    'Rue de Rivoli',
  ]),
  city('Lyon', 'FR', 'Auvergne-Rhône-Alpes', '69003', 'Europe/Paris', 45.7606, 4.859, ['Rue de la Villette']),
  city('Grenoble', 'FR', 'Auvergne-Rhône-Alpes', '38000', 'Europe/Paris', 45.1885, 5.7245, [
    'Avenue Félix Viallet',
  ]),
  city('Berlin', 'DE', 'Berlin', '10117', 'Europe/Berlin', 52.52, 13.405, [
    'Friedrichstraße',
    'Unter den Linden',
  ]),
  city('Munich', 'DE', 'Bavaria', '80331', 'Europe/Berlin', 48.1374, 11.5755, ['Sendlinger Straße']),
  city('London', 'GB', 'England', 'EC2M 2PP', 'Europe/London', 51.5155, -0.0922, ['Bishopsgate', 'Moorgate']),
  city('Manchester', 'GB', 'England', 'M1 1AD', 'Europe/London', 53.4808, -2.2426, ['Portland Street']),
  city('Madrid', 'ES', 'Community of Madrid', '28046', 'Europe/Madrid', 40.453, -3.6883, [
    'Paseo de la Castellana',
  ]),
  city('Barcelona', 'ES', 'Catalonia', '08019', 'Europe/Madrid', 41.4036, 2.1744, ['Carrer de Pujades']),
  city('Milan', 'IT', 'Lombardy', '20124', 'Europe/Rome', 45.4842, 9.2042, ['Via Vittor Pisani']),
  city('Amsterdam', 'NL', 'North Holland', '1082 MS', 'Europe/Amsterdam', 52.3383, 4.8726, [
    'Gustav Mahlerlaan',
  ]),
  city('Brussels', 'BE', 'Brussels-Capital', '1000', 'Europe/Brussels', 50.8467, 4.3525, ['Rue de la Loi']),
  city('Stockholm', 'SE', 'Stockholm County', '111 52', 'Europe/Stockholm', 59.3326, 18.0649, ['Vasagatan']),
  city('Oslo', 'NO', 'Oslo', '0150', 'Europe/Oslo', 59.9111, 10.7528, ['Dronning Eufemias gate']),
  city('Copenhagen', 'DK', 'Capital Region', '1577', 'Europe/Copenhagen', 55.6761, 12.5683, [
    'Kalvebod Brygge',
  ]),
  city('Helsinki', 'FI', 'Uusimaa', '00100', 'Europe/Helsinki', 60.1699, 24.9384, ['Mannerheimintie']),
  city('Warsaw', 'PL', 'Masovian', '00-124', 'Europe/Warsaw', 52.2297, 21.0122, ['Rondo ONZ']),
  city('Vienna', 'AT', 'Vienna', '1010', 'Europe/Vienna', 48.2082, 16.3738, ['Schottenring']),
  city('Zurich', 'CH', 'Zurich', '8001', 'Europe/Zurich', 47.3769, 8.5417, ['Bahnhofstrasse']),
  city('Dublin', 'IE', 'Leinster', 'D02 X285', 'Europe/Dublin', 53.3498, -6.2603, [
    'Sir John Rogerson’s Quay',
  ]),
  city('Lisbon', 'PT', 'Lisbon', '1050-094', 'Europe/Lisbon', 38.7223, -9.1393, ['Avenida da República']),
  city('Prague', 'CZ', 'Prague', '110 00', 'Europe/Prague', 50.0755, 14.4378, ['Na Příkopě']),
  city('Boston', 'US', 'MA', '02210', 'America/New_York', 42.3467, -71.0428, ['Summer Street']),
  city('Chicago', 'US', 'IL', '60606', 'America/Chicago', 41.8827, -87.6233, ['West Wacker Drive']),
  city('Austin', 'US', 'TX', '78701', 'America/Chicago', 30.2672, -97.7431, ['Congress Avenue']),
  city('San Jose', 'US', 'CA', '95113', 'America/Los_Angeles', 37.3382, -121.8863, [
    'West Santa Clara Street',
  ]),
  city('Toronto', 'CA', 'Ontario', 'M5J 2N8', 'America/Toronto', 43.6426, -79.3871, ['Bremner Boulevard']),
  city('Monterrey', 'MX', 'Nuevo León', '64000', 'America/Monterrey', 25.6866, -100.3161, [
    'Avenida Constitución',
  ]),
  city('São Paulo', 'BR', 'SP', '04578-000', 'America/Sao_Paulo', -23.5505, -46.6333, ['Avenida Paulista']),
  city('Santiago', 'CL', 'Santiago Metropolitan', '7550000', 'America/Santiago', -33.4489, -70.6693, [
    'Avenida Apoquindo',
  ]),
  city('Shanghai', 'CN', 'Shanghai', '200120', 'Asia/Shanghai', 31.2304, 121.4737, ['Century Avenue']),
  city('Bengaluru', 'IN', 'Karnataka', '560066', 'Asia/Kolkata', 12.9716, 77.5946, ['Whitefield Main Road']),
  city('Tokyo', 'JP', 'Tokyo', '100-0005', 'Asia/Tokyo', 35.6812, 139.7671, ['Marunouchi']),
  city('Seoul', 'KR', 'Seoul', '04524', 'Asia/Seoul', 37.5665, 126.978, ['Sejong-daero']),
  city('Sydney', 'AU', 'NSW', '2000', 'Australia/Sydney', -33.8688, 151.2093, ['George Street']),
  city('Auckland', 'NZ', 'Auckland', '1010', 'Pacific/Auckland', -36.8485, 174.7633, ['Queen Street']),
  city('Johannesburg', 'ZA', 'Gauteng', '2196', 'Africa/Johannesburg', -26.1076, 28.0567, ['Rivonia Road']),
  city('Singapore', 'SG', 'Singapore', '018956', 'Asia/Singapore', 1.2834, 103.8607, ['Marina Boulevard']),
  city('Dubai', 'AE', 'Dubai', '00000', 'Asia/Dubai', 25.2048, 55.2708, ['Sheikh Zayed Road']),
];

interface TypeTraits {
  names: string[];
  area: [number, number];
  /** Energy use intensity, kWh per m² per year. */
  eui: number;
  /** m² per occupant. */
  areaPerOccupant: number;
  weeklyOperatingHours: number;
}

const TYPES: Record<SiteType, TypeTraits> = {
  office: {
    names: ['Headquarters', 'Office Tower', 'Business Center'],
    area: [2000, 25000],
    eui: 190,
    areaPerOccupant: 14,
    weeklyOperatingHours: 55,
  },
  retail: {
    names: ['Store', 'Shopping Center'],
    area: [1500, 12000],
    eui: 300,
    areaPerOccupant: 45,
    weeklyOperatingHours: 84,
  },
  warehouse: {
    names: ['Distribution Center', 'Logistics Hub'],
    area: [8000, 60000],
    eui: 95,
    areaPerOccupant: 250,
    weeklyOperatingHours: 80,
  },
  manufacturing: {
    names: ['Plant', 'Assembly Factory'],
    area: [10000, 80000],
    eui: 480,
    areaPerOccupant: 90,
    weeklyOperatingHours: 112,
  },
  'data-center': {
    names: ['Data Center'],
    area: [2000, 15000],
    eui: 3200,
    areaPerOccupant: 400,
    weeklyOperatingHours: 168,
  },
  hospital: {
    names: ['Hospital', 'Medical Center'],
    area: [10000, 60000],
    eui: 420,
    areaPerOccupant: 30,
    weeklyOperatingHours: 168,
  },
  school: {
    names: ['Campus', 'Training Center'],
    area: [4000, 20000],
    eui: 120,
    areaPerOccupant: 10,
    weeklyOperatingHours: 50,
  },
  hotel: { names: ['Hotel'], area: [5000, 30000], eui: 280, areaPerOccupant: 35, weeklyOperatingHours: 168 },
};

const SITE_TYPES = Object.keys(TYPES) as SiteType[];
const SOURCE_SYSTEMS = ['eeh', 'pme', 'ebo', 'rmt'];

/**
 * The 1-based site numbers that burn fuel on site. Fixed numbers (not drawn) so demos and tests can rely on
 * `site-0003` and `site-0008` sitting well above their country's global rate whatever the seed.
 */
export const HIGH_EMITTER_MULTIPLIERS: Readonly<Record<number, number>> = { 3: 1.9, 8: 1.6 };

export const siteId = (index: number): string => `site-${String(index).padStart(4, '0')}`;

export function generateSite(seed: number, index: number): SiteModel {
  const random = new Random(seed, 'site', index);
  const place = random.pick(CITIES);
  const siteType = random.pick(SITE_TYPES);
  const traits = TYPES[siteType];
  const grossArea = Math.round(random.range(traits.area[0], traits.area[1]) / 50) * 50;
  const buildingOccupants = Math.max(
    5,
    Math.round(grossArea / traits.areaPerOccupant / random.range(0.8, 1.2)),
  );
  const annualKWh = grossArea * traits.eui * random.range(0.8, 1.2);
  const green = random.next() < 0.4;
  const marketRatio = round(green ? random.range(0.05, 0.3) : random.range(1.05, 1.35), 3);
  const street = random.pick(place.streets);
  return {
    site: {
      id: siteId(index),
      name: `${place.city} ${random.pick(traits.names)}`,
      type: siteType,
      sourceSystemId: `${random.pick(SOURCE_SYSTEMS)}:${random.int(0x1000_0000, 0xffff_ffff).toString(16)}`,
      metadata: { grossArea, buildingOccupants, weeklyOperatingHours: traits.weeklyOperatingHours },
      postalAddress: {
        address: `${random.int(1, 240)} ${street}`,
        city: place.city,
        countryIsoCode: place.countryIsoCode,
        zipCode: place.zipCode,
        stateProvince: place.stateProvince,
        timezone: place.timezone,
        // Spread sites of one city over a few kilometres so maps do not stack them.
        coordinates: {
          latitude: round(place.latitude + random.range(-0.03, 0.03), 5),
          longitude: round(place.longitude + random.range(-0.03, 0.03), 5),
        },
      },
    },
    siteType,
    meanLoadKw: annualKWh / 8760,
    marketRatio,
    onsiteGeneration: HIGH_EMITTER_MULTIPLIERS[index] ?? 1,
  };
}

export function generateSites(seed: number, count: number): SiteModel[] {
  const seen = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const model = generateSite(seed, i + 1);
    // Two sites of one kind in one city are told apart the way portfolios usually do it: by number.
    const times = (seen.get(model.site.name) ?? 0) + 1;
    seen.set(model.site.name, times);
    if (times > 1) model.site.name = `${model.site.name} ${times}`;
    return model;
  });
}
