/**
 * How each of our own choices in docs/api-contract.md (`[ours:<id>]`) is kept from blocking a user on
 * the real API: either core works whichever way the real API does it (`tolerated`, saying how), or an
 * option adapts to it (`options`, each listed in the contract's options table). contract-marks.test.ts
 * fails on a choice that is in neither group, and on an entry here that the contract no longer has.
 */
export type Handling = { tolerated: string } | { options: readonly string[] };

export const CONTRACT_CHOICES: Readonly<Record<string, Handling>> = {
  // §1 OAuth
  'oauth-metadata': { tolerated: 'core never reads it: every URL is an option (`endpoints`).' },
  introspection: { tolerated: 'core never calls it.' },
  'redirect-uri-matching': { tolerated: 'core sends the redirect URI the user registered, unchanged.' },
  pkce: { options: ['pkce'] },
  'authorize-errors': {
    tolerated: 'core reads any `error` on the callback (access_denied or another) as a typed error.',
  },
  'code-lifetime': {
    tolerated: 'core redeems a code at once; an expired or reused one is invalid_grant, told to start again.',
  },
  'basic-encoding': { options: ['basicCredentialsEncoding', 'clientAuthentication'] },
  'both-auth-methods': { tolerated: 'core sends the client credentials one way only.' },
  'refresh-scope': { tolerated: 'core refreshes without a scope unless asked.' },
  'default-scope': { options: ['scopes'] },
  'token-type': { tolerated: 'core takes a missing token_type as Bearer and ignores cache headers.' },
  'refresh-rotation': {
    tolerated: 'core keeps the old refresh token when none comes back and stores a rotated one first.',
  },
  'client-credentials-refresh': {
    tolerated:
      'core asks for a new client-credentials token when one expires and keeps a refresh token if one comes.',
  },
  'refresh-lifetime': {
    tolerated: 'core reads only expires_in; an expired refresh token is invalid_grant, told to reconnect.',
  },
  'token-format': { tolerated: 'core treats every token as opaque text.' },
  'token-errors': {
    tolerated: 'core maps the RFC 6749 codes and falls back on the status for anything else.',
  },
  'carbon-scope': { options: ['scopes'] },
  // §2, §3
  'consent-record': {
    tolerated: 'core never reads consent records (the consent JSON API is simulator only).',
  },
  'static-credential-scopes': { tolerated: 'a missing scope is a 403 PermissionError naming the scope.' },
  'api-key-methods': {
    tolerated: 'core sends the key on every method; a server that refuses one answers 401 with advice.',
  },
  'credential-precedence': { tolerated: 'core sends exactly one credential per request.' },
  // §4
  'request-id': { tolerated: 'core reads x-request-id or requestId when present, and needs neither.' },
  'auth-statuses': {
    tolerated:
      'core refreshes once on 401 (and on a 403 naming the token) and maps the rest to typed errors.',
  },
  'client-errors': { tolerated: 'core keeps any problem body and names invalidParams when present.' },
  'rate-limit': {
    tolerated: 'core retries 429 with Retry-After in seconds or as a date, or with backoff when absent.',
  },
  // §5 Carbon
  'site-order': { tolerated: 'core keeps the order the server sends.' },
  'field-types': {
    tolerated: 'core accepts a number or a string for identifiers and null for any optional field.',
  },
  'site-id-format': { tolerated: 'core path-encodes any site ID.' },
  'site-by-id': {
    tolerated:
      'only getSite uses it; GET /sites (documented) gives the same Site, and the raw output or a custom call reaches any path.',
  },
  'range-parameters': { options: ['carbonDialect.fromParameter', 'carbonDialect.toParameter'] },
  granularity: { options: ['carbonDialect.granularityParameter', 'carbonDialect.granularityValues'] },
  'emission-method': { options: ['carbonDialect.methodParameter'] },
  paging: {
    options: [
      'carbonDialect.paging',
      'carbonDialect.pageParameter',
      'carbonDialect.pageSizeParameter',
      'carbonDialect.pageSize',
    ],
  },
  'numbers-as-text': { tolerated: 'core reads a value sent as text as a number, with a warning.' },
  'zoneless-times': { options: ['carbonDialect.zonelessDateTimes'] },
  'window-check': { options: ['carbonDialect.pointsOutsideWindow', 'carbonDialect.rangeSelects'] },
  'paging-styles': {
    options: ['carbonDialect.paging', 'carbonDialect.nextField', 'carbonDialect.itemsField'],
  },
  'rate-units': { tolerated: 'core converts every unit of its table and skips, naming it, any other.' },
  'accounted-sites': { tolerated: 'core reports every site asked for as an item, skipped or failed.' },
  'latest-interval': {
    tolerated: 'core sends no range when the user gives none, and keeps what comes back.',
  },
  'range-limits': { options: ['carbonDialect.maxRangeDays'] },
  'emissions-shape': {
    tolerated: 'core accepts the envelope and the bare array of series; the raw output returns any shape.',
  },
  'series-keys': { options: ['carbonDialect.seriesMap'] },
  units: { tolerated: 'core converts g and kg, Wh and kWh from each series unit instead of assuming them.' },
  'is-estimated': { tolerated: 'optional: core keeps it when present.' },
  'date-format': {
    tolerated: 'core accepts date-times with an offset and date-only values (as midnight UTC).',
  },
  'global-rates': {
    options: [
      'carbonDialect.globalRatesPath',
      'carbonDialect.countryParameter',
      'carbonDialect.yearParameter',
    ],
  },
  // §6 Energy Hub
  'energy-hub-token-url': { options: ['endpoints'] },
  'energy-hub-client-authentication': { options: ['clientAuthentication', 'basicCredentialsEncoding'] },
  audiences: { tolerated: 'core uses each credential on its own API only.' },
  'energy-hub-graphql-url': { options: ['endpoints'] },
  'graphql-get': { tolerated: 'core always POSTs.' },
  'graphql-introspection': { tolerated: 'core never introspects.' },
  'graphql-errors': {
    tolerated:
      'errors on HTTP 200 become typed errors by extensions.code when present, by message otherwise; an error status maps by status like any HTTP error.',
  },
  roles: { tolerated: 'a refused field is a typed PermissionError; core needs no role names.' },
  'graphql-schema': {
    tolerated:
      'the query operation sends any document; a built-in query that does not match the schema fails with an error saying so.',
  },
  'concept-urns': {
    tolerated:
      'core sends a full concept URN as typed and keeps whatever concept the server returns; only a bare level name is expanded with our prefix.',
  },
  'graphql-paging': { options: ['pageSize'] },
  'alarm-source': { tolerated: 'core keeps `source` as the text the API sends.' },
};
