/**
 * What the Authorize button's routes do, apart from HTTP: start an authorization, complete the one a
 * callback names, tell the consent of an account as the dialog edits it, and disconnect. Each
 * authorization is judged by the settings it was started with, never by whatever is deployed.
 */
import { readAuthorizationResponse } from '@ecostruxure-connector/core/advanced';
import type { TokenSet, TokenStore } from '@ecostruxure-connector/core';
import { createUndiciTransport, nodeRuntime } from '@ecostruxure-connector/core/node';
import type { NodeAPI } from '../node-red.js';
import type { Account } from './account.js';
import { deployedAccountOf, startAuthorization, type StartRequest } from './authorization-start.js';
import { sameTarget, targetOfSettings, type AuthorizationTarget } from './authorization-target.js';
import { consentOfTokens, consentWithoutTokens, type ConsentStatus } from './consent-status.js';
import { createPendingAuthorizations, type PendingAuthorization } from './pending-authorizations.js';

export interface AuthorizationDependencies {
  RED: NodeAPI;
  /** The running account for a config node id, if it is deployed. */
  accountOf(id: string): Account | undefined;
  tokenStoreOf(id: string): TokenStore;
}

export type Completion =
  | { outcome: 'unknownState' }
  | { outcome: 'failed'; message: string }
  /** `inUse`: the deployed account uses the tokens now; otherwise they wait for the next deploy. */
  | { outcome: 'authorized'; scopes: string; inUse: boolean };

export type DialogConsent = ConsentStatus & { deployed: boolean; waiting: boolean };

export interface Authorizations {
  /** Starts an authorization; answers the consent page's URL. Throws ValidationError or TooManyPendingAuthorizations. */
  start(body: StartRequest): string;
  /** Exchanges the code of the callback's query for the authorization its `state` names. */
  complete(callbackUrl: string, state: string | undefined): Promise<Completion>;
  /** The consent of the account as the dialog shows it (`edited`: its settings; undefined: the deployed ones). */
  consent(id: string, edited: AuthorizationTarget | undefined): Promise<DialogConsent>;
  disconnect(id: string): Promise<void>;
}

export function createAuthorizations(deps: AuthorizationDependencies): Authorizations {
  const pending = createPendingAuthorizations();
  /** Whose tokens the token file holds, for accounts authorized since this runtime started. */
  const authorizedTargets = new Map<string, AuthorizationTarget>();
  // One pool for the code exchanges; each account has its own for its requests.
  const transport = createUndiciTransport();

  return {
    start(body) {
      const started = startAuthorization(body, (id) => deployedAccountOf(deps.RED, id), transport);
      const request = started.auth.createAuthorizationRequest();
      pending.add(request.state, {
        ...started,
        codeVerifier: request.codeVerifier,
        startedAt: nodeRuntime.now(),
      });
      return request.url;
    },
    async complete(callbackUrl, state) {
      const authorization = pending.take(state, nodeRuntime.now());
      if (!authorization || state === undefined) return { outcome: 'unknownState' };
      try {
        return await exchange(deps, authorizedTargets, authorization, callbackUrl);
      } finally {
        // "Waiting" until the tokens are saved, so the dialog's polling does not stop before.
        pending.finish(state);
      }
    },
    async consent(id, edited) {
      const status = await consentOf(deps, authorizedTargets.get(id), id, edited);
      return { ...status, waiting: pending.waiting(id, nodeRuntime.now()) };
    },
    async disconnect(id) {
      authorizedTargets.delete(id);
      const account = deps.accountOf(id);
      await (account ? account.disconnect() : deps.tokenStoreOf(id).save(undefined));
    },
  };
}

/** Saves the new tokens; the deployed account uses them only when they were authorized for its settings. */
async function save(
  deps: AuthorizationDependencies,
  authorizedTargets: Map<string, AuthorizationTarget>,
  authorization: PendingAuthorization,
  tokens: TokenSet,
): Promise<boolean> {
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

/** Redeems the callback's code for the authorization it answers; any failure is the dialog's message. */
async function exchange(
  deps: AuthorizationDependencies,
  authorizedTargets: Map<string, AuthorizationTarget>,
  authorization: PendingAuthorization,
  callbackUrl: string,
): Promise<Completion> {
  try {
    const { code, state } = readAuthorizationResponse(callbackUrl);
    const tokens = await authorization.auth.exchangeCode({
      code,
      state,
      expectedState: state ?? '',
      ...(authorization.codeVerifier === undefined ? {} : { codeVerifier: authorization.codeVerifier }),
    });
    const inUse = await save(deps, authorizedTargets, authorization, tokens);
    return { outcome: 'authorized', scopes: tokens.scope ?? '', inUse };
  } catch (error) {
    return { outcome: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The consent the dialog shows: the running account's when the dialog shows its settings; otherwise the
 * token file's, counted only if its tokens were authorized for what the dialog shows.
 */
async function consentOf(
  deps: AuthorizationDependencies,
  authorizedTarget: AuthorizationTarget | undefined,
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
  const tokens = await deps.tokenStoreOf(id).load();
  const owner = authorizedTarget ?? deployedTarget ?? shown;
  const theirs = owner === undefined || shown === undefined || sameTarget(owner, shown);
  return { deployed: account !== undefined, ...consentOfTokens(theirs ? tokens : undefined) };
}
