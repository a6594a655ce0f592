/**
 * Where an authorization's code is exchanged, and with which client: the token URL (from the base URL)
 * and the client ID. Two uses, both about a stored secret meeting a value the editor sends:
 * - the deployed client secret may be used only for the deployed target: a start request naming another
 *   base URL or client must bring the secret itself (the dialog sends it when the user typed it);
 * - the callback and the status route compare the target of an authorization with the deployed account's,
 *   so they judge the authorization itself, not whatever happens to be deployed.
 */
import { resolveEndpoints, ValidationError } from '@ecostruxure-connector/core';
import { DEFAULT_BASE_URL, type AccountSettings, type AuthType } from './settings.js';

export interface AuthorizationTarget {
  authType: AuthType;
  tokenUrl: string;
  clientId: string;
}

/** What the editor's dialog shows (or a start request sends): authentication kind, base URL and client ID. */
export interface EditedAccount {
  authType: AuthType;
  baseUrl: string | undefined;
  clientId: string | undefined;
}

/** A base URL that is not a URL has no token URL: its text stands in, equal only to the same text. */
function tokenUrlOf(baseUrl: string, endpoints: AccountSettings['endpoints'] = {}): string {
  try {
    return resolveEndpoints(baseUrl, endpoints).token;
  } catch {
    return `invalid:${baseUrl}`;
  }
}

export function targetOfEdited(edited: EditedAccount): AuthorizationTarget {
  return {
    authType: edited.authType,
    tokenUrl: tokenUrlOf(edited.baseUrl ?? DEFAULT_BASE_URL),
    clientId: edited.clientId ?? '',
  };
}

export function targetOfSettings(settings: AccountSettings): AuthorizationTarget {
  const { credentials } = settings;
  return {
    authType: settings.authType,
    tokenUrl: tokenUrlOf(settings.baseUrl, settings.endpoints),
    clientId: 'clientId' in credentials ? credentials.clientId : '',
  };
}

export function sameTarget(a: AuthorizationTarget, b: AuthorizationTarget): boolean {
  return a.authType === b.authType && a.tokenUrl === b.tokenUrl && a.clientId === b.clientId;
}

/** The deployed account's client secret and the token URL and client it was deployed for. */
export interface DeployedSecret {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The client secret a new authorization may use: the one sent with the request, or the deployed one
 * when the request names the same token URL and client. Anything else would let an editor user send the
 * deployed secret to a URL of their choosing, which Node-RED never shows them.
 */
export function secretFor(
  target: AuthorizationTarget,
  sent: string | undefined,
  deployed: DeployedSecret | undefined,
): string {
  if (sent !== undefined) return sent;
  if (!deployed || deployed.clientSecret === '') return '';
  if (deployed.tokenUrl === target.tokenUrl && deployed.clientId === target.clientId)
    return deployed.clientSecret;
  throw new ValidationError({
    field: 'clientSecret',
    message:
      'The base URL or Client ID differs from the deployed account, so its saved client secret is not used: deploy first, or enter the secret again.',
  });
}
