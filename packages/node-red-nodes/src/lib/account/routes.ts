/**
 * The editor's routes for the Authorize button. Starting an authorization, reading the consent status
 * and disconnecting need the editor's permission (called with $.ajax, so they work with adminAuth on).
 * The callback cannot carry the editor's token (it is the provider's redirect in a new tab), so it is
 * trusted only through `state`: unguessable, single use, created by an authorized start request. The
 * client secret travels in a POST body or stays in the runtime, never in a URL, and the deployed one is
 * only ever sent to the token URL and client it was deployed for.
 */
import { readAuthorizationResponse } from '@ecostruxure-connector/core/advanced';
import {
  EcoStruxureError,
  ValidationError,
  type TokenSet,
  type TokenStore,
} from '@ecostruxure-connector/core';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import type { HttpRequest, HttpResponse, NodeAPI, NodeDefinition } from '../node-red.js';
import type { Account } from './account.js';
import {
  accountIdOf,
  startAuthorization,
  text,
  type DeployedAccount,
  type StartRequest,
} from './authorization-start.js';
import {
  sameTarget,
  targetOfEdited,
  targetOfSettings,
  type AuthorizationTarget,
} from './authorization-target.js';
import { renderCallbackPage, sendCallbackPage } from './callback-page.js';
import { consentOfTokens, consentWithoutTokens, type ConsentStatus } from './consent-status.js';
import {
  createPendingAuthorizations,
  TooManyPendingAuthorizations,
  type PendingAuthorization,
} from './pending-authorizations.js';
import { accountSettings, isAuthType, type AccountConfig, type AccountCredentials } from './settings.js';

export const ROUTE_PREFIX = '/ecostruxure/oauth';
export const CALLBACK_PATH = `${ROUTE_PREFIX}/callback`;

export interface RouteDependencies {
  RED: NodeAPI;
  /** The running account for a config node id, if it is deployed. */
  accountOf(id: string): Account | undefined;
  tokenStoreOf(id: string): TokenStore;
}

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

export function registerAuthorizeRoutes(deps: RouteDependencies): void {
  const { RED } = deps;
  const pending = createPendingAuthorizations();
  /** Whose tokens the token file holds, for accounts authorized since this runtime started. */
  const authorizedTargets = new Map<string, AuthorizationTarget>();
  // One pool for the code exchanges; each account has its own for its requests.
  const transport = createUndiciTransport();
  const t = (key: string) => RED._(`ecostruxure-account.callback.${key}`);

  /** The deployed definition and credentials (read from the flows, so also while the node is starting). */
  function deployedOf(id: string): DeployedAccount {
    let definition: NodeDefinition | undefined;
    RED.nodes.eachNode((node) => {
      if (node.id === id && node.type === 'ecostruxure-account') definition = node;
    });
    const credentials = (RED.nodes.getCredentials(id) ?? {}) as AccountCredentials;
    if (!definition) return { clientId: credentials.clientId, secret: undefined };
    const target = targetOfSettings(accountSettings(definition as AccountConfig, credentials));
    return {
      clientId: credentials.clientId,
      secret: {
        tokenUrl: target.tokenUrl,
        clientId: credentials.clientId ?? '',
        clientSecret: credentials.clientSecret ?? '',
      },
    };
  }

  /** Saves the new tokens; the deployed account uses them only when they were authorized for its settings. */
  async function complete(authorization: PendingAuthorization, tokens: TokenSet): Promise<boolean> {
    const { accountId, target } = authorization;
    await deps.tokenStoreOf(accountId).save(tokens);
    authorizedTargets.set(accountId, target);
    const account = deps.accountOf(accountId);
    if (account && sameTarget(targetOfSettings(account.settings), target)) {
      await account.useTokens(tokens);
      return true;
    }
    account?.forgetTokens();
    return false;
  }

  RED.httpAdmin.post(
    `${ROUTE_PREFIX}/authorize`,
    RED.auth.needsPermission('ecostruxure-account.write'),
    (req, res) => {
      try {
        const started = startAuthorization((req.body ?? {}) as StartRequest, deployedOf, transport);
        const request = started.auth.createAuthorizationRequest();
        pending.add(request.state, {
          ...started,
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
      sendCallbackPage(res, ok, renderCallbackPage({ ok, title, lines }));
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query))
      if (typeof value === 'string') query.set(key, value);
    const taken = query.get('state') ?? undefined;
    const authorization = pending.take(taken, nodeRuntime.now());
    if (!authorization || taken === undefined) {
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
        const inUse = await complete(authorization, tokens);
        const granted = RED._('ecostruxure-account.callback.authorized', { scopes: tokens.scope ?? '' });
        page(true, t('authorizedTitle'), [granted, t(inUse ? 'closeWindow' : 'deployToUse')]);
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        page(false, t('failedTitle'), [message, t('tryAgain')]);
      })
      // The dialog shows "waiting" until the tokens are saved, so its polling does not stop before.
      .finally(() => pending.finish(taken));
  });

  /** The consent of the account as the dialog shows it, deployed or not, and whether a consent page is open. */
  async function consentOf(
    id: string,
    edited: AuthorizationTarget | undefined,
  ): Promise<ConsentStatus & { deployed: boolean }> {
    const account = deps.accountOf(id);
    const deployedTarget = account ? targetOfSettings(account.settings) : undefined;
    if (account && deployedTarget && (!edited || sameTarget(deployedTarget, edited)))
      return { deployed: true, ...account.consent() };
    const shown = edited ?? deployedTarget;
    if (shown && shown.authType !== 'authorizationCode')
      return { deployed: account !== undefined, ...consentWithoutTokens(shown.authType) };
    // Tokens in the file count only if they were authorized for what the dialog shows.
    const tokens = await deps.tokenStoreOf(id).load();
    const owner = authorizedTargets.get(id) ?? deployedTarget ?? shown;
    const theirs = owner === undefined || shown === undefined || sameTarget(owner, shown);
    return { deployed: account !== undefined, ...consentOfTokens(theirs ? tokens : undefined) };
  }

  RED.httpAdmin.get(
    `${ROUTE_PREFIX}/status/:id`,
    RED.auth.needsPermission('ecostruxure-account.read'),
    (req, res) => {
      Promise.resolve()
        .then(async () => {
          const id = accountIdOf(req.params.id);
          const status = await consentOf(id, editedTarget(req.query));
          res.json({ ...status, waiting: pending.waiting(id, nodeRuntime.now()) });
        })
        .catch((error: unknown) => sendError(res, error));
    },
  );

  RED.httpAdmin.post(
    `${ROUTE_PREFIX}/disconnect/:id`,
    RED.auth.needsPermission('ecostruxure-account.write'),
    (req, res) => {
      Promise.resolve()
        .then(async () => {
          const id = accountIdOf(req.params.id);
          authorizedTargets.delete(id);
          const account = deps.accountOf(id);
          await (account ? account.disconnect() : deps.tokenStoreOf(id).save(undefined));
          res.json({ authorized: false });
        })
        .catch((error: unknown) => sendError(res, error));
    },
  );
}
