/**
 * Core's client authentication against each strict mode of the simulator's token endpoint, with a secret
 * holding every character on which raw and form-encoded Basic credentials differ (`+ / = : % &` and a
 * space). A lenient server accepts either encoding and hides a client that picks the wrong one; these
 * servers do not, so each default and each option is proven against the mode it is meant for.
 */
import { startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import type {
  ClientAuthenticationPolicy,
  BasicCredentialsEncodingPolicy,
} from '@ecostruxure-connector/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, ReauthorizationRequiredError, createEcoStruxureClient } from '../src/index.js';
import {
  createAuthorizationCodeAuth,
  createClientCredentialsAuth,
  type BasicCredentialsEncoding,
  type ClientAuthenticationOption,
} from '../src/advanced.js';
import { createAxiosTransport, nodeRuntime } from '../src/node/index.js';

/** What an error tells the user: what happened, then what to do. */
const said = (error: unknown) => {
  const { message, description } = error as { message: string; description?: string };
  return `${message} ${description ?? ''}`;
};

const SECRET = 'p+s/w=r:d%2F&x y';
const REDIRECT_URI = 'http://127.0.0.1/callback';
const transport = createAxiosTransport({ keepAlive: false });
let sim: SimulatorHandle;

type Mode = [ClientAuthenticationPolicy, BasicCredentialsEncodingPolicy];
const MODES: Mode[] = [
  ['client_secret_post', 'raw'],
  ['client_secret_basic', 'raw'],
  ['client_secret_basic', 'form-urlencoded'],
  ['either', 'raw'],
];
const partnerId = ([method, encoding]: Mode) => `partner-${method}-${encoding}`;
const isvId = ([method, encoding]: Mode) => `isv-${method}-${encoding}`;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    sites: 1,
    clients: MODES.flatMap((mode) => [
      {
        clientId: partnerId(mode),
        clientSecret: SECRET,
        name: 'Strict partner',
        redirectUris: [],
        grantTypes: ['client_credentials' as const],
        scopes: ['read:site'],
        clientAuthentication: mode[0],
        basicCredentialsEncoding: mode[1],
      },
      {
        clientId: isvId(mode),
        clientSecret: SECRET,
        name: 'Strict ISV app',
        redirectUris: [REDIRECT_URI],
        grantTypes: ['authorization_code' as const, 'refresh_token' as const],
        scopes: ['read:site'],
        clientAuthentication: mode[0],
        basicCredentialsEncoding: mode[1],
      },
    ]),
  });
});
afterAll(async () => {
  transport.close();
  await sim.close();
});

interface CoreSetting {
  clientAuthentication?: ClientAuthenticationOption;
  basicCredentialsEncoding?: BasicCredentialsEncoding;
}

const SETTINGS: CoreSetting[] = [
  {},
  { clientAuthentication: 'client_secret_post' },
  { clientAuthentication: 'client_secret_basic', basicCredentialsEncoding: 'form-urlencoded' },
  { clientAuthentication: 'basic' },
];

/**
 * Which of SETTINGS each mode accepts, for client credentials (default: raw Basic) and for authorization
 * code (default: the body). Written out rather than computed, so the table is the specification.
 */
const ACCEPTED: Record<string, { clientCredentials: boolean[]; authorizationCode: boolean[] }> = {
  'client_secret_post raw': {
    clientCredentials: [false, true, false, false],
    authorizationCode: [true, true, false, false],
  },
  'client_secret_basic raw': {
    clientCredentials: [true, false, false, true],
    authorizationCode: [false, false, false, true],
  },
  'client_secret_basic form-urlencoded': {
    clientCredentials: [false, false, true, false],
    authorizationCode: [false, false, true, false],
  },
  'either raw': {
    clientCredentials: [true, true, false, true],
    authorizationCode: [true, true, false, true],
  },
};

describe.each(MODES)('a client registered for %s with %s Basic encoding', (method, encoding) => {
  const mode: Mode = [method, encoding];
  const accepted = ACCEPTED[`${method} ${encoding}`];

  it.each(SETTINGS.map((setting, index) => [setting, index] as const))(
    'client credentials with %o',
    async (setting, index) => {
      const auth = createClientCredentialsAuth({
        tokenUrl: sim.urls.token,
        clientId: partnerId(mode),
        clientSecret: SECRET,
        transport,
        runtime: nodeRuntime,
        ...setting,
      });
      const outcome = await auth.refresh().catch((caught: unknown) => caught);
      if (accepted?.clientCredentials[index]) {
        expect(outcome).toMatchObject({ tokenType: 'Bearer' });
        return;
      }
      expect(outcome).toBeInstanceOf(AuthenticationError);
      const message = said(outcome);
      expect(message).toMatch(/invalid_client/);
      // The message names the option that fixes it.
      expect(message).toMatch(
        /clientAuthentication to "client_secret_(post|basic)"|basicCredentialsEncoding/,
      );
      expect(JSON.stringify(outcome)).not.toContain(SECRET);
      expect(message).not.toContain(SECRET);
    },
  );

  it.each(SETTINGS.map((setting, index) => [setting, index] as const))(
    'authorization code refresh with %o',
    async (setting, index) => {
      const auth = createAuthorizationCodeAuth({
        tokenUrl: sim.urls.token,
        authorizeUrl: sim.urls.authorize,
        redirectUri: REDIRECT_URI,
        clientId: isvId(mode),
        clientSecret: SECRET,
        transport,
        runtime: nodeRuntime,
        // A made-up refresh token: a client that passes authentication is told invalid_grant instead.
        tokens: { accessToken: 'esx_at_unknown', tokenType: 'Bearer', refreshToken: 'esx_rt_unknown' },
        ...setting,
      });
      const outcome = await auth.refresh().catch((caught: unknown) => caught);
      if (accepted?.authorizationCode[index]) {
        expect(outcome).toBeInstanceOf(ReauthorizationRequiredError);
        expect(said(outcome)).toMatch(/invalid_grant/);
      } else {
        expect(outcome).toBeInstanceOf(AuthenticationError);
        expect(said(outcome)).toMatch(/invalid_client/);
      }
      expect(JSON.stringify(outcome)).not.toContain(SECRET);
    },
  );
});

it('createEcoStruxureClient passes clientAuthentication and basicCredentialsEncoding to the strategy', async () => {
  const formOnly: Mode = ['client_secret_basic', 'form-urlencoded'];
  const client = (basicCredentialsEncoding?: BasicCredentialsEncoding) =>
    createEcoStruxureClient({
      baseUrl: sim.url,
      credentials: {
        kind: 'clientCredentials',
        clientId: partnerId(formOnly),
        clientSecret: SECRET,
        clientAuthentication: 'basic',
        ...(basicCredentialsEncoding === undefined ? {} : { basicCredentialsEncoding }),
      },
      transport,
      runtime: nodeRuntime,
    });
  const refused = await client()
    .auth.apply({ method: 'GET', url: new URL(sim.urls.carbonApi), headers: {} })
    .catch((caught: unknown) => caught);
  expect(said(refused)).toMatch(/basicCredentialsEncoding to "form-urlencoded"/);
  const request = { method: 'GET' as const, url: new URL(sim.urls.carbonApi), headers: {} };
  await client('form-urlencoded').auth.apply(request);
  expect(request.headers).toHaveProperty('authorization', expect.stringMatching(/^Bearer esx_at_/));
});
