/**
 * The Energy Hub access client's settings: Schneider does not publish the GraphQL URL, so none is
 * assumed; an empty one is refused naming the field by its label, before any request.
 */
import { ValidationError } from '@ecostruxure-connector/core';
import { describe, expect, it } from 'vitest';
import { accessClientSettings } from '../../src/lib/account/access-client-settings.js';

const secrets = { clientId: 'demo-access-client', clientSecret: 'demo-access-client-secret' };

describe('Energy Hub access client settings', () => {
  it.each([undefined, '', '   '])('refuses a GraphQL URL of %j, naming it', (graphqlUrl) => {
    const refuse = () => accessClientSettings({ graphqlUrl }, secrets);
    expect(refuse).toThrow(ValidationError);
    expect(refuse).toThrow(/^GraphQL URL is empty: enter the Energy Hub GraphQL URL of your integration/);
    try {
      refuse();
    } catch (error) {
      expect((error as ValidationError).description).toBe(
        'Correct "GraphQL URL" as the message says, then run again.',
      );
    }
  });

  it('uses the GraphQL URL entered, and its host for the token', () => {
    const settings = accessClientSettings(
      { graphqlUrl: 'http://127.0.0.1:4010/energy-hub/v1/graphql' },
      secrets,
    );
    expect(settings.baseUrl).toBe('http://127.0.0.1:4010');
    expect(settings.endpoints).toEqual({ energyHubGraphql: 'http://127.0.0.1:4010/energy-hub/v1/graphql' });
  });
});
