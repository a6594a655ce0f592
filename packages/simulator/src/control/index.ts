/**
 * The simulator's control API under `/_sim`: JSON in and out, for tests, the demo and the CLI. It only
 * translates HTTP to the SimulatorControl handle, so the HTTP API and programmatic use cannot drift apart.
 */
import type { FastifyInstance } from 'fastify';
import type { FaultRule } from '../context.js';
import { FaultRuleError, validateFaultRule } from '../faults/rules.js';
import type { SimulatorControl } from '../index.js';
import { badRequest, notFound } from '../problem.js';
import { registerEmissionEditRoutes } from './emission-edits.js';
import { CONTROL_PREFIX } from './paths.js';
import {
  objectBody,
  parseAlarmInput,
  parseInteger,
  parseOptionalReason,
  parsePathPrefix,
  parseScopes,
  rejectUnknownFields,
  throwIfInvalid,
} from './validate.js';

/** Bounds a clock skew to ±10 years: anything larger is a unit mistake, and Date cannot go much further. */
const MAX_SKEW_MS = 10 * 366 * 24 * 3600 * 1000;

/** What `GET /_sim` lists, so the URL the CLI prints leads somewhere (docs/api-contract.md, control API). */
const ENDPOINTS: readonly [method: string, path: string, description: string][] = [
  ['GET', '/health', 'Liveness: {"status":"ok"}.'],
  ['GET', '/faults', 'Active fault rules.'],
  ['POST', '/faults', 'Add a fault rule.'],
  ['DELETE', '/faults', 'Remove every fault rule.'],
  ['DELETE', '/faults/:id', 'Remove one fault rule.'],
  ['GET', '/requests', 'The request log (credentials redacted); ?pathPrefix= filters.'],
  ['DELETE', '/requests', 'Clear the request log.'],
  ['POST', '/tokens/expire', 'Expire every issued access token now.'],
  ['GET', '/consents', 'Every consent record.'],
  ['POST', '/consents/:id/revoke', 'Revoke a consent: its tokens stop working at once.'],
  ['PUT', '/clock', 'Set the server clock skew.'],
  ['POST', '/personal-access-tokens', 'Mint a personal access token.'],
  ['POST', '/api-keys', 'Mint an API key.'],
  ['POST', '/refresh-token-omissions', 'Answer the next refreshes without a refresh token.'],
  ['POST', '/alarms', 'Start an Energy Hub alarm now.'],
  ['GET', '/sites', 'The Carbon API site ids.'],
  ['POST', '/emission-gaps', "Remove a site's emission intervals in [from, to)."],
  ['POST', '/emission-revisions', 'Revise one emission interval: new value, updatedAt now.'],
  ['DELETE', '/emission-edits', 'Remove every emission gap and revision.'],
];

interface IdParams {
  id: string;
}

export function registerControlApi(app: FastifyInstance, control: SimulatorControl): void {
  const base = CONTROL_PREFIX;

  app.get(base, async () => ({
    name: 'EcoStruxure simulator control API',
    endpoints: ENDPOINTS.map(([method, path, description]) => ({
      method,
      path: `${base}${path}`,
      description,
    })),
  }));
  app.get(`${base}/health`, async () => ({ status: 'ok' }));

  registerFaultRoutes(app, base, control);

  app.get(`${base}/requests`, async (request) => {
    const pathPrefix = parsePathPrefix(request.query);
    return control.requests(pathPrefix === undefined ? undefined : { pathPrefix });
  });
  app.delete(`${base}/requests`, async () => {
    const removed = control.requests().length;
    control.clearRequests();
    return { removed };
  });

  registerCredentialRoutes(app, base, control);

  app.put(`${base}/clock`, async (request) => {
    const skewMs = parseInteger(objectBody(request.body), 'skewMs', { min: -MAX_SKEW_MS, max: MAX_SKEW_MS });
    control.setClockSkew(skewMs);
    return { skewMs };
  });

  app.post(`${base}/alarms`, async (request, reply) => {
    const input = parseAlarmInput(objectBody(request.body));
    return reply.code(201).send({ id: control.injectAlarm(input) });
  });

  app.get(`${base}/sites`, async () => control.siteIds());
  registerEmissionEditRoutes(app, base, control);
}

/** Fault rules: list, add (checked), and remove one or all. */
function registerFaultRoutes(app: FastifyInstance, base: string, control: SimulatorControl): void {
  app.get(`${base}/faults`, async () => control.faults());
  app.post(`${base}/faults`, async (request, reply) => {
    let rule: FaultRule;
    try {
      rule = validateFaultRule(objectBody(request.body));
    } catch (error) {
      if (error instanceof FaultRuleError) throw badRequest(error.issues);
      throw error;
    }
    return reply.code(201).send(control.addFault(rule));
  });
  app.delete(`${base}/faults`, async () => {
    const removed = control.faults().length;
    control.clearFaults();
    return { removed };
  });
  app.delete<{ Params: IdParams }>(`${base}/faults/:id`, async (request) => {
    if (!control.removeFault(request.params.id)) throw notFound(`No active fault ${request.params.id}.`);
    return { removed: 1 };
  });
}

/** What tests do to credentials: expire tokens, revoke consents, mint tokens and keys, drop refresh tokens. */
function registerCredentialRoutes(app: FastifyInstance, base: string, control: SimulatorControl): void {
  app.post(`${base}/tokens/expire`, async (request) => {
    throwIfInvalid(rejectUnknownFields(objectBody(request.body), []));
    return { expired: control.expireAllTokens() };
  });

  app.get(`${base}/consents`, async () => control.consents());
  app.post<{ Params: IdParams }>(`${base}/consents/:id/revoke`, async (request) => {
    const reason = parseOptionalReason(objectBody(request.body));
    const record = control.revokeConsent(request.params.id, reason);
    if (!record) throw notFound(`No consent ${request.params.id}.`);
    return record;
  });

  app.post(`${base}/personal-access-tokens`, async (request, reply) => {
    const scopes = parseScopes(objectBody(request.body));
    return reply.code(201).send({ value: control.mintPersonalAccessToken(scopes) });
  });
  app.post(`${base}/api-keys`, async (request, reply) => {
    const scopes = parseScopes(objectBody(request.body));
    return reply.code(201).send({ value: control.mintApiKey(scopes) });
  });

  app.post(`${base}/refresh-token-omissions`, async (request) => {
    const count = parseInteger(objectBody(request.body), 'count', { min: 1, max: 1_000_000 });
    control.omitRefreshTokenOnNextRefreshes(count);
    return { count };
  });
}
