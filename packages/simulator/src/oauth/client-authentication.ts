/** Client authentication at the token and introspection endpoints (RFC 6749 §2.3.1). */
import { OAuthError } from './errors.js';
import { param, type Params } from './params.js';
import { secretsEqual } from './secrets.js';

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
}

export const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="ecostruxure"' };

interface PresentedCredentials {
  clientId: string;
  clientSecret: string | undefined;
  usedBasic: boolean;
}

/** Basic credentials are form-urlencoded before base64 (RFC 6749 §2.3.1), so `+` means a space. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

function fromBasicHeader(header: string): { clientId: string; clientSecret: string } {
  const invalid = new OAuthError('invalid_client', 'The Basic authorization header is malformed.', {
    headers: BASIC_CHALLENGE,
  });
  const decoded = Buffer.from(header.slice('basic '.length).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw invalid;
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw invalid;
  }
}

function presentedCredentials(authorization: string | undefined, params: Params): PresentedCredentials {
  const bodyClientId = param(params, 'client_id');
  const bodySecret = param(params, 'client_secret');
  if (authorization !== undefined && /^basic /i.test(authorization)) {
    if (bodySecret !== undefined) {
      throw new OAuthError(
        'invalid_request',
        'The client authenticated with both HTTP Basic and client_secret in the body; use one method.',
      );
    }
    const basic = fromBasicHeader(authorization);
    if (bodyClientId !== undefined && bodyClientId !== basic.clientId) {
      throw new OAuthError('invalid_request', 'client_id in the body differs from the HTTP Basic client.');
    }
    return { ...basic, usedBasic: true };
  }
  if (bodyClientId === undefined) {
    throw new OAuthError(
      'invalid_client',
      'Client authentication is required (HTTP Basic or client_id and client_secret).',
    );
  }
  return { clientId: bodyClientId, clientSecret: bodySecret, usedBasic: false };
}

/** Returns the authenticated client, or throws `invalid_client` (with a Basic challenge when Basic was used). */
export function authenticateClient<T extends RegisteredClient>(
  clients: readonly T[],
  authorization: string | undefined,
  params: Params,
): T {
  const presented = presentedCredentials(authorization, params);
  const client = clients.find((candidate) => candidate.clientId === presented.clientId);
  // The same answer for an unknown client and a wrong secret, so client ids cannot be probed.
  if (
    !client ||
    presented.clientSecret === undefined ||
    !secretsEqual(presented.clientSecret, client.clientSecret)
  ) {
    throw new OAuthError('invalid_client', 'Client authentication failed.', {
      headers: presented.usedBasic ? BASIC_CHALLENGE : {},
    });
  }
  return client;
}
