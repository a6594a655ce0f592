import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir } from '../support/paths.js';
import { startNodeRed, type NodeRed, type NodeRedVersion } from '../support/node-red.js';

describe.each<NodeRedVersion>(['5', '4'])('Node-RED %s.x loads the package', (version) => {
  let red: NodeRed;
  beforeAll(async () => {
    red = await startNodeRed({ version });
  });
  afterAll(async () => {
    await red?.stop();
  });

  it('registers every node set without a load error', async () => {
    const response = await red.request('/nodes', { headers: { accept: 'application/json' } });
    const sets = (await response.json()) as { module: string; name: string; err?: string; types: string[] }[];
    const ours = sets.filter((set) => set.module === '@ecostruxure-connector/node-red-nodes');
    expect(ours.map((set) => [set.name, set.err ?? null])).toContainEqual(['ecostruxure-account', null]);
    expect(ours.flatMap((set) => set.types)).toContain('ecostruxure-account');
  });

  // Node-RED answers an unknown icon with its generic arrow (status 200), so the bytes are compared.
  it.each(['ecostruxure.svg', 'energy-hub.svg'])('serves the icon %s from the icon route', async (icon) => {
    const response = await red.request(`/icons/@ecostruxure-connector/node-red-nodes/${icon}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(readFileSync(join(distDir, 'icons', icon), 'utf8'));
  });

  it('lists the icons among the module icons the editor offers', async () => {
    const response = await red.request('/icons', { headers: { accept: 'application/json' } });
    const icons = (await response.json()) as Record<string, string[]>;
    expect(icons['@ecostruxure-connector/node-red-nodes']).toEqual(['ecostruxure.svg', 'energy-hub.svg']);
  });
});
