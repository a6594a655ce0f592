/**
 * The editor's routes for the Authorize button. Starting an authorization, reading the consent status
 * and disconnecting need the editor's permission (called with $.ajax, so they work with adminAuth on).
 * The callback cannot carry the editor's token (it is the provider's redirect in a new tab), so it is
 * trusted only through `state`: unguessable, single use, created by an authorized start request. The
 * client secret travels in a POST body or stays in the runtime, never in a URL, and the deployed one is
 * only ever sent to the token URL and client it was deployed for (see authorizations.ts).
 */
import { EcoStruxureError, ValidationError } from '@ecostruxure-connector/core';
import type { HttpRequest, HttpResponse } from '../node-red.js';
import { accountIdOf, text, type StartRequest } from './authorization-start.js';
import { targetOfEdited, type AuthorizationTarget } from './authorization-target.js';
import { createAuthorizations, type AuthorizationDependencies, type Completion } from './authorizations.js';
import { renderCallbackPage, sendCallbackPage } from './callback-page.js';
import { TooManyPendingAuthorizations } from './pending-authorizations.js';
import { isAuthType } from './settings.js';

export const ROUTE_PREFIX = '/ecostruxure/oauth';
export const CALLBACK_PATH = `${ROUTE_PREFIX}/callback`;

export type RouteDependencies = AuthorizationDependencies;

function sendError(res: HttpResponse, error: unknown): void {
  if (error instanceof ValidationError) {
    res.status(400).json({ error: error.message, field: error.field });
    return;
  }
  if (error instanceof TooManyPendingAuthorizations) {
    res.status(429).json({ error: error.message });
    return;
  }
  const message = error instanceof EcoStruxureError || error instanceof Error ? error.message : String(error);
  res.status(500).json({ error: message });
}

/** The account the dialog shows, from the status request's query; undefined: the deployed one. */
function editedTarget(query: HttpRequest['query']): AuthorizationTarget | undefined {
  if (!isAuthType(query.authType)) return undefined;
  return targetOfEdited({
    authType: query.authType,
    baseUrl: text(query.baseUrl),
    clientId: text(query.clientId),
  });
}

/** Runs an async handler, answering its failure as JSON. */
const answering =
  (work: (req: HttpRequest, res: HttpResponse) => Promise<void>) => (req: HttpRequest, res: HttpResponse) => {
    work(req, res).catch((error: unknown) => sendError(res, error));
  };

export function registerAuthorizeRoutes(deps: RouteDependencies): void {
  const { RED } = deps;
  const authorizations = createAuthorizations(deps);
  const t = (key: string, substitutions?: Record<string, string>) =>
    RED._(`ecostruxure-account.callback.${key}`, substitutions);
  const callbackPage = (completion: Completion) => {
    if (completion.outcome === 'unknownState')
      return { ok: false, title: t('failedTitle'), lines: [t('unknownState')] };
    if (completion.outcome === 'failed')
      return { ok: false, title: t('failedTitle'), lines: [completion.message, t('tryAgain')] };
    const granted = t('authorized', { scopes: completion.scopes });
    return {
      ok: true,
      title: t('authorizedTitle'),
      lines: [granted, t(completion.inUse ? 'closeWindow' : 'deployToUse')],
    };
  };

  RED.httpAdmin.post(
    `${ROUTE_PREFIX}/authorize`,
    RED.auth.needsPermission('ecostruxure-account.write'),
    answering(async (req, res) => {
      res.json({ url: authorizations.start((req.body ?? {}) as StartRequest) });
    }),
  );

  RED.httpAdmin.get(CALLBACK_PATH, (req, res) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query))
      if (typeof value === 'string') query.set(key, value);
    void authorizations
      .complete(`${CALLBACK_PATH}?${query.toString()}`, query.get('state') ?? undefined)
      .then((completion) => {
        const page = callbackPage(completion);
        sendCallbackPage(res, page.ok, renderCallbackPage(page));
      });
  });

  RED.httpAdmin.get(
    `${ROUTE_PREFIX}/status/:id`,
    RED.auth.needsPermission('ecostruxure-account.read'),
    answering(async (req, res) => {
      res.json(await authorizations.consent(accountIdOf(req.params.id), editedTarget(req.query)));
    }),
  );

  RED.httpAdmin.post(
    `${ROUTE_PREFIX}/disconnect/:id`,
    RED.auth.needsPermission('ecostruxure-account.write'),
    answering(async (req, res) => {
      await authorizations.disconnect(accountIdOf(req.params.id));
      res.json({ authorized: false });
    }),
  );
}
