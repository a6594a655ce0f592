/**
 * Core's entries bundled the way the n8n package bundles it (scripts/n8n-bundle.mjs: CommonJS, zod,
 * graphql and p-limit inside), then the OUTPUT checked for what n8n refuses in community nodes. The source
 * check in http-n8n-safety.test.ts sees only core's own files; this one sees what the dependencies bring
 * too, after the bundler's rewrites. The checker is shown to fail on a bundle that reads `process.env`.
 */
import { build, type BuildOptions } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { findN8nViolations } from '../scripts/n8n-bundle-check.mjs';
import { n8nBundleOptions } from '../scripts/n8n-bundle.mjs';

const CORE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Only `crypto` may stay a require(): zod must be core's zod 4 inside the bundle, never n8n's zod 3. */
const CORE_MAY_REQUIRE = ['crypto'];

interface Bundle {
  code: string;
  /** Input files, relative to core. */
  inputs: string[];
  /** The input files that left code in the bundle (the others were read, then shaken out). */
  kept: string[];
}

async function bundle(overrides: BuildOptions): Promise<Bundle> {
  const result = await build(n8nBundleOptions({ write: false, metafile: true, ...overrides }));
  const [output] = result.outputFiles ?? [];
  if (output === undefined) throw new Error('esbuild wrote nothing');
  const contributions = Object.values(result.metafile?.outputs ?? {}).flatMap((out) =>
    Object.entries(out.inputs),
  );
  return {
    code: output.text,
    inputs: Object.keys(result.metafile?.inputs ?? {}),
    kept: contributions.filter(([, { bytesInOutput }]) => bytesInOutput > 0).map(([input]) => input),
  };
}

/** A tiny entry that imports core, as an n8n node file would. */
const fixture = (contents: string): BuildOptions => ({
  stdin: { contents, resolveDir: CORE, sourcefile: 'fixture-node.ts', loader: 'ts' },
});

/** Both entries the n8n package takes from core: the root and `/advanced`. */
const N8N_ENTRY = fixture("export * from './src/index.ts';\nexport * from './src/advanced.ts';");

const names = (code: string, allowedModules?: readonly string[]) =>
  findN8nViolations(code, allowedModules ? { allowedModules } : {}).map(
    (finding) => `${finding.kind}: ${finding.name}`,
  );

