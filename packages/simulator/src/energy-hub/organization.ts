/**
 * The Energy Hub organization model, generated from the seed: Region > Site > Building > Floor > Area >
 * Space, with a Gateway and a VirtualDevice (the building's total, computed from its meters) per
 * building, a Panelboard (feeding breaker Devices) and a Zone per floor, Meters in the areas, and a
 * Production Line on the ground floor of plants and distribution centers: every organization level seed
 * 002's data model names. Region IDs are `region-1`, `region-2`, ... (access permissions name them); other
 * IDs are `<level>-<n>` in kebab case (`production-line-1`), numbered in creation order.
 */
import { Random } from '../shared/random.js';

export const CONCEPT_LEVELS = [
  'Region',
  'Site',
  'Building',
  'Floor',
  'Area',
  'Space',
  'ProductionLine',
  'Zone',
  'Meter',
  'Panelboard',
  'Device',
  'VirtualDevice',
  'Gateway',
] as const;
export type ConceptLevel = (typeof CONCEPT_LEVELS)[number];
export const concept = (level: ConceptLevel): string => `urn:se:eedm:concept:${level}`;
/** `ProductionLine` -> `production-line`: the prefix of a thing's ID. */
const idPrefix = (level: ConceptLevel): string => level.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

export interface PropertyValue {
  name: string;
  value: string | null;
  unit: string | null;
}

export interface MeasurementSpec {
  name: string;
  unit: string;
}

export interface ThingRecord {
  id: string;
  name: string;
  level: ConceptLevel;
  concept: string;
  properties: PropertyValue[];
  parentId: string | null;
  childIds: string[];
  /** Position in depth-first order: the stable order of `things` and the key of its cursors. */
  order: number;
  /** The site's time zone, for load shapes of everything below a site. */
  timezone: string;
  /** Mean load in kW of a meter's circuit (0 for things that do not meter). */
  meanLoadKw: number;
  measurements: MeasurementSpec[];
}

export interface Organization {
  id: string;
  name: string;
  /** Every thing, in depth-first order. */
  things: ThingRecord[];
  byId: ReadonlyMap<string, ThingRecord>;
  rootIds: string[];
}

interface SiteSpec {
  city: string;
  country: string;
  timezone: string;
  latitude: number;
  longitude: number;
}

const REGIONS: { name: string; sites: SiteSpec[] }[] = [
  {
    name: 'Europe',
    sites: [
      { city: 'Grenoble', country: 'FR', timezone: 'Europe/Paris', latitude: 45.1885, longitude: 5.7245 },
      { city: 'Barcelona', country: 'ES', timezone: 'Europe/Madrid', latitude: 41.4036, longitude: 2.1744 },
      { city: 'Munich', country: 'DE', timezone: 'Europe/Berlin', latitude: 48.1374, longitude: 11.5755 },
      { city: 'Manchester', country: 'GB', timezone: 'Europe/London', latitude: 53.4808, longitude: -2.2426 },
    ],
  },
  {
    name: 'North America',
    sites: [
      { city: 'Boston', country: 'US', timezone: 'America/New_York', latitude: 42.3467, longitude: -71.0428 },
      { city: 'Austin', country: 'US', timezone: 'America/Chicago', latitude: 30.2672, longitude: -97.7431 },
      { city: 'Toronto', country: 'CA', timezone: 'America/Toronto', latitude: 43.6426, longitude: -79.3871 },
    ],
  },
  {
    name: 'Asia Pacific',
    sites: [
      { city: 'Singapore', country: 'SG', timezone: 'Asia/Singapore', latitude: 1.2834, longitude: 103.8607 },
      {
        city: 'Sydney',
        country: 'AU',
        timezone: 'Australia/Sydney',
        latitude: -33.8688,
        longitude: 151.2093,
      },
      { city: 'Bengaluru', country: 'IN', timezone: 'Asia/Kolkata', latitude: 12.9716, longitude: 77.5946 },
    ],
  },
];

const SITE_KINDS = ['Campus', 'Plant', 'Distribution Center', 'Office'];
const AREA_USES = [
  'Open office',
  'Meeting rooms',
  'Server room',
  'Production',
  'Storage',
  'Cafeteria',
  'Lobby',
];
const METER_MODELS = ['PowerLogic PM5560', 'PowerLogic PM8000', 'iEM3455'];
/** Site kinds that run a production or sorting line. */
const LINE_SITE_KINDS: Readonly<Record<string, string>> = {
  Plant: 'Assembly line',
  'Distribution Center': 'Sorting line',
};
const ZONE_SIDES = ['North', 'South', 'East', 'West'];
const VIRTUAL_MEASUREMENTS: MeasurementSpec[] = [
  { name: 'ActivePower', unit: 'kW' },
  { name: 'ActiveEnergy', unit: 'kWh' },
];
const BREAKER_MODELS = ['ComPacT NSX250', 'MasterPacT MTZ2', 'Acti9 iC60'];

