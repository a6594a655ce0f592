import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
