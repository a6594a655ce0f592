/**
 * How core is bundled into an n8n community node: one CommonJS file per entry, with zod, graphql and p-limit
 * inside (n8n ships zod 3 under `zod`, core needs zod 4; graphql is not on n8n's list). Two dependency
 * habits that n8n's scanner rejects are rewritten here: graphql reads `globalThis.process` (development
 * mode detection; replaced by `undefined`, which is production) and zod keeps its config on `globalThis`
 * (replaced by a plain object from an injected shim). The n8n package builds with these options and the
 * bundle-safety test in core checks their output, so both see the same bundle.
 */
import { URL, fileURLToPath } from 'node:url';

/** The module that defines `__bundleGlobal`, the stand-in for `globalThis`. */
export const BUNDLE_GLOBAL_SHIM = fileURLToPath(new URL('./n8n-bundle-global.mjs', import.meta.url));

/** Provided by n8n at run time: never bundled. */
export const N8N_PROVIDED = ['n8n-workflow'];

/**
 * esbuild options for an n8n bundle; `overrides` (entry points, outfile or outdir, write, minify, ...) are
 * merged over them.
 * @param {import('esbuild').BuildOptions} overrides
 * @returns {import('esbuild').BuildOptions}
 */
export function n8nBundleOptions(overrides = {}) {
  return {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    // Node built-ins stay `require()`s (platform node); n8n allows only `crypto`, which the check verifies.
    external: N8N_PROVIDED,
    define: { 'globalThis.process': 'undefined', globalThis: '__bundleGlobal' },
    inject: [BUNDLE_GLOBAL_SHIM],
    logLevel: 'silent',
    ...overrides,
  };
}