const METER_MEASUREMENTS: MeasurementSpec[] = [
  { name: 'ActivePower', unit: 'kW' },
  { name: 'ActiveEnergy', unit: 'kWh' },
  { name: 'Voltage', unit: 'V' },
  { name: 'Current', unit: 'A' },
  { name: 'PowerFactor', unit: '' },
];
const DEVICE_MEASUREMENTS: MeasurementSpec[] = [
  { name: 'Current', unit: 'A' },
  { name: 'Temperature', unit: '°C' },
];

const prop = (name: string, value: string | number, unit: string | null = null): PropertyValue => ({
  name,
  value: String(value),
  unit,
});

type AddThing = (
  level: ConceptLevel,
  name: string,
  parent: ThingRecord | null,
  properties: PropertyValue[],
  extra?: Partial<Pick<ThingRecord, 'timezone' | 'meanLoadKw' | 'measurements'>>,
) => ThingRecord;

/** Where the generator draws from: `random` for the first levels, `levels` for the ones added later. */
interface Draws {
  random: Random;
  levels: Random;
}

export function generateOrganization(seed: number): Organization {
  const draws: Draws = {
    random: new Random(seed, 'energy-hub-organization'),
    // The levels added later draw from their own stream, so the things that existed before keep their values.
    levels: new Random(seed, 'energy-hub-organization-levels'),
  };
  const { random } = draws;
  const things: ThingRecord[] = [];
  const add = thingAdder(things);
  for (const regionSpec of REGIONS) {
    const region = add('Region', regionSpec.name, null, [prop('siteCount', regionSpec.sites.length)]);
    for (const spec of regionSpec.sites) {
      const siteKind = random.pick(SITE_KINDS);
      const site = add(
        'Site',
        `${spec.city} ${siteKind}`,
        region,
        [
          prop('city', spec.city),
          prop('countryIsoCode', spec.country),
          prop('timezone', spec.timezone),
          prop('latitude', spec.latitude, 'deg'),
          prop('longitude', spec.longitude, 'deg'),
        ],
        { timezone: spec.timezone },
      );
      const buildings = random.int(1, 2);
      for (let b = 1; b <= buildings; b += 1) addBuilding(add, draws, { site, spec, siteKind }, b);
    }
  }
  return {
    id: 'organization-1',
    name: 'Demo Customer',
    things,
    byId: new Map(things.map((thing) => [thing.id, thing])),
    rootIds: things.filter((thing) => thing.parentId === null).map((thing) => thing.id),
  };
}

/** Adds things to `things` in order, numbering each level's IDs from 1. */
function thingAdder(things: ThingRecord[]): AddThing {
  const counters = new Map<ConceptLevel, number>();
  return (level, name, parent, properties, extra = {}) => {
    const n = (counters.get(level) ?? 0) + 1;
    counters.set(level, n);
    const thing: ThingRecord = {
      id: `${idPrefix(level)}-${n}`,
      name,
      level,
      concept: concept(level),
      properties,
      parentId: parent?.id ?? null,
      childIds: [],
      order: things.length,
      timezone: extra.timezone ?? parent?.timezone ?? 'UTC',
      meanLoadKw: extra.meanLoadKw ?? 0,
      measurements: extra.measurements ?? [],
    };
    parent?.childIds.push(thing.id);
    things.push(thing);
    return thing;
  };
}

interface SiteOf {
  site: ThingRecord;
  spec: SiteSpec;
  siteKind: (typeof SITE_KINDS)[number];
}

/** One building of a site: its gateway, its floors, and a virtual meter summing its meters. */
function addBuilding(add: AddThing, draws: Draws, at: SiteOf, b: number): void {
  const { random } = draws;
  const { spec } = at;
  const building = add('Building', `${spec.city} Building ${String.fromCharCode(64 + b)}`, at.site, [
    prop('grossArea', Math.round(random.range(3000, 20000) / 100) * 100, 'm2'),
    prop('yearBuilt', random.int(1975, 2020)),
  ]);
  add('Gateway', `${building.name} Panel Server`, building, [
    prop('model', 'EcoStruxure Panel Server PAS600'),
    prop('ipAddress', `10.${random.int(1, 250)}.${random.int(0, 255)}.${random.int(2, 254)}`),
    prop('firmwareVersion', `2.${random.int(0, 4)}.${random.int(0, 9)}`),
  ]);
  const floors = random.int(2, 3);
  const buildingMeters: ThingRecord[] = [];
  for (let f = 0; f < floors; f += 1) addFloor(add, draws, { ...at, building, buildingMeters }, f);
  // A virtual meter: what the building draws, summed from its meters rather than measured.
  add(
    'VirtualDevice',
    `${building.name} total consumption`,
    building,
    [
      prop('formula', buildingMeters.map((meter) => meter.id).join(' + ')),
      prop('sources', buildingMeters.length),
    ],
    {
      meanLoadKw: buildingMeters.reduce((sum, meter) => sum + meter.meanLoadKw, 0),
      measurements: VIRTUAL_MEASUREMENTS,
    },
  );
}

