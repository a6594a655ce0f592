/** The CLI's argument parser: what each flag turns into, and the errors for bad input. */
import { describe, expect, it } from 'vitest';
import {
  CliUsageError,
  parseCliArgs,
  parseFaultSpec,
  parseRateLimit,
  parseScopeList,
  type RunCommand,
} from '../src/cli/args.js';
import { parseDuration } from '../src/cli/durations.js';

const run = (argv: string[]): RunCommand => {
  const command = parseCliArgs(argv);
  if (command.command !== 'run') throw new Error('expected a run command');
  return command;
};

const usageError = (argv: string[]): string => {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof CliUsageError) return error.message;
    throw error;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
};

describe('parseCliArgs', () => {
  it('no flags: the simulator defaults', () => {
    expect(run([])).toEqual({
      command: 'run',
      options: {},
      faults: [],
      personalAccessTokens: [],
      apiKeys: [],
    });
  });

  it('--help and -h', () => {
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseCliArgs(['-h', '--port', 'nonsense'])).toEqual({ command: 'help' });
  });

  it('every flag', () => {
    const command = run([
      '--port', '0',
      '--host', '0.0.0.0',
      '--seed', '7',
      '--sites', '3',
      '--access-token-ttl', '60',
      '--rate-limit', '60/1m',
      '--alarm-interval', '30s',
      '--clock-skew', '-5m',
      '--carbon-credentials', 'all',
      '--carbon-dialect', 'sibling',
      '--fault', 'kind=status,status=503,count=3,route=GET /ecostruxure/carbon-emission/v1/sites*',
      '--fault', 'kind=delay,delayMs=250,probability=0.5',
      '--pat', 'read:site',
      '--pat', '',
      '--api-key', 'read:site,read:carbon-emission',
      '--log',
    ]); // prettier-ignore
    expect(command.options).toEqual({
      port: 0,
      host: '0.0.0.0',
      seed: 7,
      sites: 3,
      accessTokenTtlSeconds: 60,
      rateLimit: { limit: 60, windowMs: 60_000 },
      alarmIntervalMs: 30_000,
      clockSkewMs: -300_000,
      carbonCredentials: 'all',
      carbonDialect: 'sibling',
      logger: true,
    });
    expect(command.faults).toEqual([
      { kind: 'status', status: 503, count: 3, route: 'GET /ecostruxure/carbon-emission/v1/sites*' },
      { kind: 'delay', delayMs: 250, probability: 0.5 },
    ]);
    expect(command.personalAccessTokens).toEqual([['read:site'], ['read:site', 'read:carbon-emission']]);
    expect(command.apiKeys).toEqual([['read:site', 'read:carbon-emission']]);
  });

  it('accepts --flag=value, including negative skews', () => {
    expect(run(['--clock-skew=-90s', '--port=4011']).options).toEqual({ clockSkewMs: -90_000, port: 4011 });
    expect(run(['--clock-skew', '2h']).options.clockSkewMs).toBe(7_200_000);
  });

  it.each<[string[], RegExp]>([
    [['--prot', '1'], /^Unknown option '--prot'\.$/],
    [['serve'], /Unexpected argument "serve"/],
    [['--port'], /--port/],
    [['--port', 'abc'], /--port must be an integer from 0 to 65535, got "abc"/],
    [['--port', '70000'], /--port must be an integer from 0 to 65535/],
    [['--port', '12.5'], /--port must be an integer/],
    [['--seed', '-1'], /--seed must be an integer from 0/],
    [['--sites', '0'], /--sites must be an integer from 1 to 10000/],
    [['--access-token-ttl', '0'], /--access-token-ttl must be an integer from 1/],
    [['--rate-limit', '60'], /--rate-limit must look like REQUESTS\/WINDOW, e\.g\. 60\/1m/],
    [['--rate-limit', '0/1m'], /--rate-limit/],
    [['--rate-limit', '10/fortnight'], /--rate-limit/],
    [['--alarm-interval', '10'], /--alarm-interval must be a number with a unit: ms, s, m, h or d/],
    [['--alarm-interval', '-10m'], /--alarm-interval must be a number with a unit/],
    [['--alarm-interval', '10ms'], /--alarm-interval must be at least 1000 ms/],
    [['--clock-skew', '5 minutes'], /--clock-skew must be a signed duration/],
    [
      ['--fault', 'kind=explode'],
      /--fault "kind=explode": kind unknown kind "explode"; expected one of status/,
    ],
    [['--fault', 'status=503'], /kind is required/],
    [['--fault', 'kind=status,status=404'], /status must be one of 500, 502, 503, 504/],
    [['--fault', 'kind=status,count=many'], /count must be a number, got "many"/],
    [['--fault', 'kind=status,count=0'], /count must be an integer of at least 1/],
    [['--fault', 'kind=reset,probability=2'], /probability must be a number from 0 to 1/],
    [['--fault', 'kind=reset,oops'], /expected key=value, got "oops"/],
    [['--fault', 'kind=reset,kind=hang'], /kind is given twice/],
    [['--pat', 'write:all'], /--pat: unknown scope write:all; expected read:site/],
    [['--api-key', 'read:site,nope'], /--api-key: unknown scope nope/],
    [['--host', ' '], /--host must not be empty/],
    [['--carbon-credentials', 'any'], /--carbon-credentials must be documented or all, got "any"/],
    [
      ['--carbon-dialect', 'postman'],
      /--carbon-dialect must be contract or sibling or variant, got "postman"/,
    ],
    [
      ['--carbon-paging', 'scroll'],
      /--carbon-paging must be page or offset or cursor or next-link or link-header/,
    ],
  ])('%j is refused: %s', (argv, message) => {
    expect(usageError(argv)).toMatch(message);
  });
});

