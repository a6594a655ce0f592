/**
 * The part of n8n that stores credentials and applies them to requests, for the engine tests: our credential
 * types' defaults and `$self` expressions resolved as n8n resolves them, generic and function
 * `authenticate`, and OAuth2 token data saved back when n8n-core fetches or refreshes a token.
 */
import type {
  ICredentialDataDecryptedObject,
  ICredentials,
  ICredentialType,
  IHttpRequestOptions,
  INode,
  INodeCredentialsDetails,
  INodeParameters,
  INodeProperties,
  INodeTypes,
  IRequestOptionsSimplified,
  Workflow,
} from 'n8n-workflow';
import { n8nWorkflow } from './n8n.mjs';

const { ICredentialsHelper, NodeHelpers } = n8nWorkflow;

export interface StoredCredential {
  type: string;
  data: ICredentialDataDecryptedObject;
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
  /** The "database": credential id -> type and decrypted data. Tests read token data from here. */
  readonly store = new Map<string, StoredCredential>();
  /** How many times n8n-core saved new OAuth2 token data, per credential id. */
  readonly tokenSaves = new Map<string, number>();

  constructor(
    private readonly credentialTypes: Map<string, ICredentialType>,
    private readonly nodeTypes: INodeTypes,
  ) {
    super();
  }

  add(id: string, type: string, data: ICredentialDataDecryptedObject): void {
    this.store.set(id, { type, data });
  }

  getParentTypes(name: string): string[] {
    const parents = this.credentialTypes.get(name)?.extends ?? [];
    return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
  }

  isCredentialUsableByNode(): boolean {
    return true;
  }

  getCredentialsProperties(type: string): INodeProperties[] {
    return this.credentialTypes.get(type)?.properties ?? [];
  }

  async getCredentials(): Promise<ICredentials> {
    throw new Error('The engine tests read decrypted credentials only');
  }

  async getDecrypted(
    _additionalData: unknown,
    nodeCredentials: INodeCredentialsDetails,
    type: string,
  ): Promise<ICredentialDataDecryptedObject> {
    const stored = nodeCredentials.id ? this.store.get(nodeCredentials.id) : undefined;
    if (!stored || stored.type !== type)
      throw new Error(`No ${type} credential with id ${nodeCredentials.id}`);
    const withDefaults = {
      ...stored.data,
      ...(NodeHelpers.getNodeParameters(
        this.getCredentialsProperties(type),
        stored.data as INodeParameters,
        true,
        false,
        null,
        null,
      ) ?? {}),
    } as ICredentialDataDecryptedObject;
    const workflow = this.expressionWorkflow();
    const node = workflow.getNode('credential') as INode;
    return workflow.expression.getComplexParameterValue(
      node,
      withDefaults as INodeParameters,
      'internal',
      {},
      undefined,
      undefined,
      withDefaults,
    ) as ICredentialDataDecryptedObject;
  }

  async authenticate(
    credentials: ICredentialDataDecryptedObject,
    typeName: string,
    requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
  ): Promise<IHttpRequestOptions> {
    const authenticate = this.credentialTypes.get(typeName)?.authenticate;
    if (typeof authenticate === 'function') {
      return await authenticate(credentials, requestOptions as IHttpRequestOptions);
    }
    if (!authenticate) return requestOptions as IHttpRequestOptions;
    const workflow = this.expressionWorkflow();
    const node = workflow.getNode('credential') as INode;
    const resolved = requestOptions as unknown as Record<string, Record<string, unknown>>;
    for (const [section, values] of Object.entries(authenticate.properties)) {
      resolved[section] ??= {};
      for (const [key, value] of Object.entries(values as Record<string, string>)) {
        resolved[section][key] = workflow.expression.getSimpleParameterValue(node, value, 'internal', {
          $credentials: credentials,
        });
      }
    }
    return requestOptions as IHttpRequestOptions;
  }

  async preAuthentication(): Promise<undefined> {
    return undefined;
  }

  async runPreAuthentication(): Promise<undefined> {
    return undefined;
  }

  async updateCredentials(
    nodeCredentials: INodeCredentialsDetails,
    type: string,
    data: ICredentialDataDecryptedObject,
  ) {
    if (nodeCredentials.id) this.store.set(nodeCredentials.id, { type, data });
  }

  async updateCredentialsOauthTokenData(
    nodeCredentials: INodeCredentialsDetails,
    type: string,
    data: ICredentialDataDecryptedObject,
  ): Promise<void> {
    const id = nodeCredentials.id;
    const stored = id ? this.store.get(id) : undefined;
    if (!id || !stored) throw new Error(`No ${type} credential with id ${String(id)}`);
    stored.data = { ...stored.data, ...(data.oauthTokenData ? { oauthTokenData: data.oauthTokenData } : {}) };
    this.tokenSaves.set(id, (this.tokenSaves.get(id) ?? 0) + 1);
  }

  /** A one-node workflow that gives credential expressions the evaluation context n8n gives them. */
  private expressionWorkflow(): Workflow {
    const [firstType] = Object.keys(this.nodeTypes.getKnownTypes());
    return new n8nWorkflow.Workflow({
      nodes: [
        {
          id: 'credential',
          name: 'credential',
          type: firstType ?? '',
          typeVersion: 1,
          position: [0, 0],
          parameters: {},
        },
      ],
      connections: {},
      active: false,
      nodeTypes: this.nodeTypes,
    });
  }
}
