/**
 * A real n8n with the packed package and an owner, a simulator, and an EcoStruxure personal access token
 * credential on it: what the template suites run against. `credentials` holds the credentials by type, as
 * `prepare` fills them into a template; a suite adds its own (a database) to it.
 */
import { DEMO_CREDENTIALS, startSimulator, type SimulatorHandle } from '@ecostruxure-connector/simulator';
import { installN8n, startN8n, type N8nProcess, type N8nRestClient } from '@ecostruxure-connector/n8n-host';
import { packPackage, type PackedPackage } from './package-tarball.mjs';

export interface TemplateHost {
  sim: SimulatorHandle;
  n8n: N8nProcess;
  rest: N8nRestClient;
  credentials: Record<string, { id: string; name: string }>;
  stop(): Promise<void>;
}

export async function startTemplateHost(sites: number): Promise<TemplateHost> {
  const installation = await installN8n({ onProgress: (line) => console.error(line) });
  const packed: PackedPackage = packPackage();
  const sim = await startSimulator({ port: 0, sites });
  const n8n = await startN8n({ n8nDir: installation.dir, extensionsDir: packed.directory });
  const rest = n8n.restClient();
  await rest.setupOwner();
  const pat = await rest.createCredential('PAT', 'ecoStruxurePersonalAccessTokenApi', {
    baseUrl: sim.url,
    token: DEMO_CREDENTIALS.personalAccessToken.value,
  });
  return {
    sim,
    n8n,
    rest,
    credentials: { ecoStruxurePersonalAccessTokenApi: { id: pat.id, name: pat.name } },
    async stop() {
      await n8n.stop();
      await sim.close();
      packed.remove();
    },
  };
}