describe('value parsers', () => {
  it('durations need a unit', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('10')).toBeUndefined();
    expect(parseDuration('-5m')).toBeUndefined();
    expect(parseDuration('-5m', { signed: true })).toBe(-300_000);
    expect(parseDuration('+5m', { signed: true })).toBe(300_000);
  });

  it('rate limits', () => {
    expect(parseRateLimit('60/1m')).toEqual({ limit: 60, windowMs: 60_000 });
    expect(parseRateLimit('10/s')).toEqual({ limit: 10, windowMs: 1000 });
    expect(parseRateLimit(' 5 / 30s ')).toEqual({ limit: 5, windowMs: 30_000 });
  });

  it('fault specs', () => {
    expect(parseFaultSpec('kind=rate-limit,retryAfterSeconds=30,retryAfterFormat=http-date')).toEqual({
      kind: 'rate-limit',
      retryAfterSeconds: 30,
      retryAfterFormat: 'http-date',
    });
    expect(parseFaultSpec('kind=hang, route = POST /energy-hub/v1/graphql ,')).toEqual({
      kind: 'hang',
      route: 'POST /energy-hub/v1/graphql',
    });
  });

  it('fault specs reach every kind the issue lists, state faults included', () => {
    for (const spec of [
      'kind=status,status=500',
      'kind=status,status=502',
      'kind=status,status=503',
      'kind=status,status=504',
      'kind=rate-limit,retryAfterSeconds=5',
      'kind=rate-limit,retryAfterFormat=http-date',
      'kind=delay,delayMs=250',
      'kind=hang',
      'kind=reset',
      'kind=malformed-json',
      'kind=html-error',
      'kind=expire-tokens',
      'kind=revoke-consent',
      'kind=omit-refresh-token',
    ]) {
      expect(parseFaultSpec(`${spec},count=2,probability=0.5,route=GET /x*`)).toMatchObject({
        kind: spec.slice('kind='.length).split(',')[0],
        count: 2,
        probability: 0.5,
        route: 'GET /x*',
      });
    }
    expect(() => parseFaultSpec('kind=expire-tokens,status=503')).toThrow(
      '--fault "kind=expire-tokens,status=503": status only applies to kind status.',
    );
  });

  it('scope lists', () => {
    expect(parseScopeList('pat', 'read:site read:carbon-emission,offline_access')).toEqual([
      'read:site',
      'read:carbon-emission',
      'offline_access',
    ]);
    expect(parseScopeList('pat', ' ')).toEqual(['read:site', 'read:carbon-emission']);
  });
});
