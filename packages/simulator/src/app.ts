/** Assembles the simulator's modules into one Fastify application. */
import cookie from '@fastify/cookie';
import formBody from '@fastify/formbody';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type {
  AuthorizationServer,
  CarbonApi,
  EnergyHubApi,
  FaultInjector,
  RequestLog,
  SimulatorContext,
} from './context.js';
import { registerControlGuard } from './control/guard.js';
import { pathOf } from './control/paths.js';
import { registerJsonBodies } from './json-body.js';
import { ProblemError } from './problem.js';
import { redactUrl } from './request-log/redact.js';

export interface SimulatorModules {
  auth: AuthorizationServer;
  carbon: CarbonApi;
  energyHub: EnergyHubApi;
  faults: FaultInjector;
  requestLog: RequestLog;
}

const sendProblem = (
  reply: FastifyReply,
  problem: ProblemError,
  instance: string | undefined,
  requestId: string,
): FastifyReply =>
  reply
    .status(problem.status)
    .headers(problem.headers)
    .type('application/problem+json')
    .send(problem.body(instance, requestId));

/**
 * URLs the router refuses before any route runs (a path too long, a malformed escape). The URL is not
 * echoed: it may be kilobytes long, or what was sent to probe the server.
 */
function refusedUrl(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const problem = new ProblemError({
    status: tooLong ? 414 : 400,
    title: tooLong ? 'URI Too Long' : 'Bad Request',
    detail: tooLong
      ? 'A segment of the URL path is too long; no route accepts it.'
      : 'The URL path is malformed (check its percent-escapes).',
  });
  void sendProblem(reply, problem, undefined, request.id);
}

/** The methods a path is served with, for a 405's `Allow` header. */
function allowedMethods(app: FastifyInstance, path: string): string[] {
  return ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter(
    (method) => app.findRoute({ method, url: path }) !== null,
  );
}

/** Errors and unknown routes answer as problem details, like the real gateway; a 405 names what is allowed. */
function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const problem =
      error instanceof ProblemError
        ? error
        : new ProblemError({
            status,
            title: STATUS_CODES[status] ?? 'Error',
            detail: error instanceof Error ? error.message : String(error),
          });
    if (problem.status >= 500) request.log.error(error);
    void sendProblem(reply, problem, pathOf(request.url), request.id);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const allowed = allowedMethods(app, path);
    const problem =
      allowed.length > 0
        ? new ProblemError({
            status: 405,
            title: 'Method Not Allowed',
            detail: `${path} does not accept ${request.method}; it accepts ${allowed.join(', ')}.`,
            headers: { allow: allowed.join(', ') },
          })
        : new ProblemError({
            status: 404,
            title: 'Not Found',
            detail: `No route ${request.method} ${path}.`,
          });
    void sendProblem(reply, problem, path, request.id);
  });
}

export async function buildApp(
  ctx: SimulatorContext,
  modules: SimulatorModules,
  registerControl: (app: FastifyInstance) => void,
): Promise<FastifyInstance> {
  const app = Fastify({
    // Fastify's request log prints URLs: `?apikey=` must not reach stdout.
    logger: ctx.options.logger
      ? { serializers: { req: (request) => ({ method: request.method, url: redactUrl(request.url) }) } }
      : false,
    genReqId: () => randomUUID(),
    trustProxy: ctx.options.trustProxy,
    requestIdHeader: false,
    // Clients under test may keep connections alive; closing must not wait for them.
    forceCloseConnections: true,
    frameworkErrors: refusedUrl,
  });
  registerJsonBodies(app);
  await app.register(formBody);
  await app.register(cookie);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Every response is dated by the simulator's clock so a skewed clock is visible to clients.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('date', ctx.clock.nowDate().toUTCString());
  });

  registerControlGuard(app, ctx.options);
  modules.requestLog.register(app);
  modules.faults.register(app);

  registerProblemHandlers(app);

  modules.auth.register(app);
  modules.carbon.register(app);
  modules.energyHub.register(app);
  registerControl(app);
  return app;
}
