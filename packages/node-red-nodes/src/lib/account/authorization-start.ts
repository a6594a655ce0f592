/**
 * What the Authorize button's request asks for, read and checked before anything starts: the account,
 * the settings typed in the dialog (fields left untouched come from the deployed node), and the client
 * secret it may use (see authorization-target.ts for why a deployed secret is not always usable).
 */
import { resolveEndpoints, ValidationError, type Transport } from '@ecostruxure-connector/core';
import {
  createAuthorizationCodeAuth,
  type AuthorizationCodeAuth,
} from '@ecostruxure-connector/core/advanced';
import { nodeRuntime } from '@ecostruxure-connector/core/node';
import type { NodeAPI, NodeDefinition } from '../node-red.js';
import {
  secretFor,
  targetOfEdited,
  targetOfSettings,
  type AuthorizationTarget,
  type DeployedSecret,
} from './authorization-target.js';
import {
  accountSettings,
  DEFAULT_BASE_URL,
  DEFAULT_SCOPES,
  type AccountConfig,
  type AccountCredentials,
} from './settings.js';
import { isSafeAccountId } from './token-store.js';

export interface StartRequest {
  id?: unknown;
  baseUrl?: unknown;
  scopes?: unknown;
  redirectUri?: unknown;
  clientId?: unknown;
  clientSecret?: unknown;
}

export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

export function accountIdOf(value: unknown): string {
  const id = text(value);
  if (!id || !isSafeAccountId(id))
    throw new ValidationError({
      field: 'id',
      message: 'The request names no account: save the account dialog once, then authorize.',
    });
  return id;
}

export interface StartedAuthorization {
  accountId: string;
  target: AuthorizationTarget;
  auth: AuthorizationCodeAuth;
}

/** The deployed side of an account, as far as a new authorization may use it. */
export interface DeployedAccount {
  clientId: string | undefined;
  secret: DeployedSecret | undefined;
}

/** The deployed definition and credentials (read from the flows, so also while the node is starting). */
export function deployedAccountOf(RED: NodeAPI, id: string): DeployedAccount {
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

export function startAuthorization(
  body: StartRequest,
  deployedOf: (id: string) => DeployedAccount,
  transport: Transport,
): StartedAuthorization {
  const accountId = accountIdOf(body.id);
  const deployed = deployedOf(accountId);
  const baseUrl = text(body.baseUrl) ?? DEFAULT_BASE_URL;
  const endpoints = resolveEndpoints(baseUrl);
  const target = targetOfEdited({
    authType: 'authorizationCode',
    baseUrl,
    clientId: text(body.clientId) ?? deployed.clientId ?? '',
  });
  const auth = createAuthorizationCodeAuth({
    authorizeUrl: endpoints.authorize,
    tokenUrl: endpoints.token,
    clientId: target.clientId,
    clientSecret: secretFor(target, text(body.clientSecret), deployed.secret),
    redirectUri: text(body.redirectUri) ?? '',
    scopes: text(body.scopes) ?? DEFAULT_SCOPES,
    transport,
    runtime: nodeRuntime,
  });
  return { accountId, target, auth };
}