describe('core bundled for n8n', () => {
  const main = bundle(N8N_ENTRY);

  it('carries zod, graphql and p-limit inside', async () => {
    const { inputs } = await main;
    for (const dependency of ['zod', 'graphql', 'p-limit']) {
      expect(inputs.some((input) => input.includes(`/node_modules/${dependency}/`))).toBe(true);
    }
  });

  it('carries zod/mini with its English messages only, never full zod or its other locales', async () => {
    const { kept } = await main;
    const zodFiles = kept.filter((input) => input.includes('/node_modules/zod/'));
    expect(zodFiles.some((input) => input.includes('/zod/v4/mini/'))).toBe(true);
    // Full zod (v4/classic) and the 40-odd locales were about 430 KB of this bundle.
    expect(zodFiles.filter((input) => input.includes('/zod/v4/classic/'))).toEqual([]);
    expect(zodFiles.filter((input) => /\/zod\/v4\/locales\/(?!en\.js|index\.js)/.test(input))).toEqual([]);
  });

  it('uses nothing n8n forbids: no restricted global, no require but crypto', async () => {
    const { code } = await main;
    expect(names(code, CORE_MAY_REQUIRE)).toEqual([]);
    // Not vacuous: the bundle does require crypto, and the checker sees that call.
    expect(code).toMatch(/require\("crypto"\)/);
    expect(names(code, [])).toEqual(['require: crypto']);
  });

  it('needs the define and the shim: without them graphql and zod bring globalThis and process', async () => {
    // graphql: `globalThis.process && process.env.NODE_ENV === ...` (the define folds it away);
    // zod: `globalThis.__zod_globalConfig` (the shim's object stands in).
    const { code } = await bundle({ ...N8N_ENTRY, define: {}, inject: [] });
    expect(new Set(names(code, CORE_MAY_REQUIRE))).toEqual(
      new Set(['global: globalThis', 'global: process']),
    );
  });

  it('runs where Node globals are absent (crypto, zod, graphql at work)', async () => {
    const { code } = await main;
    const nodeRequire = createRequire(import.meta.url);
    const module = { exports: {} as Record<string, unknown> };
    // A fresh context has the language's own globals only: no process, Buffer, timers or fetch.
    const context = createContext({
      module,
      exports: module.exports,
      require: (name: string) => {
        if (name !== 'crypto') throw new Error(`required ${name}`);
        return nodeRequire('crypto');
      },
      URL,
      URLSearchParams,
      TextEncoder,
      TextDecoder,
      AbortController,
      AbortSignal,
    });
    runInContext(code, context);
    const core = module.exports as Record<string, unknown>;
    const pkce = (core.createPkcePair as () => { codeChallenge: string })();
    expect(pkce.codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // zod and the operations, over a transport that answers from memory.
    let body: unknown = [{ id: 'site-1', name: 'Plant' }];
    const client = (core.createEcoStruxureClient as (options: unknown) => unknown)({
      baseUrl: 'https://api.example.test',
      credentials: { kind: 'personalAccessToken', token: 'bundle-test-token' },
      transport: { send: async () => ({ status: 200, headers: {}, body: JSON.stringify(body) }) },
      runtime: { now: () => 0, sleep: async () => undefined, random: () => 0.5 },
      retry: { maxAttempts: 1 },
    });
    const listSites = core.listSites as (client: unknown, params: unknown) => Promise<{ items: unknown[] }>;
    expect((await listSites(client, {})).items).toEqual([{ id: 'site-1', name: 'Plant' }]);
    // The message names the field in English: zod/mini has no messages of its own, core sets them
    // (alone in this context, with no other zod around to have set them first).
    body = [{ id: 'site-1', name: 5 }];
    const invalid = (await listSites(client, {}).catch((error: unknown) => error)) as Error & {
      code: string;
    };
    expect(invalid.code).toBe('INVALID_RESPONSE');
    expect(invalid.message).toContain('[0].name: Invalid input: expected string, received number.');
    // graphql: a syntax error is caught by its parser before anything is sent.
    const runQuery = core.runQuery as (client: unknown, params: unknown) => Promise<unknown>;
    await expect(runQuery(client, { query: '{ organization { id ' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'query',
    });
  });
});

describe('the checker', () => {
  it('fails a bundle whose node reads process.env', async () => {
    const { code } = await bundle(
      fixture(
        "import { createPkcePair } from './src/advanced.ts';\nexport const region = process.env.X;\nexport { createPkcePair };",
      ),
    );
    expect(names(code, CORE_MAY_REQUIRE)).toEqual(['global: process']);
    const [finding] = findN8nViolations(code, { allowedModules: CORE_MAY_REQUIRE });
    const line = code.split('\n')[(finding?.line ?? 0) - 1];
    expect(line).toContain('process.env.X');
  });

  it('finds timers, Buffer, fetch, built-ins and import() in a bundle', async () => {
    const { code } = await bundle({
      ...fixture(
        [
          "import { readFileSync } from 'node:fs';",
          "import { createHash } from 'crypto';",
          'export const wait = () => new Promise((done) => setTimeout(done, 1));',
          'export const stop = (id: number) => clearInterval(id);',
          "export const bytes = Buffer.from('x');",
          "export const get = () => fetch('http://127.0.0.1');",
          "export const later = () => import('lodash');",
          "export const read = () => readFileSync('x');",
          "export const hash = () => createHash('sha256');",
        ].join('\n'),
      ),
      external: ['lodash'],
    });
    expect(names(code)).toEqual([
      'require: node:fs',
      'global: setTimeout',
      'global: clearInterval',
      'global: Buffer',
      'global: fetch',
      'import: import()',
    ]);
  });

  it('flags globalThis, global, require as a value and computed requires', () => {
    const code = [
      'const a = globalThis.x;',
      'const b = global;',
      'const r = require;',
      "const c = require('zod' + '');",
      "const d = require('lodash/get');",
    ].join('\n');
    expect(names(code)).toEqual([
      'global: globalThis',
      'global: global',
      'require: (used as a value)',
      'require: (a computed name)',
    ]);
  });

  it('ignores strings, comments, property names and local variables with those names', () => {
    const code = [
      '"use strict";',
      '// process.env.X; setTimeout(f, 1)',
      "const text = 'process.env and setTimeout( and Buffer.from';",
      'const options = { process: 1, fetch: 2 };',
      'const value = options.process + options.fetch;',
      'function f(Buffer, setTimeout) { return Buffer + setTimeout; }',
      'var process = { env: {} };',
      'module.exports = { text, value, f, env: process.env };',
    ].join('\n');
    expect(names(code)).toEqual([]);
  });
});
