/** Validation of fault rules and the route patterns that decide which requests a rule hits. */
import type { FaultKind, FaultRule } from '../context.js';

export const FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'rate-limit',
  'delay',
  'hang',
  'reset',
  'malformed-json',
  'html-error',
  'expire-tokens',
  'revoke-consent',
  'omit-refresh-token',
];

export const FAULT_STATUSES = [500, 502, 503, 504] as const;

/** Applied when a rule leaves the field out. */
export const FAULT_DEFAULTS = { status: 503, retryAfterSeconds: 1, delayMs: 1000 } as const;

/** A delay longer than this is almost certainly a unit mistake (seconds given as milliseconds). */
export const MAX_DELAY_MS = 10 * 60 * 1000;

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Fields every kind accepts, and the extra fields each kind accepts. */
const COMMON_FIELDS = ['kind', 'route', 'count', 'after', 'probability'];
const KIND_FIELDS: Record<FaultKind, string[]> = {
  status: ['status'],
  'rate-limit': ['retryAfterSeconds', 'retryAfterFormat'],
  delay: ['delayMs'],
  hang: [],
  reset: [],
  'malformed-json': [],
  'html-error': [],
  'expire-tokens': [],
  'revoke-consent': [],
  'omit-refresh-token': [],
};

export interface FaultRuleIssue {
  name: string;
  reason: string;
}

/** A rule that cannot be installed; `issues` names each bad field so the control API can report them. */
export class FaultRuleError extends Error {
  constructor(readonly issues: FaultRuleIssue[]) {
    super(`Invalid fault rule: ${issues.map((issue) => `${issue.name}: ${issue.reason}`).join('; ')}.`);
    this.name = 'FaultRuleError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/**
 * Checks a rule coming from code, the control API or the CLI and returns it with defaults filled in, so
 * listing the active faults shows exactly what they do. Throws a FaultRuleError listing every problem.
 */
export function validateFaultRule(input: unknown): FaultRule {
  if (!isRecord(input)) {
    throw new FaultRuleError([{ name: 'rule', reason: 'must be an object' }]);
  }
  const issues: FaultRuleIssue[] = [];
  const kind = input.kind;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    issues.push({
      name: 'kind',
      reason:
        kind === undefined
          ? `is required (one of ${FAULT_KINDS.join(', ')})`
          : `unknown kind ${JSON.stringify(kind)}; expected one of ${FAULT_KINDS.join(', ')}`,
    });
    // Without a known kind the other fields cannot be judged.
    throw new FaultRuleError(issues);
  }
  const faultKind = kind as FaultKind;
  const allowed = [...COMMON_FIELDS, ...KIND_FIELDS[faultKind]];
  for (const field of Object.keys(input)) {
    if (allowed.includes(field)) continue;
    const owner = FAULT_KINDS.find((candidate) => KIND_FIELDS[candidate].includes(field));
    issues.push({
      name: field,
      reason: owner ? `only applies to kind ${owner}` : 'unknown field',
    });
  }

  const rule: FaultRule = { kind: faultKind };
  readCommonFields(input, rule, issues);
  readKindFields(input, rule, issues);

  if (issues.length > 0) throw new FaultRuleError(issues);
  return rule;
}

/** The fields every kind has (route, count, after, probability) onto `rule`, or their problems onto `issues`. */
function readCommonFields(input: Record<string, unknown>, rule: FaultRule, issues: FaultRuleIssue[]): void {
  if (input.route !== undefined) {
    const problem = typeof input.route === 'string' ? routeProblem(input.route) : 'must be a string';
    if (problem) issues.push({ name: 'route', reason: problem });
    else rule.route = (input.route as string).trim();
  }
  if (input.count !== undefined) {
    if (!isInteger(input.count) || input.count < 1) {
      issues.push({ name: 'count', reason: 'must be an integer of at least 1' });
    } else rule.count = input.count;
  }
  if (input.after !== undefined) {
    if (!isInteger(input.after) || input.after < 0) {
      issues.push({ name: 'after', reason: 'must be an integer of at least 0' });
    } else rule.after = input.after;
  }
  if (input.probability !== undefined) {
    const p = input.probability;
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) {
      issues.push({ name: 'probability', reason: 'must be a number from 0 to 1' });
    } else rule.probability = p;
  }
}

/** The fields of the rule's kind, with their defaults, onto `rule`, or their problems onto `issues`. */
function readKindFields(input: Record<string, unknown>, rule: FaultRule, issues: FaultRuleIssue[]): void {
  const faultKind = rule.kind;
  if (faultKind === 'status') {
    const status = input.status ?? FAULT_DEFAULTS.status;
    if (!isInteger(status) || !(FAULT_STATUSES as readonly number[]).includes(status)) {
      issues.push({ name: 'status', reason: `must be one of ${FAULT_STATUSES.join(', ')}` });
    } else rule.status = status;
  }
  if (faultKind === 'rate-limit') {
    const seconds = input.retryAfterSeconds ?? FAULT_DEFAULTS.retryAfterSeconds;
    if (!isInteger(seconds) || seconds < 0) {
      issues.push({ name: 'retryAfterSeconds', reason: 'must be an integer of at least 0' });
    } else rule.retryAfterSeconds = seconds;
    const format = input.retryAfterFormat ?? 'seconds';
    if (format !== 'seconds' && format !== 'http-date') {
      issues.push({ name: 'retryAfterFormat', reason: 'must be "seconds" or "http-date"' });
    } else rule.retryAfterFormat = format;
  }
  if (faultKind === 'delay') {
    const delayMs = input.delayMs ?? FAULT_DEFAULTS.delayMs;
    if (!isInteger(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS) {
      issues.push({ name: 'delayMs', reason: `must be an integer from 0 to ${MAX_DELAY_MS}` });
    } else rule.delayMs = delayMs;
  }
}

interface ParsedRoute {
  method: string | undefined;
  pattern: RegExp;
}

/** `"GET /a/*"` -> method GET, path pattern; `"/a/*"` or `"*"` -> any method. */
function parseRoute(route: string): ParsedRoute | string {
  const parts = route.trim().split(/\s+/);
  if (parts.length === 0 || parts[0] === '' || parts.length > 2) {
    return 'must look like "/path*" or "METHOD /path*"';
  }
  const [first, second] = parts as [string, string | undefined];
  const method = second === undefined ? undefined : first.toUpperCase();
  const path = second ?? first;
  if (method !== undefined && !HTTP_METHODS.includes(method)) {
    return `unknown method ${JSON.stringify(first)}; expected one of ${HTTP_METHODS.join(', ')}`;
  }
  if (!path.startsWith('/') && !path.startsWith('*')) {
    return 'the path must start with "/" or "*"';
  }
  if (path.includes('?')) {
    return 'the path is matched without the query string, so it must not contain "?"';
  }
  // Everything except `*` is literal, so dots and other regex characters in paths need no escaping by users.
  const source = path
    .split('*')
    .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { method, pattern: new RegExp(`^${source}$`) };
}

function routeProblem(route: string): string | undefined {
  const parsed = parseRoute(route);
  return typeof parsed === 'string' ? parsed : undefined;
}

/** Builds the predicate for a validated rule's route; no route matches every request. */
export function routeMatcher(route: string | undefined): (method: string, path: string) => boolean {
  if (route === undefined) return () => true;
  const parsed = parseRoute(route);
  if (typeof parsed === 'string') throw new FaultRuleError([{ name: 'route', reason: parsed }]);
  return (method, path) =>
    (parsed.method === undefined || parsed.method === method.toUpperCase()) && parsed.pattern.test(path);
}
