/**
 * n8n community nodes may not use `process`, timers, `globalThis` or axios. Everything reachable from the
 * main entry point is bundled into the n8n node, so its whole import graph is checked here; Node-only
 * code lives behind `./node`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

const FORBIDDEN: Array<[string, RegExp]> = [
  ['process', /\bprocess\s*\./],
  ['timers', /\b(setTimeout|setInterval|setImmediate|clearTimeout|clearInterval)\s*\(/],
  ['globalThis', /\bglobalThis\b/],
  ['axios', /from\s+['"]axios['"]/],
  ['node: builtins', /from\s+['"]node:/],
  ['the wall clock (use runtime.now)', /\bDate\.now\s*\(/],
  ['Math.random (use runtime.random)', /\bMath\.random\s*\(/],
];

/** Source files reachable from `entry` through relative imports and re-exports. */
function importGraph(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      queue.push(resolve(dirname(file), (match[1] as string).replace(/\.js$/, '.ts')));
    }
  }
  return [...seen];
}

/** Comments explain why globals are avoided and may name them; only code counts. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('the main entry point is safe for n8n', () => {
  const files = importGraph(resolve(SRC, 'index.ts'));

  it('includes the HTTP layer and not the Node-only pieces', () => {
    expect(files).toContain(resolve(SRC, 'http/client.ts'));
    expect(files).toContain(resolve(SRC, 'http/retry.ts'));
    expect(files).toContain(resolve(SRC, 'http/concurrency.ts'));
    expect(files.some((file) => file.startsWith(resolve(SRC, 'node')))).toBe(false);
  });

  it.each(FORBIDDEN)('uses no %s', (_name, pattern) => {
    const offenders = files.filter((file) => pattern.test(withoutComments(readFileSync(file, 'utf8'))));
    expect(offenders.map((file) => file.slice(SRC.length + 1))).toEqual([]);
  });
});
