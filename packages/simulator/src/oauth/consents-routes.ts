/**
 * The consent dashboard and its JSON API (docs/api-contract.md §2): one URL serves both, chosen by the
 * Accept header, so the HTML form and an API client revoke through the same route. Both belong to the
 * customer: they need the customer's session (sign-in page) or the admin token printed at start.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound, ProblemError } from '../problem.js';
import { consentsPage } from './consents-page.js';
import { type CustomerSession, type CustomerSessions, isGenuinePost } from './customer-session.js';
import { sendHtml } from './html.js';
import { PATHS } from './paths.js';
import { bearerTokenOf } from './resource-access.js';
import { secretsEqual } from './secrets.js';
import { sendSignInPage } from './sign-in.js';
import { DEMO_CUSTOMER, type AuthStore } from './store.js';

const DEFAULT_REASON = 'Revoked by the customer';

/** JSON when asked for ahead of (or without) HTML; browsers and wildcard Accept headers get the page. */
export function prefersJson(request: FastifyRequest): boolean {
  const accept = (request.headers.accept ?? '').toLowerCase();
  const json = accept.search(/application\/([\w.+-]+\+)?json/);
  if (json === -1) return false;
  const html = accept.indexOf('text/html');
  return html === -1 || json < html;
}

function reasonFrom(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const reason = (body as Record<string, unknown>)['reason'];
  return typeof reason === 'string' && reason.trim() !== '' ? reason.trim().slice(0, 200) : undefined;
}

const unauthorized = (): ProblemError =>
  new ProblemError({
    status: 401,
    title: 'Unauthorized',
    detail:
      `Sign in as the customer at ${PATHS.signIn}, or send the admin token the simulator printed at start ` +
      'as "Authorization: Bearer <admin token>".',
    headers: { 'www-authenticate': 'Bearer realm="consents"' },
  });

const forgedPost = (): ProblemError =>
  new ProblemError({
    status: 403,
    title: 'Forbidden',
    detail:
      'The request did not come from the consent dashboard: send the csrf_token field (or the x-csrf-token ' +
      'header) of the signed-in session, from this origin.',
  });

/** Who is asking: the operator holding the admin token, the signed-in customer, or nobody. */
type Caller = { kind: 'admin' } | { kind: 'customer'; session: CustomerSession } | undefined;

export function registerConsentRoutes(
  app: FastifyInstance,
  store: AuthStore,
  sessions: CustomerSessions,
  adminToken: string,
): void {
  const callerOf = (request: FastifyRequest): Caller => {
    const bearer = bearerTokenOf(request);
    if (bearer !== undefined && secretsEqual(bearer, adminToken)) return { kind: 'admin' };
    const session = sessions.of(request);
    return session ? { kind: 'customer', session } : undefined;
  };
  const sendJson = (reply: FastifyReply, body: unknown): FastifyReply =>
    reply.header('cache-control', 'no-store').send(body);

  app.get(PATHS.consents, async (request, reply) => {
    const caller = callerOf(request);
    const records = store.consents();
    if (prefersJson(request)) {
      if (!caller) throw unauthorized();
      // A signed-in script reads the CSRF token it must send with a revocation from here.
      if (caller.kind === 'customer') void reply.header('x-csrf-token', caller.session.csrfToken);
      return sendJson(reply, records);
    }
    if (caller?.kind !== 'customer') return sendSignInPage(reply, sessions, PATHS.consents);
    return sendHtml(reply, 200, consentsPage(DEMO_CUSTOMER, records, caller.session.csrfToken));
  });

  app.post<{ Params: { id: string } }>(PATHS.revokeConsent, async (request, reply) => {
    const caller = callerOf(request);
    if (!caller) throw unauthorized();
    if (caller.kind === 'customer' && !isGenuinePost(request, caller.session)) throw forgedPost();
    const grant = store.revokeGrant(request.params.id, reasonFrom(request.body) ?? DEFAULT_REASON);
    if (!grant) throw notFound(`No consent ${request.params.id}.`);
    if (prefersJson(request)) return sendJson(reply, { ...grant.consent });
    // 303 turns the form post into a GET of the dashboard, so a reload does not post again.
    return reply.redirect(PATHS.consents, 303);
  });
}
