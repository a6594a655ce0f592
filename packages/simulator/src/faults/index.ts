/**
 * Fault injection: an `onRequest` hook that makes matching requests fail the way real networks and
 * gateways do, so clients' retry, timeout and error handling can be tested against the simulator.
 *
 * The hook runs before routing and authentication, so faults work on every route, including unknown
 * ones. The control API (`/_sim/*`) is never hit, whatever the route pattern, so a test can always
 * remove what it injected.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type {
  ActiveFault,
  AuthorizationServer,
  FaultInjector,
  FaultRule,
  SimulatorContext,
} from '../context.js';
import { isControlPath, pathOf } from '../control/paths.js';
import { marksOf } from '../request-marks.js';
import { mulberry32, streamSeed } from './random.js';
import {
  sendHtmlError,
  sendMalformedJson,
  sendRateLimitFault,
  sendStatusFault,
  resetConnection,
} from './responses.js';
import { FAULT_DEFAULTS, routeMatcher, validateFaultRule } from './rules.js';

export { FaultRuleError, validateFaultRule, FAULT_KINDS, FAULT_STATUSES } from './rules.js';

interface InstalledFault {
  fault: ActiveFault;
  matches: (method: string, path: string) => boolean;
  /** Only rules with a probability draw numbers, each from its own seeded stream. */
  random: (() => number) | undefined;
}

interface PendingDelay {
  timer: NodeJS.Timeout;
  resolve: () => void;
}

/** What the state-changing fault kinds act on. */
export type FaultTargets = Pick<AuthorizationServer, 'expireAllTokens' | 'revokeConsentOf'>;

export function createFaultInjector(ctx: SimulatorContext, auth: FaultTargets): FaultInjector {
  const rules = createRuleBook(ctx);
  const holdUps = createHoldUps();
  return {
    register(app: FastifyInstance) {
      app.addHook('onRequest', async (request, reply) => {
        const path = pathOf(request.url);
        if (isControlPath(path) || rules.empty()) return;
        // Iterate over a copy: rules may retire (or be removed through the control API during a delay).
        for (const entry of rules.entries()) {
          // Refresh-token omissions are decided by the token endpoint (omitsRefreshToken), not on arrival.
          if (entry.fault.kind === 'omit-refresh-token' || !rules.hits(entry, request, path)) continue;
          const answer = await applyFault(entry.fault, request, reply, { ctx, auth, holdUps });
          if (answer !== GO_ON) return answer;
        }
        return undefined;
      });
    },
    add: (rule) => rules.add(rule),
    omitsRefreshToken(request: FastifyRequest) {
      const path = pathOf(request.url);
      return rules
        .entries()
        .some((entry) => entry.fault.kind === 'omit-refresh-token' && rules.hits(entry, request, path));
    },
    list: () => rules.list(),
    remove: (id) => rules.remove(id),
    clear: () => rules.clear(),
    releaseHungRequests: () => holdUps.release(),
  };
}

/** The installed rules, in the order they were added: the first that hits a request decides its fate. */
function createRuleBook(ctx: SimulatorContext) {
  let installed: InstalledFault[] = [];
  let sequence = 0;
  const retire = (entry: InstalledFault): void => {
    installed = installed.filter((candidate) => candidate !== entry);
  };

  /** Whether the rule hits this request; a hit is counted, retires a rule that used its count, and is logged. */
  const hits = (entry: InstalledFault, request: FastifyRequest, path: string): boolean => {
    if (!installed.includes(entry) || !entry.matches(request.method, path)) return false;
    const { fault } = entry;
    if (fault.after !== undefined && (fault.passed ?? 0) < fault.after) {
      fault.passed = (fault.passed ?? 0) + 1;
      return false;
    }
    if (entry.random && fault.probability !== undefined && entry.random() >= fault.probability) return false;
    fault.hits += 1;
    if (fault.count !== undefined && fault.hits >= fault.count) retire(entry);
    marksOf(request).fault = fault.kind;
    return true;
  };

  return {
    hits,
    empty: () => installed.length === 0,
    /** A copy, safe to iterate while rules retire. */
    entries: () => [...installed],
    add(rule: FaultRule): ActiveFault {
      const valid = validateFaultRule(rule);
      sequence += 1;
      const fault: ActiveFault = {
        id: `fault-${sequence}`,
        ...valid,
        hits: 0,
        ...(valid.after === undefined ? {} : { passed: 0 }),
      };
      installed.push({
        fault,
        matches: routeMatcher(valid.route),
        random:
          valid.probability === undefined ? undefined : mulberry32(streamSeed(ctx.options.seed, sequence)),
      });
      return { ...fault };
    },
    list: (): ActiveFault[] => installed.map((entry) => ({ ...entry.fault })),
    remove(id: string): boolean {
      const entry = installed.find((candidate) => candidate.fault.id === id);
      if (!entry) return false;
      retire(entry);
      return true;
    },
    clear(): void {
      installed = [];
    },
  };
}

