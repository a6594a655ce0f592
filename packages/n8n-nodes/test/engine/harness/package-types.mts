/** The built package's node and credential types, loaded as n8n loads them: from dist, by the n8n field. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ICredentialType, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-ecostruxure';
const packageDir = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);

interface Manifest {
  n8n: { nodes: string[]; credentials: string[] };
}

function loadClass<T>(file: string): T {
  const className = basename(file).split('.')[0] ?? '';
  const exported = (require(join(packageDir, file)) as Record<string, new () => T>)[className];
  if (!exported) throw new Error(`${file} does not export ${className}; run the build first`);
  return new exported();
}

export function loadPackageTypes(): { nodeTypes: INodeTypes; credentialTypes: Map<string, ICredentialType> } {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest;
  const nodes = new Map<string, INodeType>();
  for (const file of manifest.n8n.nodes) {
    const node = loadClass<INodeType>(file);
    nodes.set(`${PACKAGE_NAME}.${node.description.name}`, node);
  }
  const credentialTypes = new Map<string, ICredentialType>();
  for (const file of manifest.n8n.credentials) {
    const credential = loadClass<ICredentialType>(file);
    credentialTypes.set(credential.name, credential);
  }
  const nodeTypes: INodeTypes = {
    getByName(type: string): INodeType | IVersionedNodeType {
      const node = nodes.get(type);
      if (!node) throw new Error(`Unknown node type ${type}`);
      return node;
    },
    getByNameAndVersion(type: string): INodeType {
      const node = nodes.get(type);
      if (!node) throw new Error(`Unknown node type ${type}`);
      return node;
    },
    getKnownTypes: () =>
      Object.fromEntries([...nodes.keys()].map((type) => [type, { className: type, sourcePath: '' }])),
  };
  return { nodeTypes, credentialTypes };
}
