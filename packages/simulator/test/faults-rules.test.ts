/** Which requests a fault hits: count, probability, seeding, route patterns, and rule validation. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultRuleError, validateFaultRule } from '../src/faults/index.js';
import { mulberry32, streamSeed } from '../src/faults/random.js';
import { routeMatcher } from '../src/faults/rules.js';
import { startSimulator, type FaultRule, type SimulatorHandle } from '../src/index.js';

const statuses = async (sim: SimulatorHandle, n: number, path = '/fault-test/x'): Promise<number[]> => {
  const result: number[] = [];
  // Sequential on purpose: probability draws happen in request order, which is what makes them repeatable.
  for (let i = 0; i < n; i += 1) result.push((await fetch(`${sim.url}${path}`)).status);
  return result;
};

describe('fault selection', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 7 });
  });
  afterEach(() => {
    sim.control.clearFaults();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('count hits the next N matching requests, then the rule retires', async () => {
    const fault = sim.control.addFault({ kind: 'status', status: 503, count: 3 });
    expect(fault).toMatchObject({ id: expect.stringMatching(/^fault-\d+$/), hits: 0, count: 3 });
    expect(await statuses(sim, 5)).toEqual([503, 503, 503, 404, 404]);
    expect(sim.control.faults()).toEqual([]);
  });

  it('after lets the first N matching requests through, then hits', async () => {
    const fault = sim.control.addFault({ kind: 'status', status: 503, after: 2, count: 2 });
    expect(fault).toMatchObject({ after: 2, passed: 0, hits: 0 });
    expect(await statuses(sim, 5)).toEqual([404, 404, 503, 503, 404]);
    expect(sim.control.faults()).toEqual([]);
    expect(() => sim.control.addFault({ kind: 'status', after: -1 })).toThrow(/after: must be an integer/);
  });

  it('a rule without count stays until removed, and counts its hits', async () => {
    const fault = sim.control.addFault({ kind: 'status', status: 500 });
    expect(await statuses(sim, 3)).toEqual([500, 500, 500]);
    expect(sim.control.faults()).toEqual([{ ...fault, hits: 3 }]);
    expect(sim.control.removeFault(fault.id)).toBe(true);
    expect(sim.control.removeFault(fault.id)).toBe(false);
    expect(await statuses(sim, 1)).toEqual([404]);
  });

  it('the first matching rule wins, and retiring it uncovers the next', async () => {
    sim.control.addFault({ kind: 'status', status: 502, count: 1 });
    sim.control.addFault({ kind: 'status', status: 504, count: 1 });
    expect(await statuses(sim, 3)).toEqual([502, 504, 404]);
  });

  it('probability 0 never hits and probability 1 always hits', async () => {
    sim.control.addFault({ kind: 'status', status: 500, probability: 0 });
    expect(await statuses(sim, 10)).toEqual(Array<number>(10).fill(404));
    sim.control.clearFaults();
    sim.control.addFault({ kind: 'status', status: 500, probability: 1 });
    expect(await statuses(sim, 10)).toEqual(Array<number>(10).fill(500));
  });

  it('only hits count towards count when a probability is set', async () => {
    sim.control.addFault({ kind: 'status', status: 500, probability: 0.5, count: 2 });
    const seen = await statuses(sim, 40);
    expect(seen.filter((status) => status === 500)).toHaveLength(2);
    expect(sim.control.faults()).toEqual([]);
  });

  it('route matches method and wildcard path, without the query string', async () => {
    sim.control.addFault({ kind: 'status', status: 503, route: 'GET /fault-test/sites*' });
    const hit = async (method: string, path: string): Promise<number> =>
      (await fetch(`${sim.url}${path}`, { method })).status;
    expect(await hit('GET', '/fault-test/sites')).toBe(503);
    expect(await hit('GET', '/fault-test/sites/site-0001/carbon-emissions?from=a&to=b')).toBe(503);
    expect(await hit('POST', '/fault-test/sites')).toBe(404);
    expect(await hit('GET', '/fault-test/other')).toBe(404);
    expect(await hit('GET', '/prefix/fault-test/sites')).toBe(404);
  });

  it('a route without a method matches every method; * inside a path matches one or more segments', async () => {
    sim.control.addFault({ kind: 'status', status: 502, route: '/fault-test/*/items' });
    expect((await fetch(`${sim.url}/fault-test/a/items`, { method: 'DELETE' })).status).toBe(502);
    expect((await fetch(`${sim.url}/fault-test/a/b/items`)).status).toBe(502);
    expect((await fetch(`${sim.url}/fault-test/a/items/more`)).status).toBe(404);
  });

  it('never hits the control API, even with a catch-all route', async () => {
    sim.control.addFault({ kind: 'status', status: 500 });
    sim.control.addFault({ kind: 'status', status: 500, route: '*' });
    sim.control.addFault({ kind: 'status', status: 500, route: '/_sim/*' });
    expect((await fetch(`${sim.urls.control}/health`)).status).toBe(200);
    expect((await fetch(`${sim.urls.control}/faults`)).status).toBe(200);
    expect((await fetch(`${sim.url}/fault-test/x`)).status).toBe(500);
    expect(sim.control.faults().map((fault) => fault.hits)).toEqual([1, 0, 0]);
  });
});

