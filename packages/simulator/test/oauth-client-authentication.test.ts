/**
 * Client authentication policies: each client accepts Basic, the body or either, and Basic credentials
 * encoded raw (seed 001), form-urlencoded (RFC 6749 Appendix B) or either. The secret holds every
 * character on which the two encodings differ, so a client that picks the wrong one is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CREDENTIALS,
  startSimulator,
  type BasicCredentialsEncodingPolicy,
  type ClientAuthenticationPolicy,
  type SimulatorHandle,
} from '../src/index.js';
import { postForm } from './oauth-support.js';

const SECRET = 'p+s/w=r:d%2F&x y';

type Way = 'raw Basic' | 'form-urlencoded Basic' | 'body';

const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

function credentials(
  way: Way,
  clientId: string,
  secret: string,
): { fields: Record<string, string>; headers: Record<string, string> } {
  if (way === 'body') return { fields: { client_id: clientId, client_secret: secret }, headers: {} };
  const pair =
    way === 'raw Basic' ? `${clientId}:${secret}` : `${formEncode(clientId)}:${formEncode(secret)}`;
  return { fields: {}, headers: { authorization: `Basic ${Buffer.from(pair).toString('base64')}` } };
}

const POLICIES: [ClientAuthenticationPolicy, BasicCredentialsEncodingPolicy, Way[]][] = [
  ['client_secret_post', 'raw', ['body']],
  ['client_secret_basic', 'raw', ['raw Basic']],
  ['client_secret_basic', 'form-urlencoded', ['form-urlencoded Basic']],
  ['client_secret_basic', 'either', ['raw Basic', 'form-urlencoded Basic']],
  ['either', 'raw', ['raw Basic', 'body']],
  ['either', 'either', ['raw Basic', 'form-urlencoded Basic', 'body']],
];
const WAYS: Way[] = ['raw Basic', 'form-urlencoded Basic', 'body'];
const clientIdOf = (method: string, encoding: string) => `partner-${method}-${encoding}`;

describe('client authentication policies at the token endpoint', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      sites: 1,
      clients: POLICIES.map(([clientAuthentication, basicCredentialsEncoding]) => ({
        clientId: clientIdOf(clientAuthentication, basicCredentialsEncoding),
        clientSecret: SECRET,
        name: 'Policy test client',
        redirectUris: [],
        grantTypes: ['client_credentials'],
        scopes: ['read:site'],
        clientAuthentication,
        basicCredentialsEncoding,
      })),
      accessClients: [
        { ...DEMO_CREDENTIALS.accessClient, clientSecret: SECRET, permissions: 'all' },
        {
          ...DEMO_CREDENTIALS.noAccessClient,
          clientSecret: SECRET,
          permissions: 'all',
          clientAuthentication: 'client_secret_basic',
          basicCredentialsEncoding: 'raw',
        },
      ],
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  describe.each(POLICIES)('%s with %s encoding', (method, encoding, accepted) => {
    it.each(WAYS)('%s', async (way) => {
      const { fields, headers } = credentials(way, clientIdOf(method, encoding), SECRET);
      const response = await postForm(
        sim.urls.token,
        { grant_type: 'client_credentials', ...fields },
        headers,
      );
      const body = (await response.json()) as Record<string, unknown>;
      if (accepted.includes(way)) {
        expect(response.status).toBe(200);
        expect(body.access_token).toMatch(/^esx_at_/);
      } else {
        expect(response.status).toBe(401);
        expect(body.error).toBe('invalid_client');
        expect(JSON.stringify(body)).not.toContain(SECRET);
      }
    });
  });

  it('says which method a client must use once its secret is right', async () => {
    const { headers } = credentials('raw Basic', clientIdOf('client_secret_post', 'raw'), SECRET);
    const refused = await postForm(sim.urls.token, { grant_type: 'client_credentials' }, headers);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Basic realm="ecostruxure"');
    expect(await refused.json()).toEqual({
      error: 'invalid_client',
      error_description:
        'This client must authenticate with client_id and client_secret in the request body (client_secret_post), not an HTTP Basic header (client_secret_basic).',
    });
    // A wrong secret gets the generic answer: the policy is not told to someone without the secret.
    const wrong = credentials('raw Basic', clientIdOf('client_secret_post', 'raw'), 'wrong');
    const stranger = await postForm(sim.urls.token, { grant_type: 'client_credentials' }, wrong.headers);
    expect(await stranger.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed.',
    });
  });

  it('applies the policies at the Energy Hub token endpoint too (default: every method and encoding)', async () => {
    const url = sim.urls.energyHubToken;
    for (const way of WAYS) {
      const { fields, headers } = credentials(way, DEMO_CREDENTIALS.accessClient.clientId, SECRET);
      expect((await postForm(url, { grant_type: 'client_credentials', ...fields }, headers)).status).toBe(
        200,
      );
    }
    const strict = DEMO_CREDENTIALS.noAccessClient.clientId;
    for (const [way, status] of [
      ['raw Basic', 200],
      ['form-urlencoded Basic', 401],
      ['body', 401],
    ] as const) {
      const { fields, headers } = credentials(way, strict, SECRET);
      expect((await postForm(url, { grant_type: 'client_credentials', ...fields }, headers)).status).toBe(
        status,
      );
    }
  });
});

describe('documented defaults', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      sites: 1,
      clients: [
        {
          ...DEMO_CREDENTIALS.isvApp,
          clientId: 'isv',
          clientSecret: SECRET,
          clientAuthentication: undefined,
          basicCredentialsEncoding: undefined,
          redirectUris: [],
        },
        {
          ...DEMO_CREDENTIALS.partner,
          clientId: 'partner',
          clientSecret: SECRET,
          clientAuthentication: undefined,
          basicCredentialsEncoding: undefined,
        },
      ],
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  async function status(clientId: string, way: Way, grant: Record<string, string>): Promise<number> {
    const { fields, headers } = credentials(way, clientId, SECRET);
    return (await postForm(sim.urls.token, { ...grant, ...fields }, headers)).status;
  }

  it('an authorization-code client authenticates in the body only (seeds 000 and 003)', async () => {
    // A made-up refresh token: a client that passed authentication gets invalid_grant (400), not 401.
    const refresh = { grant_type: 'refresh_token', refresh_token: 'esx_rt_unknown' };
    expect(await status('isv', 'body', refresh)).toBe(400);
    expect(await status('isv', 'raw Basic', refresh)).toBe(401);
    expect(await status('isv', 'form-urlencoded Basic', refresh)).toBe(401);
  });

  it('a client-credentials client uses raw Basic or the body (seed 001)', async () => {
    const grant = { grant_type: 'client_credentials' };
    expect(await status('partner', 'raw Basic', grant)).toBe(200);
    expect(await status('partner', 'body', grant)).toBe(200);
    expect(await status('partner', 'form-urlencoded Basic', grant)).toBe(401);
  });
});
