/**
 * Client authentication at the token and introspection endpoints (RFC 6749 §2.3.1), with each client's
 * policy: which methods it may use (`client_secret_basic`, `client_secret_post`, or either) and how its
 * HTTP Basic credentials are encoded before Base64 (raw `id:secret`, as seed 001's Postman recipe builds
 * them, or form-urlencoded first, as RFC 6749 Appendix B asks). A strict policy is what lets a test catch
 * a client that uses the other method or encoding: a lenient server accepts both and hides the mistake.
 */
import type { BasicCredentialsEncodingPolicy, ClientAuthenticationPolicy } from '../options.js';
import { OAuthError } from './errors.js';
import { param, type Params } from './params.js';
import { secretsEqual } from './secrets.js';

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  clientAuthentication?: ClientAuthenticationPolicy;
  basicCredentialsEncoding?: BasicCredentialsEncodingPolicy;
}

export const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="ecostruxure"' };

/** One way to read the presented credentials: Basic allows two (raw, form-decoded), the body one. */
interface Reading {
  encoding: 'raw' | 'form-urlencoded' | 'body';
  clientId: string;
  clientSecret: string | undefined;
}

interface PresentedCredentials {
  readings: Reading[];
  usedBasic: boolean;
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

function fromBasicHeader(header: string): Reading[] {
  const decoded = Buffer.from(header.slice('basic '.length).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) {
    throw new OAuthError('invalid_client', 'The Basic authorization header is malformed.', {
      headers: BASIC_CHALLENGE,
    });
  }
  const id = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  const readings: Reading[] = [{ encoding: 'raw', clientId: id, clientSecret: secret }];
  try {
    readings.push({
      encoding: 'form-urlencoded',
      clientId: formDecode(id),
      clientSecret: formDecode(secret),
    });
  } catch {
    // Not valid percent-encoding: only the raw reading (a secret that contains `%`) is possible.
  }
  return readings;
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
    const readings = fromBasicHeader(authorization);
    if (bodyClientId !== undefined && !readings.some((reading) => reading.clientId === bodyClientId)) {
      throw new OAuthError('invalid_request', 'client_id in the body differs from the HTTP Basic client.');
    }
    return { readings, usedBasic: true };
  }
  if (bodyClientId === undefined) {
    throw new OAuthError(
      'invalid_client',
      'Client authentication is required (HTTP Basic or client_id and client_secret).',
    );
  }
  return {
    readings: [{ encoding: 'body', clientId: bodyClientId, clientSecret: bodySecret }],
    usedBasic: false,
  };
}

const METHOD_WORDS: Record<Exclude<ClientAuthenticationPolicy, 'either'>, string> = {
  client_secret_basic: 'an HTTP Basic header (client_secret_basic)',
  client_secret_post: 'client_id and client_secret in the request body (client_secret_post)',
};

/** Refuses a method the client's policy does not allow, saying which one it does. */
function checkMethod(client: RegisteredClient, usedBasic: boolean): void {
  const policy = client.clientAuthentication ?? 'either';
  const used = usedBasic ? 'client_secret_basic' : 'client_secret_post';
  if (policy === 'either' || policy === used) return;
  throw new OAuthError(
    'invalid_client',
    `This client must authenticate with ${METHOD_WORDS[policy]}, not ${METHOD_WORDS[used]}.`,
    { headers: usedBasic ? BASIC_CHALLENGE : {} },
  );
}

/** True when a reading the client's encoding policy allows names this client with its secret. */
function matches(client: RegisteredClient, reading: Reading): boolean {
  const encoding = client.basicCredentialsEncoding ?? 'either';
  return (
    (reading.encoding === 'body' || encoding === 'either' || encoding === reading.encoding) &&
    reading.clientId === client.clientId &&
    reading.clientSecret !== undefined &&
    secretsEqual(reading.clientSecret, client.clientSecret)
  );
}

/** Returns the authenticated client, or throws `invalid_client` (with a Basic challenge when Basic was used). */
export function authenticateClient<T extends RegisteredClient>(
  clients: readonly T[],
  authorization: string | undefined,
  params: Params,
): T {
  const presented = presentedCredentials(authorization, params);
  const client = clients.find((candidate) =>
    presented.readings.some((reading) => matches(candidate, reading)),
  );
  // The same answer for an unknown client and a wrong secret, so client ids cannot be probed. A secret in
  // the wrong Basic encoding is a wrong secret too: a real server cannot tell them apart.
  if (!client) {
    throw new OAuthError('invalid_client', 'Client authentication failed.', {
      headers: presented.usedBasic ? BASIC_CHALLENGE : {},
    });
  }
  // Checked once the secret is known to be right, so the policy is never told to a stranger.
  checkMethod(client, presented.usedBasic);
  return client;
}
