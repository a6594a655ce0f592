/**
 * Command-line parsing for `ecostruxure-sim`, kept apart from start-up so every rule can be unit-tested.
 * Errors are CliUsageError with a message meant for a person at a terminal.
 */
import { VARIANT_PAGING } from '../carbon/variant.js';
import { parseArgs } from 'node:util';
import type { FaultRule } from '../context.js';
import { FaultRuleError, validateFaultRule } from '../faults/rules.js';
import { ALL_SCOPES, CARBON_SCOPES, type SimulatorOptions } from '../options.js';
import { DURATION_HELP, parseDuration } from './durations.js';

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export interface RunCommand {
  command: 'run';
  options: SimulatorOptions;
  faults: FaultRule[];
  /** One entry per `--pat`: the scopes of a personal access token to mint at start-up. */
  personalAccessTokens: string[][];
  /** One entry per `--api-key`: the scopes of an API key to mint at start-up. */
  apiKeys: string[][];
}

export type CliCommand = { command: 'help' } | RunCommand;

export const USAGE = `Usage: npm run simulator -- [options]
       (where the package is installed: ecostruxure-sim [options])

A local EcoStruxure-compatible server: OAuth 2.0 with consent, the Carbon Emission Data API,
Energy Hub GraphQL, fault injection and a control API under /_sim.

Options:
  --port N                  Port to listen on; 0 picks a free one (default 4010)
  --host HOST               Address to bind (default 127.0.0.1)
  --allowed-host NAME       A host name the control API /_sim also answers (besides loopback
                            names and --host); repeatable
  --trust-proxy             Behind a reverse proxy: trust X-Forwarded-Proto/-Host/-For (the
                            session cookie is Secure when the proxy serves HTTPS)
  --seed N                  Seed for generated data and fault probabilities (default 42)
  --sites N                 Number of Carbon API sites, 1..10000 (default 25)
  --access-token-ttl SECS   Access token lifetime in seconds (default 3600)
  --rate-limit N/WINDOW     Per-token rate limit, e.g. 60/1m (default: none)
  --carbon-credentials WHICH
                            Credentials the Carbon API accepts: documented (authorization-code
                            tokens and personal access tokens, default) or all (also client-
                            credentials tokens and API keys)
  --carbon-dialect NAME     Emissions query dialect: contract (from/to, paged body, default),
                            sibling (updatedAt[gte]/updatedAt[lt], bare array of series) or
                            variant (revision-time ranges, other units, paged bare array)
  --carbon-paging STYLE     How the variant dialect pages: page (default), offset, cursor,
                            next-link or link-header
  --alarm-interval DUR      A new Energy Hub alarm starts every DUR, e.g. 10m (default 10m)
  --clock-skew DUR          Offset of the server clock, e.g. -5m or 90s (default 0)
  --fault SPEC              Install a fault at start-up; repeatable. SPEC is comma-separated
                            key=value pairs: kind, route, status, count, after, probability, delayMs,
                            retryAfterSeconds, retryAfterFormat. Kinds: status, rate-limit,
                            delay, hang, reset, malformed-json, html-error, expire-tokens,
                            revoke-consent, omit-refresh-token. Example:
                            --fault 'kind=status,status=503,count=3,route=GET /ecostruxure/*'
  --pat SCOPES              Mint a personal access token with these scopes (comma-separated,
                            "" for ${CARBON_SCOPES.join(',')}); repeatable
  --api-key SCOPES          Mint an API key the same way; repeatable
  --log                     Log every request to stdout
  -h, --help                Show this help

Durations take a unit: ms, s, m, h or d.`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'allowed-host': { type: 'string', multiple: true },
  'trust-proxy': { type: 'boolean' },
  seed: { type: 'string' },
  sites: { type: 'string' },
  'access-token-ttl': { type: 'string' },
  'rate-limit': { type: 'string' },
  'carbon-credentials': { type: 'string' },
  'carbon-dialect': { type: 'string' },
  'carbon-paging': { type: 'string' },
  'alarm-interval': { type: 'string' },
  'clock-skew': { type: 'string' },
  fault: { type: 'string', multiple: true },
  pat: { type: 'string', multiple: true },
  'api-key': { type: 'string', multiple: true },
  log: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const STRING_OPTIONS = new Set(
  Object.entries(OPTIONS)
    .filter(([, config]) => config.type === 'string')
    .map(([name]) => `--${name}`),
);

