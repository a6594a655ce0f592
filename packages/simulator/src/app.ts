/** Assembles the simulator's modules into one Fastify application. */
import cookie from '@fastify/cookie';
import formBody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type {
  AuthorizationServer,
  CarbonApi,
  EnergyHubApi,
  FaultInjector,
  RequestLog,
  SimulatorContext,
} from './context.js';
import { ProblemError } from './problem.js';
import { redactUrl } from './request-log/redact.js';

export interface SimulatorModules {
  auth: AuthorizationServer;
  carbon: CarbonApi;
  energyHub: EnergyHubApi;
  faults: FaultInjector;
  requestLog: RequestLog;
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
    requestIdHeader: false,
    // Clients under test may keep connections alive; closing must not wait for them.
    forceCloseConnections: true,
  });
  await app.register(formBody);
  await app.register(cookie);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Every response is dated by the simulator's clock so a skewed clock is visible to clients.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('date', ctx.clock.nowDate().toUTCString());
  });

  modules.requestLog.register(app);
  modules.faults.register(app);

  app.setErrorHandler((error, request, reply) => {
    const problem =
      error instanceof ProblemError
        ? error
        : new ProblemError({
            status: (error as { statusCode?: number }).statusCode ?? 500,
            title: (error as { statusCode?: number }).statusCode ? 'Bad Request' : 'Internal Server Error',
            detail: error instanceof Error ? error.message : String(error),
          });
    if (problem.status >= 500) request.log.error(error);
    void reply
      .status(problem.status)
      .headers(problem.headers)
      .type('application/problem+json')
      .send(problem.body(request.url.split('?')[0] ?? request.url, request.id));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .type('application/problem+json')
      .send(
        new ProblemError({
          status: 404,
          title: 'Not Found',
          detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
        }).body(request.url.split('?')[0] ?? request.url, request.id),
      );
  });

  modules.auth.register(app);
  modules.carbon.register(app);
  modules.energyHub.register(app);
  registerControl(app);
  return app;
}
