/**
 * n8n community nodes may not use `process`, timers, `globalThis`, `Buffer` or axios, and may import only a
 * few packages (n8n's scanner lints the published `.js` with `no-restricted-globals` and
 * `no-restricted-imports`). Everything reachable from the root and `/advanced` entries is bundled into the n8n node,
 * so its whole import graph is checked here, on the syntax tree (so comments and strings never count and
 * `obj.process` is not the global); Node-only code lives behind `./node`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** The union of n8n's `no-restricted-globals` list and the Node globals its rules and review reject. */
const RESTRICTED_GLOBALS = new Set([
  'process',
  'global',
  'globalThis',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  '__dirname',
  '__filename',
  'Buffer',
  'require',
]);

/** Injected through the Runtime instead, so the n8n adapter controls time and randomness. */
const RESTRICTED_MEMBERS: ReadonlyArray<[string, string]> = [
  ['Date', 'now'],
  ['Math', 'random'],
];

/**
 * Packages core may import. n8n allows p-limit, zod and crypto; graphql is not on its list, so the n8n
 * adapter must bundle it (see the graphql test below for what that brings along).
 */
const ALLOWED_PACKAGES = new Set(['graphql', 'p-limit', 'zod', 'crypto']);

interface Scan {
  /** Relative module specifiers, as written. */
  relativeImports: string[];
  /** Findings as `rule: detail`. */
  findings: string[];
}

/** Imports and restricted uses of one file, read from its syntax tree. */
function scanSource(fileName: string, text: string): Scan {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const relativeImports: string[] = [];
  const findings: string[] = [];

  const addImport = (specifier: string) => {
    if (specifier.startsWith('./') || specifier.startsWith('../')) relativeImports.push(specifier);
    else {
      const name = specifier.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : (specifier.split('/')[0] ?? specifier);
      if (!ALLOWED_PACKAGES.has(name)) findings.push(`import: ${specifier}`);
    }
  };

  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      addImport(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteral(argument)) addImport(argument.text);
      else findings.push('import: a dynamic import() of a computed name');
    } else if (ts.isIdentifier(node) && RESTRICTED_GLOBALS.has(node.text)) {
      // Like n8n's rule: any use except as the property of a member access (`obj.process`).
      const parent = node.parent;
      const isMemberName = ts.isPropertyAccessExpression(parent) && parent.name === node;
      if (!isMemberName) findings.push(`global: ${node.text}`);
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      for (const [object, member] of RESTRICTED_MEMBERS) {
        if (node.expression.text === object && node.name.text === member) {
          findings.push(`member: ${object}.${member}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { relativeImports, findings };
}

/** `./x.js` in TypeScript sources means `./x.ts`; other files (graphql's `.mjs`) are imported as named. */
function resolveImport(from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier);
  const asTypeScript = target.replace(/\.js$/, '.ts');
  return asTypeScript !== target && existsSync(asTypeScript) ? asTypeScript : target;
}

/** Every file reachable from the entries through relative imports, with the findings of each. */
function walk(entries: readonly string[]): Map<string, string[]> {
  const results = new Map<string, string[]>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (results.has(file)) continue;
    const scan = scanSource(file, readFileSync(file, 'utf8'));
    results.set(file, scan.findings);
    for (const specifier of scan.relativeImports) queue.push(resolveImport(file, specifier));
  }
  return results;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('the checker itself', () => {
  it('finds every kind of violation', () => {
    const { findings } = scanSource(
      'bad.ts',
      [
        "import axios from 'axios';",
        "import { request } from 'undici';",
        "import { readFileSync } from 'node:fs';",
        "export { x } from 'lodash-es';",
        'setTimeout(() => undefined, 1);',
        "const bytes = Buffer.from('x');",
        'const g = globalThis.fetch;',
        'const env = process.env.HOME;',
        'const o = { process: 1 };',
        'const now = Date.now();',
        'const r = Math.random();',
        "const m = await import('fs');",
        "const c = require('crypto');",
      ].join('\n'),
    );
    expect(findings).toEqual(
      expect.arrayContaining([
        'import: axios',
        'import: undici',
        'import: node:fs',
        'import: lodash-es',
        'global: setTimeout',
        'global: Buffer',
        'global: globalThis',
        'global: process',
        'member: Date.now',
        'member: Math.random',
        'import: fs',
        'global: require',
      ]),
    );
    expect(findings.filter((finding) => finding === 'global: process')).toHaveLength(2);
  });

  it('ignores comments, strings and member names', () => {
    const { findings } = scanSource(
      'good.ts',
      [
        '// setTimeout(() => {}, 1); process.env.X; Date.now()',
        '/* globalThis Buffer */',
        "const text = 'the process and setTimeout( and Date.now()';",
        'const value = options.process ?? runtime.now() ?? self.setTimeout;',
        "import pLimit from 'p-limit';",
        "import { createHash } from 'crypto';",
      ].join('\n'),
    );
    expect(findings).toEqual([]);
  });
});

describe('the entry points the n8n package bundles (root and /advanced) are safe for n8n', () => {
  const graph = walk([resolve(SRC, 'index.ts'), resolve(SRC, 'advanced.ts')]);
  const files = [...graph.keys()];

  it('reaches every source file except the Node-only ones', () => {
    const nodeOnly = (file: string) => file.startsWith(`${resolve(SRC, 'node')}/`);
    const expected = sourceFiles(SRC)
      .filter((file) => file.endsWith('.ts') && !nodeOnly(file))
      .sort();
    // endpoints.ts and the threshold helpers in particular: they are re-exported, never imported by other modules.
    expect(files.sort()).toEqual(expected);
    expect(files).toContain(resolve(SRC, 'endpoints.ts'));
    expect(files).toContain(resolve(SRC, 'operations/helpers/threshold-evaluate.ts'));
    expect(files.some(nodeOnly)).toBe(false);
  });

  it('uses no restricted global, clock, randomness or package', () => {
    const offenders = files.flatMap((file) =>
      (graph.get(file) ?? []).map((finding) => `${relative(SRC, file)}: ${finding}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe('what graphql brings into an n8n bundle', () => {
  // core imports parse, Kind and GraphQLError. graphql reads `globalThis.process` in one module to pick
  // its production `instanceOf`; n8n's scanner lints the bundled `.js` (inline eslint-disable comments
  // ignored), so the n8n build must replace that expression (e.g. esbuild
  // `define: { 'globalThis.process': 'undefined' }`) and drop the dead branch. This pins the list, so a
  // graphql upgrade that adds another use is noticed here rather than by the scanner after publishing.
  const require = createRequire(import.meta.url);
  const graphqlDir = dirname(require.resolve('graphql/package.json'));
  const graph = walk(
    ['language/parser.mjs', 'language/kinds.mjs', 'error/GraphQLError.mjs'].map((file) =>
      join(graphqlDir, file),
    ),
  );

  it('uses restricted globals only in jsutils/instanceOf.mjs', () => {
    const offenders = [...graph.entries()]
      .filter(([, findings]) => findings.length > 0)
      .map(([file, findings]) => `${relative(graphqlDir, file)}: ${[...new Set(findings)].join(', ')}`);
    expect(offenders).toEqual(['jsutils/instanceOf.mjs: global: globalThis, global: process']);
  });
});
