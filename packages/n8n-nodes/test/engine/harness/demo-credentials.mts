/** A harness holding the simulator's demo personal access token and Energy Hub access client. */
import { DEMO_CREDENTIALS } from '@ecostruxure-connector/simulator';
import { EngineHarness } from './engine.mjs';
import { CREDENTIAL_IDS } from './workflows.mjs';

export function harnessWithDemoCredentials(simulatorUrl: string): EngineHarness {
  const harness = new EngineHarness();
  harness.credentials.add(
    CREDENTIAL_IDS.ecoStruxurePersonalAccessTokenApi,
    'ecoStruxurePersonalAccessTokenApi',
    {
      baseUrl: simulatorUrl,
      token: DEMO_CREDENTIALS.personalAccessToken.value,
    },
  );
  harness.credentials.add(CREDENTIAL_IDS.energyHubOAuth2Api, 'energyHubOAuth2Api', {
    baseUrl: simulatorUrl,
    clientId: DEMO_CREDENTIALS.accessClient.clientId,
    clientSecret: DEMO_CREDENTIALS.accessClient.clientSecret,
  });
  return harness;
}
