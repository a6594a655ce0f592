/**
 * The editor's routes for the Authorize button. Starting an authorization, reading the consent status
 * and disconnecting need the editor's permission (called with $.ajax, so they work with adminAuth on).
 * The callback cannot carry the editor's token (it is the provider's redirect in a new tab), so it is
 * trusted only through `state`: unguessable, single use, created by an authorized start request. The
 * client secret travels in a POST body or stays in the runtime, never in a URL.
 */
import { createAuthorizationCodeAuth, readAuthorizationResponse } from '@ecostruxure-connector/core/advanced';
import {
  EcoStruxureError,
  resolveEndpoints,
  ValidationError,
  type TokenStore,
} from '@ecostruxure-connector/core';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import type { HttpResponse, NodeAPI } from '../node-red.js';
import type { Account } from './account.js';
import { renderCallbackPage } from './callback-page.js';
import { createPendingAuthorizations } from './pending-authorizations.js';
import { DEFAULT_BASE_URL, DEFAULT_SCOPES } from './settings.js';

export const ROUTE_PREFIX = '/ecostruxure/oauth';
export const CALLBACK_PATH = `${ROUTE_PREFIX}/callback`;

export interface RouteDependencies {
  RED: NodeAPI;
  /** The running account for a config node id, if it is deployed. */
  accountOf(id: string): Account | undefined;
  tokenStoreOf(id: string): TokenStore;
}

interface StartRequest {
  id?: unknown;
  baseUrl?: unknown;
  scopes?: unknown;
  redirectUri?: unknown;
  clientId?: unknown;
  clientSecret?: unknown;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function sendError(res: HttpResponse, error: unknown): void {
  if (error instanceof ValidationError) {
    res.status(400).json({ error: error.message, field: error.field });
    return;
  }
  const message = error instanceof EcoStruxureError || error instanceof Error ? error.message : String(error);
  res.status(500).json({ error: message });
}

export function registerAuthorizeRoutes(deps: RouteDependencies): void {
  const { RED } = deps;
  const pending = createPendingAuthorizations();
  // One pool for the code exchanges; each account has its own for its requests.
  const transport = createUndiciTransport();
  const t = (key: string, substitutions?: Record<string, string>) =>
    RED._(`ecostruxure-account.callback.${key}`, substitutions);

  RED.httpAdmin.post(
    `${ROUTE_PREFIX}/authorize`,
    RED.auth.needsPermission('ecostruxure-account.write'),
    (req, res) => {
      try {
        const body = (req.body ?? {}) as StartRequest;
        const id = text(body.id);
        if (!id)
          throw new ValidationError({
            field: 'id',
            message: 'The request names no account: save the account dialog once, then authorize.',
          });
        // Fields left untouched in the dialog come from the deployed node; a secret is never sent back to the editor.
        const deployed = RED.nodes.getCredentials(id) ?? {};
        const endpoints = resolveEndpoints(text(body.baseUrl) ?? DEFAULT_BASE_URL);
        const auth = createAuthorizationCodeAuth({
          authorizeUrl: endpoints.authorize,
          tokenUrl: endpoints.token,
          clientId: text(body.clientId) ?? deployed.clientId ?? '',
          clientSecret: text(body.clientSecret) ?? deployed.clientSecret ?? '',
          redirectUri: text(body.redirectUri) ?? '',
          scopes: text(body.scopes) ?? DEFAULT_SCOPES,
          transport,
          runtime: nodeRuntime,
        });
        const request = auth.createAuthorizationRequest();
        pending.add(request.state, {
          accountId: id,
          auth,
          codeVerifier: request.codeVerifier,
          startedAt: nodeRuntime.now(),
        });
        res.json({ url: request.url });
      } catch (error) {
        sendError(res, error);
      }
    },
  );

  RED.httpAdmin.get(CALLBACK_PATH, (req, res) => {
    const page = (ok: boolean, title: string, lines: string[]) =>
      res
        .status(ok ? 200 : 400)
        .type('text/html')
        .send(renderCallbackPage({ ok, title, lines }));
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query))
      if (typeof value === 'string') query.set(key, value);
    const authorization = pending.take(query.get('state') ?? undefined, nodeRuntime.now());
    if (!authorization) {
      page(false, t('failedTitle'), [t('unknownState')]);
      return;
    }
    Promise.resolve()
      .then(async () => {
        const { code, state } = readAuthorizationResponse(`${CALLBACK_PATH}?${query.toString()}`);
        const tokens = await authorization.auth.exchangeCode({
          code,
          state,
          expectedState: state ?? '',
          ...(authorization.codeVerifier === undefined ? {} : { codeVerifier: authorization.codeVerifier }),
        });
        await deps.tokenStoreOf(authorization.accountId).save(tokens);
        await deps.accountOf(authorization.accountId)?.useTokens(tokens);
        page(true, t('authorizedTitle'), [t('authorized', { scopes: tokens.scope ?? '' }), t('closeWindow')]);
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        page(false, t('failedTitle'), [message, t('tryAgain')]);
      });
  });

  RED.httpAdmin.get(
    `${ROUTE_PREFIX}/status/:id`,
    RED.auth.needsPermission('ecostruxure-account.read'),
    (req, res) => {
      const id = req.params.id ?? '';
      const account = deps.accountOf(id);
      if (account) {
        res.json({ deployed: true, ...account.consent() });
        return;
      }
      // Authorized before the first deploy: the tokens wait in the file for the node to start.
      deps
        .tokenStoreOf(id)
        .load()
        .then((tokens) =>
          res.json({
            deployed: false,
            authorized: tokens !== undefined,
            revoked: false,
            scopes: tokens?.scope ? tokens.scope.split(' ') : [],
            ...(tokens?.expiresAt === undefined ? {} : { expiresAt: tokens.expiresAt }),
            refreshable: tokens?.refreshToken !== undefined,
          }),
        )
        .catch((error: unknown) => sendError(res, error));
    },
  );

  RED.httpAdmin.post(
    `${ROUTE_PREFIX}/disconnect/:id`,
    RED.auth.needsPermission('ecostruxure-account.write'),
    (req, res) => {
      const id = req.params.id ?? '';
      const account = deps.accountOf(id);
      (account ? account.disconnect() : deps.tokenStoreOf(id).save(undefined))
        .then(() => res.json({ authorized: false }))
        .catch((error: unknown) => sendError(res, error));
    },
  );
}