interface BuildingOf extends SiteOf {
  building: ThingRecord;
  /** Every meter of the building, for its virtual meter. */
  buildingMeters: ThingRecord[];
}

/** One floor: its panelboard and feeders, two areas, an HVAC zone, and on the ground floor a line. */
function addFloor(add: AddThing, draws: Draws, at: BuildingOf, f: number): void {
  const { random, levels } = draws;
  const { building, spec } = at;
  const floor = add('Floor', f === 0 ? 'Ground floor' : `Floor ${f}`, building, [prop('level', f)]);
  const panel = add('Panelboard', `Panelboard ${building.name.slice(-1)}${f}`, floor, [
    prop('ratedCurrent', random.pick([250, 400, 630]), 'A'),
    prop('voltage', spec.country === 'US' || spec.country === 'CA' ? 480 : 400, 'V'),
  ]);
  const breakers = random.int(1, 2);
  for (let d = 1; d <= breakers; d += 1) {
    add(
      'Device',
      `${panel.name} feeder Q${d}`,
      panel,
      [prop('model', random.pick(BREAKER_MODELS)), prop('ratedCurrent', random.pick([63, 160, 250]), 'A')],
      { meanLoadKw: random.range(10, 60), measurements: DEVICE_MEASUREMENTS },
    );
  }
  const areas = 2;
  for (let a = 1; a <= areas; a += 1) addArea(add, draws, { floor, f, a, buildingMeters: at.buildingMeters });
  add('Zone', `${floor.name} HVAC zone ${levels.pick(ZONE_SIDES)}`, floor, [
    prop('setpoint', levels.int(19, 24), '°C'),
  ]);
  const line = LINE_SITE_KINDS[at.siteKind];
  if (f === 0 && line !== undefined) {
    add('ProductionLine', `${building.name} ${line}`, floor, [
      prop('ratedThroughput', levels.int(40, 400), 'units/h'),
      prop('shifts', levels.int(1, 3)),
    ]);
  }
}

/** One area of a floor: its meters (kept for the building's virtual meter) and a room. */
function addArea(
  add: AddThing,
  { random, levels }: Draws,
  at: { floor: ThingRecord; f: number; a: number; buildingMeters: ThingRecord[] },
): void {
  const { floor, f, a } = at;
  const use = random.pick(AREA_USES);
  const area = add('Area', `${floor.name} ${use}`, floor, [
    prop('usage', use),
    prop('area', random.int(150, 1200), 'm2'),
  ]);
  const meters = random.int(1, 2);
  for (let m = 1; m <= meters; m += 1) {
    const meter = add(
      'Meter',
      `${area.name} ${m === 1 ? 'lighting & power' : 'HVAC'} meter`,
      area,
      [
        prop('model', random.pick(METER_MODELS)),
        prop('serialNumber', `SN${random.int(10_000_000, 99_999_999)}`),
      ],
      { meanLoadKw: random.range(8, 80), measurements: METER_MEASUREMENTS },
    );
    at.buildingMeters.push(meter);
  }
  add('Space', `Room ${f}.${String(a).padStart(2, '0')}`, area, [
    prop('usage', use),
    prop('capacity', levels.int(4, 40), 'people'),
  ]);
}

/** The IDs a permission list makes visible: the named things and everything below them. */
export function visibleThingIds(
  organization: Organization,
  permissions: 'all' | readonly string[],
): Set<string> {
  if (permissions === 'all') return new Set(organization.byId.keys());
  const visible = new Set<string>();
  const stack = permissions.filter((id) => organization.byId.has(id));
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || visible.has(id)) continue;
    visible.add(id);
    stack.push(...(organization.byId.get(id)?.childIds ?? []));
  }
  return visible;
}

/** True when `id` is `ancestorId` or lies below it. */
export function isWithin(organization: Organization, id: string, ancestorId: string): boolean {
  for (
    let current: string | null = id;
    current !== null;
    current = organization.byId.get(current)?.parentId ?? null
  ) {
    if (current === ancestorId) return true;
  }
  return false;
}
