/** Shared helpers for the authorization server tests: a browser stand-in for the consent page. */
import * as client from 'openid-client';
import type { SimulatorHandle } from '../src/index.js';

export const ISV = { clientId: 'demo-isv-app', clientSecret: 'demo-isv-app-secret' };
export const PARTNER = { clientId: 'demo-partner', clientSecret: 'demo-partner-secret' };
/** Registered as `http://127.0.0.1/callback`; loopback URIs match on any port. */
export const LOOPBACK_REDIRECT = 'http://127.0.0.1:53682/callback';

export function issuerOf(sim: SimulatorHandle): string {
  return `${sim.url}/ecostruxure/v1/oauth`;
}

/**
 * openid-client configuration found through RFC 8414 discovery, as a real integration would; by default
 * with the client ID and secret in the body, as seeds 000 and 003 send them.
 */
export async function discover(
  sim: SimulatorHandle,
  credentials: { clientId: string; clientSecret: string },
  method: 'basic' | 'post' = 'post',
): Promise<client.Configuration> {
  const auth =
    method === 'basic'
      ? client.ClientSecretBasic(credentials.clientSecret)
      : client.ClientSecretPost(credentials.clientSecret);
  return client.discovery(new URL(issuerOf(sim)), credentials.clientId, undefined, auth, {
    execute: [client.allowInsecureRequests],
    algorithm: 'oauth2',
  });
}

export interface ConsentForm {
  action: string;
  transaction: string;
  html: string;
}

export function parseConsentForm(html: string): ConsentForm {
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  const transaction = /name="transaction" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !transaction) throw new Error('The consent form is missing.');
  return { action, transaction, html };
}

export async function openConsentPage(authorizeUrl: URL | string): Promise<ConsentForm> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  if (response.status !== 200) throw new Error(`Consent page answered ${response.status}.`);
  return parseConsentForm(await response.text());
}

/** Posts the customer's decision like the consent page's form does; returns the raw response. */
export async function decide(
  origin: string,
  form: ConsentForm,
  decision: 'approve' | 'deny',
): Promise<Response> {
  return fetch(new URL(form.action, origin), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ transaction: form.transaction, decision }),
    redirect: 'manual',
  });
}

/** Opens the consent page, approves, and returns the callback URL the browser would be sent to. */
export async function approveConsent(origin: string, authorizeUrl: URL | string): Promise<URL> {
  const response = await decide(origin, await openConsentPage(authorizeUrl), 'approve');
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`Decision answered ${response.status}.`);
  return new URL(location);
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

/** A raw form post, for the inputs a standards-strict client library refuses to send. */
export async function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
}

/** A complete authorization code flow with PKCE through openid-client; returns the token response. */
export async function customerTokens(
  sim: SimulatorHandle,
  config: client.Configuration,
  scope = 'read:site read:carbon-emission',
): Promise<client.TokenEndpointResponse> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: LOOPBACK_REDIRECT,
    scope,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const callback = await approveConsent(sim.url, url);
  return client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
}

export async function introspect(config: client.Configuration, token: string): Promise<boolean> {
  return (await client.tokenIntrospection(config, token)).active;
}