type HoldUps = ReturnType<typeof createHoldUps>;

/** Requests held back, delayed or hung, and all let go when the simulator shuts down. */
function createHoldUps() {
  const hungSockets = new Set<Socket>();
  const pendingDelays = new Set<PendingDelay>();
  return {
    /** Waits without keeping the process alive, and can be cut short when the simulator shuts down. */
    sleep: (ms: number): Promise<void> =>
      new Promise((resolve) => {
        const pending: PendingDelay = {
          timer: setTimeout(() => {
            pendingDelays.delete(pending);
            resolve();
          }, ms),
          resolve,
        };
        pending.timer.unref();
        pendingDelays.add(pending);
      }),
    /** Keeps the connection open and never answers; the client's own timeout has to end it. */
    hang(request: FastifyRequest, reply: FastifyReply): FastifyReply {
      reply.hijack();
      const socket = request.raw.socket;
      hungSockets.add(socket);
      socket.once('close', () => hungSockets.delete(socket));
      return reply;
    },
    release(): void {
      for (const socket of hungSockets) socket.destroy();
      hungSockets.clear();
      // Delayed requests resume at once; their connections are closed by the server shutting down.
      for (const pending of pendingDelays) {
        clearTimeout(pending.timer);
        pending.resolve();
      }
      pendingDelays.clear();
    },
  };
}

/** The request goes on: to later rules, then to its route. */
const GO_ON = Symbol('go on');

/** What a fault that hit does to the request: answers it (the reply), or lets it go on after acting. */
async function applyFault(
  fault: ActiveFault,
  request: FastifyRequest,
  reply: FastifyReply,
  { ctx, auth, holdUps }: { ctx: SimulatorContext; auth: FaultTargets; holdUps: HoldUps },
): Promise<FastifyReply | typeof GO_ON> {
  switch (fault.kind) {
    case 'delay':
      // A delay is not an answer: after it the request goes on to later rules and then the route.
      await holdUps.sleep(fault.delayMs ?? FAULT_DEFAULTS.delayMs);
      return GO_ON;
    // The state faults are not answers either: the request then meets the changed state, as a request
    // arriving just after a token expired or the customer revoked access would.
    case 'expire-tokens':
      auth.expireAllTokens();
      return GO_ON;
    case 'revoke-consent':
      auth.revokeConsentOf(request, 'Revoked by an injected fault');
      return GO_ON;
    case 'omit-refresh-token':
      return GO_ON;
    case 'status':
      return sendStatusFault(request, reply, fault.status ?? FAULT_DEFAULTS.status);
    case 'rate-limit':
      return sendRateLimitFault(
        request,
        reply,
        ctx.clock,
        fault.retryAfterSeconds ?? FAULT_DEFAULTS.retryAfterSeconds,
        fault.retryAfterFormat ?? 'seconds',
      );
    case 'malformed-json':
      return sendMalformedJson(reply);
    case 'html-error':
      return sendHtmlError(reply);
    case 'reset':
      resetConnection(request, reply);
      return reply;
    case 'hang':
      return holdUps.hang(request, reply);
  }
}