/**
 * parseArgs refuses `--clock-skew -5m` because the value looks like an option. A negative number right
 * after a flag that takes a value is never an option, so it is joined as `--clock-skew=-5m`.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const result: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (STRING_OPTIONS.has(arg) && next !== undefined && /^-\d/.test(next)) {
      result.push(`${arg}=${next}`);
      i += 1;
    } else result.push(arg);
  }
  return result;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliUsageError(
      `--${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}.`,
    );
  }
  return value;
}

function duration(flag: string, text: string, { signed = false, min = 0 } = {}): number {
  const ms = parseDuration(text, { signed });
  if (ms === undefined) {
    throw new CliUsageError(
      `--${flag} must be ${signed ? 'a signed duration, ' : ''}${DURATION_HELP}; got ${JSON.stringify(text)}.`,
    );
  }
  if (ms < min) throw new CliUsageError(`--${flag} must be at least ${min} ms, got ${JSON.stringify(text)}.`);
  return ms;
}

/** `60/1m` or `60/m`: N requests per window. */
export function parseRateLimit(text: string): { limit: number; windowMs: number } {
  const match = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(text);
  const limit = match ? Number(match[1]) : Number.NaN;
  const windowText = match?.[2] ?? '';
  const windowMs = parseDuration(/^\d/.test(windowText) ? windowText : `1${windowText}`);
  if (!match || !Number.isSafeInteger(limit) || limit < 1 || windowMs === undefined || windowMs < 1) {
    throw new CliUsageError(
      `--rate-limit must look like REQUESTS/WINDOW, e.g. 60/1m or 10/s (window: ${DURATION_HELP}); got ${JSON.stringify(text)}.`,
    );
  }
  return { limit, windowMs };
}

const FAULT_NUMBER_FIELDS = new Set([
  'status',
  'count',
  'after',
  'probability',
  'delayMs',
  'retryAfterSeconds',
]);

/** `kind=status,status=503,count=3,route=GET /x*` -> a validated FaultRule. */
export function parseFaultSpec(spec: string): FaultRule {
  const rule: Record<string, unknown> = {};
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const equals = part.indexOf('=');
    if (equals === -1) {
      throw new CliUsageError(
        `--fault ${JSON.stringify(spec)}: expected key=value, got ${JSON.stringify(part)}.`,
      );
    }
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (key in rule) throw new CliUsageError(`--fault ${JSON.stringify(spec)}: ${key} is given twice.`);
    if (FAULT_NUMBER_FIELDS.has(key)) {
      const number = value === '' ? Number.NaN : Number(value);
      if (!Number.isFinite(number)) {
        throw new CliUsageError(
          `--fault ${JSON.stringify(spec)}: ${key} must be a number, got ${JSON.stringify(value)}.`,
        );
      }
      rule[key] = number;
    } else rule[key] = value;
  }
  try {
    return validateFaultRule(rule);
  } catch (error) {
    if (error instanceof FaultRuleError) {
      throw new CliUsageError(
        `--fault ${JSON.stringify(spec)}: ${error.issues.map((issue) => `${issue.name} ${issue.reason}`).join('; ')}.`,
      );
    }
    throw error;
  }
}

