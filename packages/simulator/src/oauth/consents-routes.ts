/**
 * The consent dashboard and its JSON API (docs/api-contract.md §2): one URL serves both, chosen by the
 * Accept header, so the HTML form and an API client revoke through the same route.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../problem.js';
import { consentsPage } from './consents-page.js';
import { sendHtml } from './html.js';
import { PATHS } from './paths.js';
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

export function registerConsentRoutes(app: FastifyInstance, store: AuthStore): void {
  app.get(PATHS.consents, async (request, reply) => {
    const records = store.consents();
    if (prefersJson(request)) return reply.header('cache-control', 'no-store').send(records);
    return sendHtml(reply, 200, consentsPage(DEMO_CUSTOMER, records));
  });

  app.post<{ Params: { id: string } }>(PATHS.revokeConsent, async (request, reply) => {
    const grant = store.revokeGrant(request.params.id, reasonFrom(request.body) ?? DEFAULT_REASON);
    if (!grant) throw notFound(`No consent ${request.params.id}.`);
    if (prefersJson(request)) return reply.header('cache-control', 'no-store').send({ ...grant.consent });
    // 303 turns the form post into a GET of the dashboard, so a reload does not post again.
    return reply.redirect(PATHS.consents, 303);
  });
}
