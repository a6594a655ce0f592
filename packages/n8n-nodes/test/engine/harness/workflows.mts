/** Workflow JSON for the engine tests: one of our nodes, its parameters and its credential, by id. */
import type { INode, INodeParameters } from 'n8n-workflow';
import type { WorkflowJson } from './engine.mjs';
import { PACKAGE_NAME } from './package-types.mjs';

export const CREDENTIAL_IDS = {
  ecoStruxureOAuth2Api: 'consent',
  ecoStruxureClientCredentialsOAuth2Api: 'partner',
  ecoStruxurePersonalAccessTokenApi: 'pat',
  ecoStruxureApiKeyApi: 'api-key',
  energyHubOAuth2Api: 'access-client',
} as const;

export type CredentialType = keyof typeof CREDENTIAL_IDS;

export function singleNodeWorkflow(
  nodeName: string,
  type: string,
  parameters: INodeParameters,
  credentialType: CredentialType,
  options: { continueOnFail?: boolean } = {},
): WorkflowJson {
  const node: INode = {
    id: 'node-under-test',
    name: nodeName,
    type: `${PACKAGE_NAME}.${type}`,
    typeVersion: 1,
    position: [0, 0],
    parameters,
    credentials: { [credentialType]: { id: CREDENTIAL_IDS[credentialType], name: credentialType } },
    ...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
  };
  return { name: nodeName, nodes: [node], connections: {} };
}
