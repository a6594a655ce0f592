/**
 * Example output items and example errors for the node reference, produced by core's operations against the
 * simulator rather than written by hand, so they change when the operations do. The simulator's clock is
 * pinned to a fixed instant and every call reads data that no longer moves at that instant (a closed range,
 * ended alarms), so two runs give the same text.
 */
import * as core from '../../packages/core/dist/index.js';
import { createUndiciTransport, nodeRuntime } from '../../packages/core/dist/node/index.js';
import { DEMO_CREDENTIALS, startSimulator } from '../../packages/simulator/dist/index.js';

/** The instant the examples are taken at (the simulator's clock and core's both read it). */
export const EXAMPLE_INSTANT = '2026-06-15T12:30:00.000Z';
const DAY_BEFORE = '2026-06-14T12:30:00.000Z';

/**
 * One entry per operation: how to call it for a good example, and with which wrong input to show the
 * validation error a user meets first.
 */
const OPERATIONS = [
  {
    name: 'listSites',
    api: 'carbon',
    good: { returnAll: false, limit: 1 },
    bad: { limit: 0, returnAll: false },
  },
  { name: 'getSite', api: 'carbon', good: { siteId: 'site-0001' }, bad: {} },
  {
    name: 'getEmissions',
    api: 'carbon',
    good: {
      siteId: 'site-0001',
      range: 'custom',
      from: '2026-06-01T00:00:00Z',
      to: '2026-06-01T01:00:00Z',
      granularity: 'PT1H',
    },
    bad: { siteId: 'site-0001', range: 'custom', from: '2026-06-02T00:00:00Z', to: '2026-06-01T00:00:00Z' },
  },
  {
    name: 'getGlobalRates',
    api: 'carbon',
    good: { countryIsoCode: 'FR', year: 2025 },
    bad: { countryIsoCode: 'France' },
  },
  {
    name: 'compareToGridRate',
    api: 'carbon',
    good: { siteIds: 'site-0003', thresholdPercent: 25, granularity: 'PT1H', year: 2025 },
    bad: { thresholdPercent: 'a lot' },
  },
  {
    name: 'getEmissionsReport',
    api: 'carbon',
    good: { siteIds: 'site-0001', period: 'month', year: 2026, month: 5 },
    bad: { period: 'month', month: 13 },
    about:
      "`completenessPercent` is `intervalsReceived` ÷ `intervalsExpected` × 100: the intervals that arrived with a value against those the bucket must hold (in the site's time zone, or the one chosen) and that have ended, counted and never estimated, the missing runs in `gaps`. Every column with its unit: [the emissions report](emissions-report.md#columns); [what completeness means](emissions-report.md#what-completeness-means).",
  },
  {
    name: 'listAlarms',
    api: 'energyHub',
    good: { active: false, startedAfter: DAY_BEFORE, returnAll: false, limit: 1 },
    bad: { startedAfter: 'yesterday' },
  },
  { name: 'getOrganization', api: 'energyHub', good: { depth: 1 }, bad: { depth: 20 } },
  { name: 'getThing', api: 'energyHub', good: { thingId: 'site-1' }, bad: {} },
  {
    name: 'listThings',
    api: 'energyHub',
    good: { concept: 'Building', returnAll: false, limit: 1 },
    bad: { returnAll: false, limit: -5 },
  },
  {
    name: 'runQuery',
    api: 'energyHub',
    good: { query: 'query Regions { organization { name children { id name concept } } }' },
    bad: { query: 'query { organization { name }' },
  },
  {
    name: 'customRequest',
    api: 'carbon',
    good: { api: 'carbon', method: 'GET', path: '/sites/site-0002' },
    bad: { api: 'carbon', method: 'GET', path: 'https://example.com/sites' },
  },
  {
    name: 'pollEmissionThreshold',
    api: 'carbon',
    good: { siteIds: 'site-0003', metric: 'percentAboveGlobalRate', above: 25, granularity: 'PT1H' },
    bad: { metric: 'loudness', above: 1 },
  },
  {
    name: 'pollNewEmissions',
    api: 'carbon',
    good: { siteIds: 'site-0001', granularity: 'PT1H' },
    bad: { siteIds: '' },
    // When the revision was made moves with the real clock.
    volatile: ['updatedAt'],
    // The first poll records where the site stands; an interval revised afterwards comes again as an update.
    async example(run, sim) {
      const first = await run(this.good);
      sim.control.reviseEmissionInterval({ siteId: 'site-0001', start: '2026-06-15T09:00:00Z', scale: 1.1 });
      try {
        return await run({ ...this.good, state: first.state });
      } finally {
        sim.control.clearEmissionEdits();
      }
    },
  },
  {
    name: 'pollAlarms',
    api: 'energyHub',
    good: { events: 'new' },
    bad: { events: 'exploded' },
    // The first poll only records which alarms exist; an alarm that starts afterwards is the event.
    async example(run, sim) {
      const first = await run(this.good);
      sim.control.injectAlarm({
        thingId: 'device-20',
        priority: 'high',
        category: 'Power quality',
        type: 'Unbalance',
      });
      return run({ ...this.good, state: first.state });
    },
    // The injected alarm starts at the simulator's "now", which moves by the milliseconds the run takes.
    volatile: ['startTime', 'durationSeconds'],
  },
];

