// Injected into n8n bundles: `globalThis` in bundled dependencies (zod keeps its config there) is
// rewritten to this plain object, so the shipped code never names the real global.
export const __bundleGlobal = {};
