/**
 * The credentials the demo creates in n8n, pointed at the simulator with its demo values, as a user would
 * fill them in the editor. The templates use the two consent-based ones; the personal access token is there
 * to try the nodes with the simplest credential.
 */
import {
  DEMO_CREDENTIALS,
  decideConsentAsCustomer,
  type SimulatorUrls,
} from '@ecostruxure-connector/simulator';
import type { N8nRestClient } from '@ecostruxure-connector/n8n-host';

export interface DemoCredential {
  name: string;
  type: string;
  data: Record<string, unknown>;
  /** OAuth2 with customer consent: connected through the simulator's consent page after it is created. */
  needsConsent?: boolean;
}

export function demoCredentials(urls: SimulatorUrls): DemoCredential[] {
  const demo = DEMO_CREDENTIALS;
  return [
    {
      name: 'EcoStruxure simulator (customer consent)',
      type: 'ecoStruxureOAuth2Api',
      data: { baseUrl: urls.origin, clientId: demo.isvApp.clientId, clientSecret: demo.isvApp.clientSecret },
      needsConsent: true,
    },
    {
      name: 'Energy Hub simulator (access client)',
      type: 'energyHubOAuth2Api',
      data: {
        baseUrl: urls.origin,
        clientId: demo.accessClient.clientId,
        clientSecret: demo.accessClient.clientSecret,
      },
    },
    {
      name: 'EcoStruxure simulator (personal access token)',
      type: 'ecoStruxurePersonalAccessTokenApi',
      data: { baseUrl: urls.origin, token: demo.personalAccessToken.value },
    },
  ];
}

/** The created credentials by type, as workflow nodes refer to them. */
export type CredentialRefs = Record<string, { id: string; name: string }>;

export async function createDemoCredentials(
  rest: N8nRestClient,
  credentials: DemoCredential[],
): Promise<CredentialRefs> {
  const refs: CredentialRefs = {};
  for (const credential of credentials) {
    const created = await rest.createCredential(credential.name, credential.type, credential.data);
    if (credential.needsConsent) await connectWithConsent(rest, created.id);
    refs[credential.type] = { id: created.id, name: created.name };
  }
  return refs;
}

/**
 * What the editor's "Connect my account" button leads to, without a browser: n8n's authorization URL, the
 * demo customer signing in and approving on the simulator's consent page, then n8n's callback storing the
 * tokens.
 */
async function connectWithConsent(rest: N8nRestClient, credentialId: string): Promise<void> {
  const authorizeUrl = await rest.data<string>('GET', `/rest/oauth2-credential/auth?id=${credentialId}`);
  const callback = await decideConsentAsCustomer(authorizeUrl);
  const result = await rest.get(callback);
  if (result.status !== 200 || /error/i.test(result.text)) {
    throw new Error(`n8n did not accept the consent (HTTP ${result.status}): ${result.text.slice(0, 300)}`);
  }
}
