/**
 * `authenticate` called directly, for the cases no production route can show yet: API keys on other
 * methods, the Carbon API's credential policy and the Energy Hub audience. Tokens come from the server's own routes on a local Fastify app.
 */
import formBody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../src/clock.js';
import type { AccessRequirement, AuthorizationServer, Principal } from '../src/context.js';
import { createAuthorizationServer } from '../src/oauth/index.js';
import { DEMO_CREDENTIALS, resolveOptions } from '../src/options.js';
import { ProblemError } from '../src/problem.js';

const carbon: AccessRequirement = { audience: 'carbon', scope: 'read:site' };
const energyHub: AccessRequirement = { audience: 'energy-hub' };

function request(
  method: string,
  headers: Record<string, string>,
  query: Record<string, string> = {},
): FastifyRequest {
  // Only the fields authenticate reads; a full FastifyRequest needs a live server.
  return { method, headers, query, ip: '127.0.0.1' } as unknown as FastifyRequest;
}

function refusal(run: () => Principal): ProblemError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('Access was unexpectedly granted.');
}

describe('authenticate', () => {
  let app: FastifyInstance;
  let auth: AuthorizationServer;

  beforeAll(async () => {
    auth = createAuthorizationServer({ options: resolveOptions({ port: 0 }), clock: new Clock() });
    app = Fastify();
    await app.register(formBody);
    auth.register(app);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  async function energyHubToken(credentials: { clientId: string; clientSecret: string }): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/energy-hub/v1/oauth/token',
      payload: {
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      },
    });
    expect(response.statusCode).toBe(200);
    return (response.json() as { access_token: string }).access_token;
  }

  it('refuses API keys on the Carbon API by default, naming the credentials it accepts', () => {
    const key = DEMO_CREDENTIALS.apiKey.value;
    const error = refusal(() => auth.authenticate(request('GET', {}, { apikey: key }), carbon));
    expect(error.status).toBe(401);
    expect(error.detail).toBe(
      'The Carbon Emission Data API accepts authorization-code tokens and personal access tokens only; not API keys.',
    );
    expect(error.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    const pat = `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}`;
    expect(auth.authenticate(request('POST', { authorization: pat }), carbon).kind).toBe(
      'personal-access-token',
    );
  });

  it('with carbonCredentials "all", accepts API keys on every method (seed 001 only says GET works in a browser)', () => {
    const widened = createAuthorizationServer({
      options: resolveOptions({ port: 0, carbonCredentials: 'all' }),
      clock: new Clock(),
    });
    const key = DEMO_CREDENTIALS.apiKey.value;
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      expect(widened.authenticate(request(method, { 'x-api-key': key }), carbon)).toMatchObject({
        kind: 'api-key',
        scopes: ['read:site', 'read:carbon-emission'],
      });
    }
  });

  it('gives access-client principals their role and permissions, on the Energy Hub audience only', async () => {
    const viewer = await energyHubToken(DEMO_CREDENTIALS.accessClient);
    const principal = auth.authenticate(request('POST', { authorization: `Bearer ${viewer}` }), energyHub);
    expect(principal).toMatchObject({
      kind: 'access-client',
      clientId: DEMO_CREDENTIALS.accessClient.clientId,
      role: 'viewer',
      permissions: 'all',
    });
    expect(principal.credentialId).not.toContain(viewer);

    const restricted = await energyHubToken(DEMO_CREDENTIALS.restrictedAccessClient);
    expect(
      auth.authenticate(request('POST', { authorization: `Bearer ${restricted}` }), energyHub),
    ).toMatchObject({
      role: 'viewer',
      permissions: ['region-1'],
    });
    const none = await energyHubToken(DEMO_CREDENTIALS.noAccessClient);
    expect(auth.authenticate(request('GET', { authorization: `Bearer ${none}` }), energyHub).role).toBe(
      'no-access',
    );

    const onCarbon = refusal(() =>
      auth.authenticate(request('GET', { authorization: `Bearer ${viewer}` }), carbon),
    );
    expect(onCarbon.status).toBe(401);
  });

  it('refuses carbon credentials on the Energy Hub audience', () => {
    const pat = refusal(() =>
      auth.authenticate(
        request('POST', { authorization: `Bearer ${DEMO_CREDENTIALS.personalAccessToken.value}` }),
        energyHub,
      ),
    );
    expect(pat.status).toBe(401);
    expect(pat.detail).toContain('Energy Hub');
    const key = refusal(() =>
      auth.authenticate(request('GET', { 'x-api-key': DEMO_CREDENTIALS.apiKey.value }), energyHub),
    );
    expect(key.status).toBe(401);
  });

  it('expires Energy Hub tokens with the rest', async () => {
    const token = await energyHubToken(DEMO_CREDENTIALS.accessClient);
    expect(auth.expireAllTokens()).toBeGreaterThan(0);
    const error = refusal(() =>
      auth.authenticate(request('POST', { authorization: `Bearer ${token}` }), energyHub),
    );
    expect(error.status).toBe(401);
    expect(error.detail).toContain('expired');
  });

  it('answers introspection with active:false for Energy Hub tokens and unknown values', async () => {
    const token = await energyHubToken(DEMO_CREDENTIALS.accessClient);
    for (const value of [token, 'esx_at_nothing']) {
      const response = await app.inject({
        method: 'POST',
        url: '/ecostruxure/v1/oauth/introspect',
        payload: {
          token: value,
          client_id: DEMO_CREDENTIALS.partner.clientId,
          client_secret: DEMO_CREDENTIALS.partner.clientSecret,
        },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ active: false });
    }
    const pat = await app.inject({
      method: 'POST',
      url: '/ecostruxure/v1/oauth/introspect',
      payload: {
        token: DEMO_CREDENTIALS.personalAccessToken.value,
        client_id: DEMO_CREDENTIALS.partner.clientId,
        client_secret: DEMO_CREDENTIALS.partner.clientSecret,
      },
    });
    expect(pat.json()).toMatchObject({ active: true, credential_kind: 'personal-access-token' });
    const unauthenticated = await app.inject({
      method: 'POST',
      url: '/ecostruxure/v1/oauth/introspect',
      payload: { token: 'x' },
    });
    expect(unauthenticated.statusCode).toBe(401);
    expect(unauthenticated.json()).toMatchObject({ error: 'invalid_client' });
    const missing = await app.inject({
      method: 'POST',
      url: '/ecostruxure/v1/oauth/introspect',
      payload: {
        client_id: DEMO_CREDENTIALS.partner.clientId,
        client_secret: DEMO_CREDENTIALS.partner.clientSecret,
      },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: 'invalid_request' });
  });
});
