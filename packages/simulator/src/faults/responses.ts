/**
 * What each terminal fault sends (or does not send). Each imitates something real clients meet in the
 * field: an overloaded upstream, an API gateway's rate limiter, a proxy answering with its own HTML page,
 * a body cut off mid-stream, a dropped connection.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { pathOf } from '../control/paths.js';
import { ProblemError } from '../problem.js';

const STATUS_TITLES: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemError): FastifyReply {
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .type('application/problem+json')
    .send(problem.body(pathOf(request.url), request.id));
}

export function sendStatusFault(request: FastifyRequest, reply: FastifyReply, status: number): FastifyReply {
  const title = STATUS_TITLES[status] ?? 'Server Error';
  return sendProblem(
    request,
    reply,
    new ProblemError({ status, title, detail: `The server answered ${status} ${title} (injected fault).` }),
  );
}

/**
 * A 429 whose Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3 allows both). The date
 * comes from the simulator's clock, which may be skewed: a client that subtracts its own clock from the
 * date must cope with a wait that looks negative or far too long.
 */
export function sendRateLimitFault(
  request: FastifyRequest,
  reply: FastifyReply,
  clock: Clock,
  retryAfterSeconds: number,
  format: 'seconds' | 'http-date',
): FastifyReply {
  const retryAfter =
    format === 'seconds'
      ? String(retryAfterSeconds)
      : new Date(clock.now() + retryAfterSeconds * 1000).toUTCString();
  return sendProblem(
    request,
    reply,
    new ProblemError({
      status: 429,
      title: 'Too Many Requests',
      detail: `Rate limit exceeded (injected fault); retry after ${retryAfterSeconds} s.`,
      headers: { 'retry-after': retryAfter },
    }),
  );
}

/** A JSON document cut off part-way, as when a connection drops after the headers were sent. */
const TRUNCATED_JSON = '{"items":[{"id":"site-0001","name":"Headquarters","value":12.3},{"id":"site-00';

export function sendMalformedJson(reply: FastifyReply): FastifyReply {
  return reply.code(200).type('application/json; charset=utf-8').send(TRUNCATED_JSON);
}

/** The kind of page a reverse proxy or load balancer serves when the service behind it is down. */
const GATEWAY_ERROR_PAGE = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

export function sendHtmlError(reply: FastifyReply): FastifyReply {
  return reply.code(502).type('text/html; charset=utf-8').send(GATEWAY_ERROR_PAGE);
}

/**
 * Drops the connection without answering. `resetAndDestroy` sends a TCP RST, so the client sees
 * ECONNRESET rather than an orderly close; the reply is hijacked so the framework does not try to write.
 */
export function resetConnection(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const socket = request.raw.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
