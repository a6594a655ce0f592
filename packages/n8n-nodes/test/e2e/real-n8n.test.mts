/**
 * The package inside a real n8n 2.41.1 process, driven over its REST API like a user in the editor:
 * owner set-up, one credential of each type against the simulator with n8n's own credential test, and the
 * OAuth2 "Connect" flow through the simulator's consent page.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../support/consent.mjs';
import { ensureN8nInstalled } from './n8n-install.mjs';
import { startN8n, type N8nProcess } from './n8n-process.mjs';
import { packPackage, type PackedPackage } from './package-tarball.mjs';
import { N8nRestClient } from './rest-client.mjs';

let sim: SimulatorHandle;
let n8n: N8nProcess;
let rest: N8nRestClient;
let packed: PackedPackage;

beforeAll(async () => {
  const cacheDir = ensureN8nInstalled();
  packed = packPackage();
  sim = await startSimulator({ port: 0 });
  n8n = await startN8n({ cacheDir, extensionsDir: packed.directory });
  rest = new N8nRestClient(n8n.url);
  await rest.data('POST', '/rest/owner/setup', {
    email: 'owner@example.com',
    firstName: 'Olive',
    lastName: 'Owner',
    password: 'E2e-owner-password-1',
  });
  console.log(`n8n ready in ${n8n.startupMs} ms; package tarball ${packed.bytes} bytes`);
});

afterAll(async () => {
  await n8n?.stop();
  await sim?.close();
});

interface CredentialTestResult {
  status: 'OK' | 'Error';
  message: string;
}

async function createCredential(name: string, type: string, data: Record<string, unknown>) {
  return await rest.data<{ id: string; name: string; type: string }>('POST', '/rest/credentials', {
    name,
    type,
    data,
  });
}

async function testCredential(
  credential: { id: string; name: string; type: string },
  data: Record<string, unknown>,
): Promise<CredentialTestResult> {
  return await rest.data<CredentialTestResult>('POST', '/rest/credentials/test', {
    credentials: { ...credential, data },
  });
}

describe('the package tarball', () => {
  it('holds only dist, the README, the licence and package.json, with no dependencies', async () => {
    const outside = packed.files.filter(
      (file) => !file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file),
    );
    expect(outside).toEqual([]);
    const manifest = (await import(`${packed.directory}/package.json`, { with: { type: 'json' } })) as {
      default: { dependencies?: unknown };
    };
    expect(manifest.default.dependencies ?? {}).toEqual({});
  });

  it('ships one core bundle that every node and credential shares', () => {
    const bundles = packed.files.filter((file) => file.endsWith('ecostruxure-core.js'));
    expect(bundles).toEqual(['dist/shared/ecostruxure-core.js']);
  });
});

describe('credentials in a real n8n', () => {
  it('loads every credential type of the package', async () => {
    const types = await rest.request<Array<{ name: string }>>('GET', '/types/credentials.json');
    const names = types.body.map((type) => type.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ecoStruxureOAuth2Api',
        'ecoStruxureClientCredentialsOAuth2Api',
        'ecoStruxurePersonalAccessTokenApi',
        'ecoStruxureApiKeyApi',
        'energyHubOAuth2Api',
      ]),
    );
  });

  it('tests a personal access token: accepted when valid, refused when not', async () => {
    const good = { baseUrl: sim.url, token: DEMO_CREDENTIALS.personalAccessToken.value };
    const credential = await createCredential('PAT', 'ecoStruxurePersonalAccessTokenApi', good);
    expect(await testCredential(credential, good)).toMatchObject({ status: 'OK' });
    const bad = { baseUrl: sim.url, token: 'not-a-token' };
    expect(await testCredential(credential, bad)).toMatchObject({ status: 'Error' });
  });

  it.each(['query', 'header'] as const)('tests an API key sent as %s', async (placement) => {
    const data = { baseUrl: sim.url, apiKey: DEMO_CREDENTIALS.apiKey.value, placement };
    const credential = await createCredential(`API key ${placement}`, 'ecoStruxureApiKeyApi', data);
    sim.control.clearRequests();
    expect(await testCredential(credential, data)).toMatchObject({ status: 'OK' });
    const [logged] = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' });
    if (placement === 'query') expect(logged?.url).toContain('apikey=');
    else expect(logged?.headers['x-api-key']).toBeDefined();
  });

  it.each(['header', 'body'] as const)('tests client credentials with the secret in the %s', async (how) => {
    const data = {
      baseUrl: sim.url,
      clientId: DEMO_CREDENTIALS.partner.clientId,
      clientSecret: DEMO_CREDENTIALS.partner.clientSecret,
      authentication: how,
    };
    const credential = await createCredential(
      `Partner ${how}`,
      'ecoStruxureClientCredentialsOAuth2Api',
      data,
    );
    expect(await testCredential(credential, data)).toMatchObject({ status: 'OK' });
    const wrong = { ...data, clientSecret: 'wrong-secret' };
    expect(await testCredential(credential, wrong)).toMatchObject({ status: 'Error' });
  });

  it('tests an Energy Hub access client against the Energy Hub token and GraphQL URLs', async () => {
    const data = {
      baseUrl: sim.url,
      clientId: DEMO_CREDENTIALS.accessClient.clientId,
      clientSecret: DEMO_CREDENTIALS.accessClient.clientSecret,
    };
    const credential = await createCredential('Energy Hub', 'energyHubOAuth2Api', data);
    sim.control.clearRequests();
    expect(await testCredential(credential, data)).toMatchObject({ status: 'OK' });
    const paths = sim.control.requests({ pathPrefix: '/energy-hub' }).map((entry) => entry.url.split('?')[0]);
    expect(paths).toEqual(expect.arrayContaining(['/energy-hub/v1/oauth/token', '/energy-hub/v1/graphql']));
  });

  it('connects the OAuth2 credential through the consent page (PKCE, offline_access)', async () => {
    const data = {
      baseUrl: sim.url,
      clientId: DEMO_CREDENTIALS.isvApp.clientId,
      clientSecret: DEMO_CREDENTIALS.isvApp.clientSecret,
    };
    const credential = await createCredential('Customer consent', 'ecoStruxureOAuth2Api', data);
    const connected = await connectOAuth2(credential.id);
    expect(connected.text).not.toMatch(/error/i);
    const consents = sim.control.consents();
    expect(consents.some((consent) => consent.clientId === DEMO_CREDENTIALS.isvApp.clientId)).toBe(true);
    // The editor shows "Account connected" from this flag; the tokens themselves never leave n8n. Requests
    // with the connected credential run in the workflow tests below.
    const stored = await rest.data<{ data: Record<string, unknown> }>(
      'GET',
      `/rest/credentials/${credential.id}?includeData=true`,
    );
    expect(stored.data.oauthTokenData).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(DEMO_CREDENTIALS.isvApp.clientSecret);
  });
});

/** What a user's browser does after clicking Connect: provider page, approve, back to n8n's callback. */
async function connectOAuth2(credentialId: string) {
  const authorizeUrl = await rest.data<string>('GET', `/rest/oauth2-credential/auth?id=${credentialId}`);
  expect(authorizeUrl.startsWith(sim.urls.authorize)).toBe(true);
  const authorizeUrlParams = new URL(authorizeUrl).searchParams;
  expect(authorizeUrlParams.get('code_challenge_method')).toBe('S256');
  expect(authorizeUrlParams.get('scope')).toContain('offline_access');
  const callback = await approveConsent(authorizeUrl);
  expect(callback).toContain('/rest/oauth2-credential/callback?');
  const result = await rest.get(callback);
  expect(result.status).toBe(200);
  return result;
}
