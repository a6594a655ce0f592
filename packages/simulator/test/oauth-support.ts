/** Shared helpers for the authorization server tests: a browser stand-in for the consent page. */
import * as client from 'openid-client';
import {
  type CustomerAccountConfig,
  decideConsentAsCustomer,
  DEMO_CREDENTIALS,
  type SimulatorHandle,
} from '../src/index.js';

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
  csrfToken: string;
  /** The signed-in customer's session cookie, as a `cookie` header value. */
  cookie: string;
  html: string;
}

const hidden = (html: string, name: string): string | undefined =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

/** The session cookie a response sets, as a `cookie` header value. */
export function sessionCookieOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('esx_customer_session='));
  if (!cookie) throw new Error(`No session cookie (HTTP ${response.status}).`);
  return cookie.split(';')[0] ?? '';
}

/** Signs in on the sign-in page `html` (as served at `pageUrl`); returns the response to the sign-in post. */
export async function submitSignIn(
  pageUrl: URL | string,
  html: string,
  credentials: CustomerAccountConfig = DEMO_CREDENTIALS.customer,
): Promise<Response> {
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  const csrf = hidden(html, 'csrf_token');
  const returnTo = hidden(html, 'return_to');
  if (!action || !csrf || returnTo === undefined) throw new Error('The sign-in form is missing.');
  const target = new URL(action, pageUrl);
  return fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: target.origin },
    body: new URLSearchParams({
      csrf_token: csrf,
      return_to: returnTo.replace(/&amp;/g, '&'),
      username: credentials.username,
      password: credentials.password,
    }),
    redirect: 'manual',
  });
}

/** Signs in as the demo customer through the sign-in page; returns the session's `cookie` header value. */
export async function signIn(sim: SimulatorHandle): Promise<string> {
  const page = await fetch(sim.urls.signIn);
  return sessionCookieOf(await submitSignIn(sim.urls.signIn, await page.text()));
}

/** Opens the consent page as a signed-in customer (signing in through the sign-in page first). */
export async function openConsentPage(authorizeUrl: URL | string): Promise<ConsentForm> {
  const signInPage = await fetch(authorizeUrl, { redirect: 'manual' });
  if (signInPage.status !== 200) throw new Error(`Authorize answered ${signInPage.status}.`);
  const signedIn = await submitSignIn(authorizeUrl, await signInPage.text());
  const cookie = sessionCookieOf(signedIn);
  const response = await fetch(new URL(signedIn.headers.get('location') ?? '', authorizeUrl), {
    headers: { cookie },
    redirect: 'manual',
  });
  if (response.status !== 200) throw new Error(`Consent page answered ${response.status}.`);
  const html = await response.text();
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  const transaction = hidden(html, 'transaction');
  const csrfToken = hidden(html, 'csrf_token');
  if (!action || !transaction || !csrfToken) throw new Error('The consent form is missing.');
  return { action, transaction, csrfToken, cookie, html };
}

/** Posts the customer's decision like the consent page's form does; returns the raw response. */
export async function decide(
  origin: string,
  form: ConsentForm,
  decision: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(new URL(form.action, origin), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: form.cookie,
      origin,
      ...headers,
    },
    body: new URLSearchParams({ transaction: form.transaction, csrf_token: form.csrfToken, decision }),
    redirect: 'manual',
  });
}

/** Plays the customer with the package's own helper and returns the callback URL. */
export async function approveConsent(_origin: string, authorizeUrl: URL | string): Promise<URL> {
  return new URL(await decideConsentAsCustomer(authorizeUrl));
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

/** An Energy Hub access token for an access client (the demo viewer by default), from its token URL. */
export async function accessClientToken(
  tokenUrl: string,
  client: { clientId: string; clientSecret: string } = DEMO_CREDENTIALS.accessClient,
): Promise<string> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