/** Comma- or space-separated scopes; empty means the carbon scopes a demo PAT has. */
export function parseScopeList(flag: string, text: string): string[] {
  const scopes = [...new Set(text.split(/[\s,]+/).filter((scope) => scope !== ''))];
  if (scopes.length === 0) return [...CARBON_SCOPES];
  const unknown = scopes.filter((scope) => !(ALL_SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0) {
    throw new CliUsageError(
      `--${flag}: unknown scope ${unknown.join(', ')}; expected ${ALL_SCOPES.join(', ')}.`,
    );
  }
  return scopes;
}

function choice<const T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  const value = allowed.find((candidate) => candidate === text.trim());
  if (value === undefined) {
    throw new CliUsageError(`--${flag} must be ${allowed.join(' or ')}, got ${JSON.stringify(text)}.`);
  }
  return value;
}

function parseStrict(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
}

type ParsedValues = ReturnType<typeof parseStrict>['values'];

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseStrict>;
  try {
    parsed = parseStrict(joinNegativeValues(argv));
  } catch (error) {
    // parseArgs' first sentence is the useful part ("Unknown option '--prot'."); the rest explains `--`
    // for positionals, which this command has none of.
    const message = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(/^.*?'\.(?=\s|$)|^[^.]*\./.exec(message)?.[0] ?? message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (positionals.length > 0) {
    throw new CliUsageError(
      `Unexpected argument ${JSON.stringify(positionals[0])}; every option starts with --.`,
    );
  }
  return {
    command: 'run',
    options: simulatorOptionsOf(values),
    faults: (values.fault ?? []).map(parseFaultSpec),
    personalAccessTokens: (values.pat ?? []).map((scopes) => parseScopeList('pat', scopes)),
    apiKeys: (values['api-key'] ?? []).map((scopes) => parseScopeList('api-key', scopes)),
  };
}

/** The server's options from the flags, each checked (ranges, choices, durations) with the flag named. */
function simulatorOptionsOf(values: ParsedValues): SimulatorOptions {
  const options: SimulatorOptions = {};
  if (values.port !== undefined) options.port = integer('port', values.port, 0, 65_535);
  if (values.host !== undefined) {
    if (values.host.trim() === '') throw new CliUsageError('--host must not be empty.');
    options.host = values.host.trim();
  }
  if (values.seed !== undefined) options.seed = integer('seed', values.seed, 0, 2 ** 32 - 1);
  if (values.sites !== undefined) options.sites = integer('sites', values.sites, 1, 10_000);
  if (values['access-token-ttl'] !== undefined) {
    options.accessTokenTtlSeconds = integer('access-token-ttl', values['access-token-ttl'], 1, 366 * 86_400);
  }
  if (values['rate-limit'] !== undefined) options.rateLimit = parseRateLimit(values['rate-limit']);
  if (values['carbon-credentials'] !== undefined) {
    options.carbonCredentials = choice('carbon-credentials', values['carbon-credentials'], [
      'documented',
      'all',
    ]);
  }
  if (values['carbon-dialect'] !== undefined) {
    options.carbonDialect = choice('carbon-dialect', values['carbon-dialect'], [
      'contract',
      'sibling',
      'variant',
    ]);
  }
  if (values['carbon-paging'] !== undefined) {
    options.carbonPaging = choice('carbon-paging', values['carbon-paging'], [...VARIANT_PAGING]);
  }
  if (values['alarm-interval'] !== undefined) {
    options.alarmIntervalMs = duration('alarm-interval', values['alarm-interval'], { min: 1000 });
  }
  if (values['clock-skew'] !== undefined) {
    options.clockSkewMs = duration('clock-skew', values['clock-skew'], { signed: true, min: -Infinity });
  }
  if (values.log) options.logger = true;
  if (values['trust-proxy']) options.trustProxy = true;
  const allowedHosts = (values['allowed-host'] ?? []).map((name) => name.trim());
  if (allowedHosts.some((name) => name === ''))
    throw new CliUsageError('--allowed-host must name a host, e.g. --allowed-host sim.example.test.');
  if (allowedHosts.length > 0) options.allowedHosts = allowedHosts;
  return options;
}
