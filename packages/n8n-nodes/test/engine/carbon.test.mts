/**
 * EcoStruxure Carbon in n8n's own engine (n8n-core WorkflowExecute), against the simulator: every
 * operation, each credential type applied by n8n, paging, many items paired to their inputs, token expiry
 * handled by n8n's OAuth2 refresh, revoked consent, continue-on-fail and bad input.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorizeWithConsent } from '../support/consent.mjs';
import { EngineHarness } from './harness/engine.mjs';
import { CREDENTIAL_IDS, singleNodeWorkflow, type CredentialType } from './harness/workflows.mjs';

let sim: SimulatorHandle;
let harness: EngineHarness;

beforeAll(async () => {
  // 'all': the gateway's client-credentials tokens and API keys are accepted by the Carbon API too.
  sim = await startSimulator({ port: 0, sites: 30, carbonCredentials: 'all' });
  harness = new EngineHarness();
  const credentials = harness.credentials;
  credentials.add(CREDENTIAL_IDS.ecoStruxurePersonalAccessTokenApi, 'ecoStruxurePersonalAccessTokenApi', {
    baseUrl: sim.url,
    token: DEMO_CREDENTIALS.personalAccessToken.value,
  });
  credentials.add(CREDENTIAL_IDS.ecoStruxureApiKeyApi, 'ecoStruxureApiKeyApi', {
    baseUrl: sim.url,
    apiKey: DEMO_CREDENTIALS.apiKey.value,
    placement: 'query',
  });
  credentials.add(
    CREDENTIAL_IDS.ecoStruxureClientCredentialsOAuth2Api,
    'ecoStruxureClientCredentialsOAuth2Api',
    {
      baseUrl: sim.url,
      clientId: DEMO_CREDENTIALS.partner.clientId,
      clientSecret: DEMO_CREDENTIALS.partner.clientSecret,
      authentication: 'body',
    },
  );
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(() => {
  sim.control.clearFaults();
  sim.control.clearRequests();
});

const AUTHENTICATION: Record<CredentialType, string> = {
  ecoStruxureOAuth2Api: 'oAuth2',
  ecoStruxureClientCredentialsOAuth2Api: 'clientCredentials',
  ecoStruxurePersonalAccessTokenApi: 'personalAccessToken',
  ecoStruxureApiKeyApi: 'apiKey',
  energyHubOAuth2Api: '',
};

function carbon(
  parameters: INodeParameters,
  credentialType: CredentialType = 'ecoStruxurePersonalAccessTokenApi',
  continueOnFail = false,
) {
  return singleNodeWorkflow(
    'Carbon',
    'ecoStruxureCarbon',
    { authentication: AUTHENTICATION[credentialType], ...parameters },
    credentialType,
    { continueOnFail },
  );
}

async function connectConsent(): Promise<void> {
  const tokens = await authorizeWithConsent({
    authorizeUrl: sim.urls.authorize,
    tokenUrl: sim.urls.token,
    clientId: DEMO_CREDENTIALS.isvApp.clientId,
    clientSecret: DEMO_CREDENTIALS.isvApp.clientSecret,
    redirectUri: 'http://127.0.0.1/callback',
    scope: 'read:site read:carbon-emission offline_access',
  });
  harness.credentials.add(CREDENTIAL_IDS.ecoStruxureOAuth2Api, 'ecoStruxureOAuth2Api', {
    baseUrl: sim.url,
    clientId: DEMO_CREDENTIALS.isvApp.clientId,
    clientSecret: DEMO_CREDENTIALS.isvApp.clientSecret,
    oauthTokenData: tokens as IDataObject,
  });
}

describe('Site', () => {
  it('gets many sites, all of them across pages', async () => {
    const { output } = await harness.run(
      carbon({ resource: 'site', operation: 'getAll', returnAll: true }),
      'Carbon',
    );
    const { items, error } = output('Carbon');
    expect(error).toBeUndefined();
    expect(items).toHaveLength(30);
    expect(new Set(items.map((item) => item.json.id)).size).toBe(30);
    expect(items.every((item) => JSON.stringify(item.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
  });

  it('gets many sites up to a limit', async () => {
    const { output } = await harness.run(
      carbon({ resource: 'site', operation: 'getAll', returnAll: false, limit: 3 }),
      'Carbon',
    );
    expect(output('Carbon').items).toHaveLength(3);
  });

  it('gets many sites filtered by country', async () => {
    const all = await harness.run(
      carbon({ resource: 'site', operation: 'getAll', returnAll: true }),
      'Carbon',
    );
    const country = String(all.output('Carbon').items[0]?.json.countryIsoCode);
    const expected = all.output('Carbon').items.filter((item) => item.json.countryIsoCode === country).length;
    const { output } = await harness.run(
      carbon({
        resource: 'site',
        operation: 'getAll',
        returnAll: true,
        filters: { countryIsoCode: country },
      }),
      'Carbon',
    );
    expect(output('Carbon').items).toHaveLength(expected);
    expect(expected).toBeLessThan(30);
    expect(output('Carbon').items.every((item) => item.json.countryIsoCode === country)).toBe(true);
  });

  it('gets one site picked by URL', async () => {
    const [siteId] = sim.control.siteIds();
    const { output } = await harness.run(
      carbon({
        resource: 'site',
        operation: 'get',
        site: { __rl: true, mode: 'url', value: `${sim.urls.carbonApi}/sites/${siteId}` },
      }),
      'Carbon',
    );
    expect(output('Carbon').items.map((item) => item.json.id)).toEqual([siteId]);
  });

  it.each(['ecoStruxureApiKeyApi', 'ecoStruxureClientCredentialsOAuth2Api'] as const)(
    'reads sites with the %s credential applied by n8n',
    async (credentialType) => {
      const { output } = await harness.run(
        carbon({ resource: 'site', operation: 'getAll', returnAll: false, limit: 2 }, credentialType),
        'Carbon',
      );
      expect(output('Carbon').error).toBeUndefined();
      expect(output('Carbon').items).toHaveLength(2);
      const logged = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' });
      if (credentialType === 'ecoStruxureApiKeyApi') expect(logged[0]?.url).toContain('apikey=');
      else expect(logged[0]?.headers.authorization).toMatch(/^Bearer /);
    },
  );
});

describe('a credential the API does not take', () => {
  it('says to reconnect or check the credential, with the API status, when the Carbon API refuses an API key', async () => {
    const strict = await startSimulator({ port: 0, sites: 2 }); // Carbon API as documented: no API keys
    try {
      const harness = new EngineHarness();
      harness.credentials.add(CREDENTIAL_IDS.ecoStruxureApiKeyApi, 'ecoStruxureApiKeyApi', {
        baseUrl: strict.url,
        apiKey: DEMO_CREDENTIALS.apiKey.value,
        placement: 'header',
      });
      const { output } = await harness.run(
        carbon({ resource: 'site', operation: 'getAll', returnAll: true }, 'ecoStruxureApiKeyApi'),
        'Carbon',
      );
      const { error } = output('Carbon');
      expect(error?.message).toContain('reconnect the EcoStruxure credential');
      expect(error?.httpCode).toBe('401');
      expect(JSON.stringify(error)).not.toContain(DEMO_CREDENTIALS.apiKey.value);
    } finally {
      await strict.close();
    }
  });
});

describe('the API key credential', () => {
  it('sends the key as the apikey query parameter unless told otherwise, as the gateway documents', async () => {
    const own = new EngineHarness();
    own.credentials.add(CREDENTIAL_IDS.ecoStruxureApiKeyApi, 'ecoStruxureApiKeyApi', {
      baseUrl: sim.url,
      apiKey: DEMO_CREDENTIALS.apiKey.value,
    });
    const { output } = await own.run(
      carbon({ resource: 'site', operation: 'getAll', returnAll: false, limit: 1 }, 'ecoStruxureApiKeyApi'),
      'Carbon',
    );
    expect(output('Carbon').error).toBeUndefined();
    const [logged] = sim.control.requests().filter((entry) => entry.url.includes('/sites'));
    // The log redacts the key's value, not the parameter's name.
    expect(logged?.url).toContain('apikey=');
    expect(logged?.headers['x-api-key']).toBeUndefined();
  });
});

describe('the client-credentials Token URL', () => {
  function harnessWithTokenUrl(tokenUrl: string): EngineHarness {
    const own = new EngineHarness();
    own.credentials.add(
      CREDENTIAL_IDS.ecoStruxureClientCredentialsOAuth2Api,
      'ecoStruxureClientCredentialsOAuth2Api',
      {
        baseUrl: sim.url,
        tokenUrl,
        clientId: DEMO_CREDENTIALS.partner.clientId,
        clientSecret: DEMO_CREDENTIALS.partner.clientSecret,
        authentication: 'body',
      },
    );
    return own;
  }
  const listSites = carbon(
    { resource: 'site', operation: 'getAll', returnAll: false, limit: 2 },
    'ecoStruxureClientCredentialsOAuth2Api',
  );
  const tokenPaths = () =>
    sim.control
      .requests()
      .map((entry) => new URL(entry.url, sim.url).pathname)
      .filter((path) => path.includes('token'));

  it('asks for the token at the URL entered instead of the one below the base URL', async () => {
    const { output } = await harnessWithTokenUrl(`${sim.url}/partner/oauth/token`).run(listSites, 'Carbon');
    expect(output('Carbon').error).toBeDefined();
    // n8n may try more than once; every try goes to the URL entered.
    expect([...new Set(tokenPaths())]).toEqual(['/partner/oauth/token']);
  });

  it('refuses a Token URL that is not a URL, naming it, before any request', async () => {
    const { output } = await harnessWithTokenUrl('token-endpoint').run(listSites, 'Carbon');
    expect(output('Carbon').error?.message).toContain('Token URL is not a URL');
    expect(sim.control.requests()).toHaveLength(0);
  });
});

describe('Emission', () => {
  it('gets the last 24 hours of a site as one row per hour, for many input items, each paired to its input', async () => {
    const siteIds = sim.control.siteIds().slice(0, 4);
    const { output } = await harness.run(
      carbon({
        resource: 'emission',
        operation: 'get',
        site: { __rl: true, mode: 'id', value: '={{ $json.siteId }}' },
        range: 'last24Hours',
        granularity: 'PT1H',
        output: 'rows',
      }),
      'Carbon',
      siteIds.map((siteId) => ({ siteId })),
    );
    const { items, error } = output('Carbon');
    expect(error).toBeUndefined();
    expect(items).toHaveLength(4 * 24);
    for (const [index, siteId] of siteIds.entries()) {
      const rows = items.filter((item) => (item.pairedItem as { item: number }).item === index);
      expect(rows).toHaveLength(24);
      expect(rows.every((row) => row.json.siteId === siteId)).toBe(true);
    }
  });

  it('with Continue On Fail, keeps the rows of the sites that answered and gives each failed site an error item', async () => {
    const [siteId] = sim.control.siteIds();
    const run = (continueOnFail: boolean) =>
      harness.run(
        carbon(
          {
            resource: 'emission',
            operation: 'get',
            site: { __rl: true, mode: 'id', value: `${siteId}, site-9999` },
            range: 'last24Hours',
            granularity: 'PT1H',
            output: 'rows',
          },
          'ecoStruxurePersonalAccessTokenApi',
          continueOnFail,
        ),
        'Carbon',
      );
    const { items } = (await run(true)).output('Carbon');
    expect(items).toHaveLength(25);
    expect(items.slice(0, 24).every((item) => item.json.siteId === siteId)).toBe(true);
    expect(items[24]?.json.error).toMatchObject({ siteId: 'site-9999', code: 'API_ERROR', httpCode: 404 });
    expect(items[24]?.pairedItem).toEqual({ item: 0 });

    const { error } = (await run(false)).output('Carbon');
    expect(error?.message).toContain('site site-9999');
  });

  it('gets a custom range in the API shape', async () => {
    const [siteId] = sim.control.siteIds();
    const { output } = await harness.run(
      carbon({
        resource: 'emission',
        operation: 'get',
        site: { __rl: true, mode: 'list', value: siteId },
        range: 'custom',
        from: '2026-11-01T00:00:00Z',
        to: '2026-11-03T00:00:00Z',
        granularity: 'P1D',
        output: 'series',
        options: { method: 'market-based' },
      }),
      'Carbon',
    );
    const { items, error } = output('Carbon');
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
    expect(JSON.stringify(items[0]?.json)).toContain(siteId);
    const [logged] = sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' });
    expect(logged?.url).toContain('market-based');
  });

  it('says which field is wrong when the custom range is backwards, before any request', async () => {
    const [siteId] = sim.control.siteIds();
    const { output } = await harness.run(
      carbon({
        resource: 'emission',
        operation: 'get',
        site: { __rl: true, mode: 'id', value: siteId },
        range: 'custom',
        from: '2026-11-03T00:00:00Z',
        to: '2026-11-01T00:00:00Z',
        granularity: 'P1D',
        output: 'rows',
      }),
      'Carbon',
    );
    const { error } = output('Carbon');
    expect(error?.message).toMatch(/from|to/i);
    expect(sim.control.requests({ pathPrefix: '/ecostruxure/carbon-emission' })).toHaveLength(0);
  });

  it('compares sites to the grid rate', async () => {
    const siteIds = sim.control.siteIds().slice(0, 5);
    const { output } = await harness.run(
      carbon({
        resource: 'emission',
        operation: 'compareToGridRate',
        siteIds: siteIds.join(','),
        thresholdPercent: 0,
      }),
      'Carbon',
    );
    const { items, error } = output('Carbon');
    expect(error).toBeUndefined();
    expect(items).toHaveLength(5);
    for (const item of items) {
      expect(typeof item.json.percentAboveGlobalRate).toBe('number');
      expect(item.json.above).toBe((item.json.percentAboveGlobalRate as number) > 0);
    }
  });
});

describe('Global Rate', () => {
  it('gets the grid rate of one country', async () => {
    const { output } = await harness.run(
      carbon({ resource: 'globalRate', operation: 'get', filters: { countryIsoCode: 'FR' } }),
      'Carbon',
    );
    const { items, error } = output('Carbon');
    expect(error).toBeUndefined();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.json.countryIsoCode === 'FR')).toBe(true);
  });
});

describe('OAuth2 with customer consent', () => {
  it('keeps working after the access token expires: n8n refreshes it and saves the new tokens', async () => {
    await connectConsent();
    const before = harness.credentials.store.get(CREDENTIAL_IDS.ecoStruxureOAuth2Api)?.data
      .oauthTokenData as {
      access_token: string;
    };
    const list = carbon(
      { resource: 'site', operation: 'getAll', returnAll: false, limit: 1 },
      'ecoStruxureOAuth2Api',
    );
    expect((await harness.run(list, 'Carbon')).output('Carbon').items).toHaveLength(1);
    sim.control.expireAllTokens();
    const { output } = await harness.run(list, 'Carbon');
    expect(output('Carbon').error).toBeUndefined();
    expect(output('Carbon').items).toHaveLength(1);
    const after = harness.credentials.store.get(CREDENTIAL_IDS.ecoStruxureOAuth2Api)?.data.oauthTokenData as {
      access_token: string;
    };
    expect(after.access_token).not.toBe(before.access_token);
    expect(harness.credentials.tokenSaves.get(CREDENTIAL_IDS.ecoStruxureOAuth2Api)).toBeGreaterThanOrEqual(1);
  });

  it('says to reconnect the credential once the customer revoked consent, never a bare 401', async () => {
    await connectConsent();
    for (const consent of sim.control.consents()) sim.control.revokeConsent(consent.id);
    const list = carbon(
      { resource: 'site', operation: 'getAll', returnAll: false, limit: 1 },
      'ecoStruxureOAuth2Api',
    );
    const { output } = await harness.run(list, 'Carbon');
    const { error } = output('Carbon');
    expect(error?.message).toContain('reconnect the EcoStruxure credential');
    expect(JSON.stringify(error)).not.toContain(DEMO_CREDENTIALS.isvApp.clientSecret);
  });

  it('puts the error on the item and goes on when the node continues on failure', async () => {
    const { output } = await harness.run(
      carbon(
        {
          resource: 'site',
          operation: 'get',
          site: { __rl: true, mode: 'id', value: '={{ $json.siteId }}' },
        },
        'ecoStruxurePersonalAccessTokenApi',
        true,
      ),
      'Carbon',
      [{ siteId: sim.control.siteIds()[0] }, { siteId: 'no-such-site' }],
    );
    const { items } = output('Carbon');
    expect(items).toHaveLength(2);
    expect(items[0]?.json.id).toBe(sim.control.siteIds()[0]);
    expect(items[1]?.pairedItem).toEqual({ item: 1 });
    expect((items[1]?.json.error as { httpCode?: string }).httpCode).toBe('404');
  });
});
