/**
 * The customer's side of the authorization code flow with PKCE, for the engine tests: sign in and approve
 * on the simulator's pages (its own headless helper), then exchange the code as n8n's "Connect" does.
 */
import { createHash, randomBytes } from 'node:crypto';
import { decideConsentAsCustomer } from '@ecostruxure-connector/simulator';

/** The token response as the authorization server sent it (what n8n stores as `oauthTokenData`). */
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
  const callback = new URL(await decideConsentAsCustomer(authorize.href));
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
