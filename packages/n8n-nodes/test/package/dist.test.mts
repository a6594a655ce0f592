/**
 * The built package as n8n's community-package review sees it: no restricted globals or requires in any
 * shipped file, zod and graphql inside the one shared core bundle (never n8n's zod 3, never a copy per
 * node), and codex entries that let users find the actions in their own words.
 */
import { existsSync, readFileSync, globSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findN8nViolations } from '../../../core/scripts/n8n-bundle-check.mjs';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(packageDir, 'dist');
const shipped = globSync('**/*.js', { cwd: dist }).map((file) => join(dist, file));

describe('the built package', () => {
  it('has been built', () => {
    expect(shipped.length).toBeGreaterThan(10);
  });

  it('uses no global or module n8n refuses, and its own requires stay inside dist', () => {
    const problems: string[] = [];
    for (const file of shipped) {
      for (const violation of findN8nViolations(readFileSync(file, 'utf8'), {
        allowedModules: ['n8n-workflow', 'crypto'],
      })) {
        const relative = violation.kind === 'require' && violation.name.startsWith('.');
        const target = relative ? resolve(dirname(file), violation.name) : '';
        if (relative && target.startsWith(dist) && (existsSync(target) || existsSync(`${target}.js`)))
          continue;
        problems.push(`${file.slice(dist.length + 1)}:${violation.line} ${violation.kind} ${violation.name}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('carries zod in one shared core bundle only', () => {
    const withZod = shipped.filter((file) => readFileSync(file, 'utf8').includes('ZodError'));
    expect(withZod.map((file) => file.slice(dist.length + 1))).toEqual(['shared/ecostruxure-core.js']);
    const nodeFiles = shipped.filter((file) => file.endsWith('.node.js'));
    for (const file of nodeFiles) expect(readFileSync(file).length).toBeLessThan(20_000);
  });

  it('keeps the shared core bundle small: zod/mini, not full zod', () => {
    // 168 KiB with zod/mini; full zod made it 588 KiB (see the README's Size section).
    expect(statSync(join(dist, 'shared/ecostruxure-core.js')).size).toBeLessThan(300 * 1024);
  });

  it('lists in its n8n field exactly the node and credential files it ships', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
      n8n: { nodes: string[]; credentials: string[] };
      dependencies?: unknown;
      peerDependencies: Record<string, string>;
    };
    const listed = [...manifest.n8n.nodes, ...manifest.n8n.credentials].sort();
    const built = shipped
      .filter((file) => /\.(node|credentials)\.js$/.test(file))
      .map((file) => `dist/${file.slice(dist.length + 1)}`)
      .sort();
    expect(listed).toEqual(built);
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
  });

  it.each([
    ['EcoStruxureCarbon', ['List Sites', 'Get Emissions']],
    ['EnergyHub', ['Energy Hub Query']],
  ])('lets users find %s by %j', (node, words) => {
    const codex = JSON.parse(readFileSync(join(dist, 'nodes', node, `${node}.node.json`), 'utf8')) as {
      alias: string[];
    };
    expect(codex.alias).toEqual(expect.arrayContaining(words));
  });
});
