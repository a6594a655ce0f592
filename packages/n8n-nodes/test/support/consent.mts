/**
 * The customer's side of the consent flow, over HTTP as a browser does it: open the authorization URL,
 * approve on the simulator's consent page, and return where the simulator redirects (the app's callback
 * with `code` and `state`).
 */
import { createHash, randomBytes } from 'node:crypto';

export async function approveConsent(authorizeUrl: string): Promise<string> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`The consent page answered ${page.status}: ${html.slice(0, 300)}`);
  const transaction = /name="transaction" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!transaction || !action) throw new Error(`No consent form on the page: ${html.slice(0, 300)}`);
  const decision = await fetch(new URL(action, authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ transaction, decision: 'approve' }),
    redirect: 'manual',
  });
  const location = decision.headers.get('location');
  if (decision.status !== 302 || !location) {
    throw new Error(
      `Approving consent answered ${decision.status}: ${(await decision.text()).slice(0, 300)}`,
    );
  }
  return location;
}

/**
 * The whole authorization code flow with PKCE for a registered client, as n8n's "Connect" button runs it:
 * the token response as the authorization server sent it (what n8n stores as `oauthTokenData`).
 */
export async function authorizeWithConsent(options: {
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
}): Promise<Record<string, unknown>> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL(options.authorizeUrl);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: options.scope,
    state: randomBytes(8).toString('hex'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const callback = new URL(await approveConsent(authorize.href));
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`The callback carried no code: ${callback.search}`);
  const response = await fetch(options.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: options.redirectUri,
      client_id: options.clientId,
      client_secret: options.clientSecret,
      code_verifier: verifier,
    }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok)
    throw new Error(`The token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}