describe('seeded probability', () => {
  const pattern = async (seed: number): Promise<number[]> => {
    const sim = await startSimulator({ port: 0, seed });
    try {
      sim.control.addFault({ kind: 'status', status: 503, probability: 0.5 });
      return await statuses(sim, 32);
    } finally {
      await sim.close();
    }
  };

  it('is the same for the same seed, different for another, and roughly the probability', async () => {
    const first = await pattern(42);
    const again = await pattern(42);
    const other = await pattern(43);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const hits = first.filter((status) => status === 503).length;
    expect(hits).toBeGreaterThan(6);
    expect(hits).toBeLessThan(26);
  });

  it('the generator is deterministic and within [0, 1)', () => {
    const a = mulberry32(streamSeed(42, 1));
    const b = mulberry32(streamSeed(42, 1));
    const draws = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(draws);
    expect(draws.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(streamSeed(42, 1)).not.toBe(streamSeed(42, 2));
  });
});

describe('rule validation', () => {
  const issuesOf = (rule: unknown): { name: string; reason: string }[] => {
    try {
      validateFaultRule(rule);
    } catch (error) {
      if (error instanceof FaultRuleError) return error.issues;
      throw error;
    }
    return [];
  };

  it.each<[string, unknown, string, RegExp]>([
    ['no kind', {}, 'kind', /required/],
    [
      'unknown kind',
      { kind: 'explode' },
      'kind',
      /unknown kind "explode"; expected one of status, rate-limit/,
    ],
    ['status not 5xx', { kind: 'status', status: 404 }, 'status', /500, 502, 503, 504/],
    ['status 501', { kind: 'status', status: 501 }, 'status', /500, 502, 503, 504/],
    ['probability above 1', { kind: 'reset', probability: 1.5 }, 'probability', /0 to 1/],
    ['negative probability', { kind: 'reset', probability: -0.1 }, 'probability', /0 to 1/],
    ['count 0', { kind: 'hang', count: 0 }, 'count', /at least 1/],
    ['fractional count', { kind: 'hang', count: 1.5 }, 'count', /integer/],
    ['negative delay', { kind: 'delay', delayMs: -1 }, 'delayMs', /from 0/],
    ['huge delay', { kind: 'delay', delayMs: 3_600_000 }, 'delayMs', /to 600000/],
    [
      'bad retry format',
      { kind: 'rate-limit', retryAfterFormat: 'minutes' },
      'retryAfterFormat',
      /http-date/,
    ],
    ['negative retry', { kind: 'rate-limit', retryAfterSeconds: -5 }, 'retryAfterSeconds', /at least 0/],
    ['field of another kind', { kind: 'reset', status: 503 }, 'status', /only applies to kind status/],
    ['unknown field', { kind: 'reset', colour: 'red' }, 'colour', /unknown field/],
    ['route not a string', { kind: 'reset', route: 5 }, 'route', /string/],
    ['route without slash', { kind: 'reset', route: 'GET sites' }, 'route', /start with "\/"/],
    ['route with unknown method', { kind: 'reset', route: 'FETCH /x' }, 'route', /unknown method "FETCH"/],
    ['route with a query', { kind: 'reset', route: '/x?a=1' }, 'route', /query/],
    ['route with three words', { kind: 'reset', route: 'GET /a /b' }, 'route', /METHOD \/path/],
  ])('rejects %s', (_label, rule, name, reason) => {
    const issues = issuesOf(rule);
    expect(issues.map((issue) => issue.name)).toContain(name);
    expect(issues.find((issue) => issue.name === name)?.reason).toMatch(reason);
  });

  it('reports every problem at once', () => {
    expect(
      issuesOf({ kind: 'status', status: 200, count: 0, probability: 2 }).map((issue) => issue.name),
    ).toEqual(['count', 'probability', 'status']);
  });

  it('rejects non-objects', () => {
    expect(issuesOf('status')).toEqual([{ name: 'rule', reason: 'must be an object' }]);
    expect(issuesOf(null)).toEqual([{ name: 'rule', reason: 'must be an object' }]);
  });

  it('fills in defaults so the active rule says what it does', () => {
    expect(validateFaultRule({ kind: 'status' })).toEqual({ kind: 'status', status: 503 });
    expect(validateFaultRule({ kind: 'rate-limit' })).toEqual({
      kind: 'rate-limit',
      retryAfterSeconds: 1,
      retryAfterFormat: 'seconds',
    });
    expect(validateFaultRule({ kind: 'delay' })).toEqual({ kind: 'delay', delayMs: 1000 });
    expect(validateFaultRule({ kind: 'hang', route: '  get /x*  ' })).toEqual({
      kind: 'hang',
      route: 'get /x*',
    });
  });

  it('add() throws a readable error', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      expect(() => sim.control.addFault({ kind: 'status', status: 418 } as FaultRule)).toThrow(
        'Invalid fault rule: status: must be one of 500, 502, 503, 504.',
      );
      expect(sim.control.faults()).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('route patterns treat everything but * literally and compare methods case-insensitively', () => {
    const matches = routeMatcher('get /a.b/*');
    expect(matches('GET', '/a.b/c')).toBe(true);
    expect(matches('get', '/a.b/')).toBe(true);
    expect(matches('GET', '/aXb/c')).toBe(false);
    expect(routeMatcher('*')('PUT', '/anything')).toBe(true);
    expect(routeMatcher(undefined)('PATCH', '/')).toBe(true);
  });
});