/** Fields whose value is new on every run (request IDs, server dates); shown as a placeholder. */
const VOLATILE_FIELDS = new Set(['requestId', 'x-request-id', 'date', 'connection', 'keep-alive']);

function stable(value, volatile = VOLATILE_FIELDS) {
  if (Array.isArray(value)) return value.map((inner) => stable(inner, volatile));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        volatile.has(key) ? `<${key}>` : stable(inner, volatile),
      ]),
    );
  }
  return value;
}

function pinnedRuntime(skewMs) {
  return { ...nodeRuntime, now: () => nodeRuntime.now() + skewMs };
}

function clientsFor(sim, skewMs) {
  const shared = { baseUrl: sim.url, transport: createUndiciTransport(), runtime: pinnedRuntime(skewMs) };
  return {
    carbon: core.createEcoStruxureClient({
      ...shared,
      credentials: { kind: 'personalAccessToken', token: DEMO_CREDENTIALS.personalAccessToken.value },
    }),
    energyHub: core.createEcoStruxureClient({
      ...shared,
      credentials: {
        kind: 'clientCredentials',
        api: 'energyHub',
        clientId: DEMO_CREDENTIALS.accessClient.clientId,
        clientSecret: DEMO_CREDENTIALS.accessClient.clientSecret,
      },
    }),
  };
}

async function errorOf(run) {
  try {
    await run();
  } catch (error) {
    return { code: error.code, message: error.message, description: error.description, field: error.field };
  }
  return undefined;
}

/** Every operation's first output item and the error its wrong input gives, keyed by operation name. */
export async function collectExamples() {
  const skewMs = Date.parse(EXAMPLE_INSTANT) - Date.now();
  const sim = await startSimulator({ port: 0, seed: 42, clockSkewMs: skewMs });
  try {
    const clients = clientsFor(sim, skewMs);
    const examples = {};
    for (const operation of OPERATIONS) {
      const run = (params) => core[operation.name](clients[operation.api], params);
      const result = operation.example ? await operation.example(run, sim) : await run(operation.good);
      const volatile = new Set([...VOLATILE_FIELDS, ...(operation.volatile ?? [])]);
      examples[operation.name] = {
        params: operation.good,
        item: stable(result.items[0], volatile),
        badParams: operation.bad,
        error: await errorOf(() => run(operation.bad)),
        ...(operation.about ? { about: operation.about } : {}),
      };
    }
    return examples;
  } finally {
    await sim.close();
  }
}

const FIELD = 'FIELD';

/** What each error code means for the user, from core's own errors (their default advice). */
export function errorCatalogue() {
  const kinds = [
    ['VALIDATION_FAILED', () => new core.ValidationError({ message: 'x', field: FIELD })],
    ['AUTHENTICATION_FAILED', () => new core.AuthenticationError({ message: 'x' })],
    ['REAUTHORIZATION_REQUIRED', () => new core.ReauthorizationRequiredError({ message: 'x' })],
    ['PERMISSION_DENIED', () => new core.PermissionError({ message: 'x', status: 403 })],
    ['RATE_LIMITED', () => new core.RateLimitError({ message: 'x', status: 429 })],
    ['API_ERROR', () => new core.ApiError({ message: 'x', status: 404 })],
    ['NETWORK_ERROR', () => new core.NetworkError({ message: 'x' })],
    ['TIMEOUT', () => new core.TimeoutError({ message: 'x' })],
    ['GRAPHQL_ERROR', () => new core.GraphQLResponseError({ message: 'x', errors: [] })],
    ['INVALID_RESPONSE', () => new core.InvalidResponseError({ message: 'x' })],
  ];
  return kinds.map(([code, build]) => {
    const error = build();
    if (error.code !== code) throw new Error(`core's ${error.name} now has code ${error.code}, not ${code}`);
    const description = error.description.replace(`"${FIELD}"`, 'the field the message names');
    return { code, name: error.name, retryable: error.retryable, description };
  });
}
